"""The organisation a member belongs to: the superior committees, their cells and the cells'
moves between them, the party groups, and the names each bore by date."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cell05.fields import NFCCharField
from cell05.history import HistoricalRecords
from cell05.reversing import reverse
from cell05.versions import Versioned
from members.choices import KIND_RULES, CommitteeKind


def issuing_name_of(name: str, rules=None) -> str:
    """The body that issues the documents of a Party organisation: "Đảng bộ huyện Yên Thành"
    issues as "Huyện ủy Yên Thành", "Đảng bộ Khối …" as "Đảng ủy Khối …". `rules` are its
    kind's (members.choices.KindRules); without them (the body above a committee, known by its
    name only) the kind is read from the word after "Đảng bộ", the longest that fits."""
    words = name.split()
    if [word.casefold() for word in words[:2]] != ["đảng", "bộ"]:
        return name
    rest = words[2:]
    candidates = [rules] if rules else sorted(KIND_RULES.values(), key=lambda kind: -len(kind.unit.split()))
    for kind in candidates:
        unit = kind.unit.split()
        if unit and [word.casefold() for word in rest[: len(unit)]] == unit:
            return " ".join([kind.committee, *rest[len(unit) :]])
    return " ".join(["Đảng ủy", *rest])


class SuperiorCommittee(Versioned):
    """The Party committee a cell reports to; its office reads every cell under it."""

    name = NFCCharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CommitteeKind.choices)
    code = models.CharField(
        _("document symbol"),
        max_length=20,
        help_text=_("The symbol in the committee's document numbers, e.g. HU in 46-KH/HU."),
    )
    place = NFCCharField(
        _("place name"),
        max_length=100,
        blank=True,
        help_text=_("Written before the date of the committee's documents."),
    )
    superior_name = NFCCharField(
        _("the body above it"),
        max_length=200,
        blank=True,
        help_text=_("Printed above the committee's name at the head of its own documents."),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("office staff"),
        related_name="superior_committees",
        blank=True,
        help_text=_("Accounts that read every cell under this committee, without changing anything."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("superior committee")
        verbose_name_plural = _("superior committees")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def issuing_name(self) -> str:
        """The body that issues and signs its documents, as the head of them names it: the
        organisation "Đảng bộ huyện Yên Thành" issues as "Huyện ủy Yên Thành"."""
        return issuing_name_of(self.name, KIND_RULES[self.kind])

    @property
    def standing_committee(self) -> str:
        """Its Standing Committee, named in full: "Ban Thường vụ Huyện ủy Yên Thành"."""
        return f"Ban Thường vụ {self.issuing_name}"

    @property
    def leading_body(self) -> str:
        """Who leads its cells' work and signs on its behalf: its Standing Committee ("Ban
        Thường vụ Huyện ủy Yên Thành"), or the Party committee itself ("Đảng ủy xã Yên Thành")."""
        return self.standing_committee if self.standing_committee_signs else self.issuing_name

    @property
    def superior_standing_committee(self) -> str:
        """The Standing Committee of the body above it, which its reports are sent to: "Đảng bộ
        tỉnh Nghệ An" above gives "Ban Thường vụ Tỉnh ủy Nghệ An"; empty while none is named."""
        if not self.superior_name.strip():
            return ""
        return f"Ban Thường vụ {issuing_name_of(self.superior_name)}"

    @property
    def standing_committee_signs(self) -> bool:
        """Whether its Standing Committee signs on its behalf ("T/M BAN THƯỜNG VỤ"), or the
        committee itself ("T/M ĐẢNG ỦY")."""
        return KIND_RULES[self.kind].standing_committee_signs

    def existed_on(self, day) -> bool:
        """Whether a committee of its kind could exist on the day (the districts ended on
        30/06/2025, the special zones began on 01/07/2025)."""
        rules = KIND_RULES[self.kind]
        return (rules.first_day is None or rules.first_day <= day) and (
            rules.last_day is None or day <= rules.last_day
        )


class Cell(Versioned):
    committee = models.ForeignKey(
        SuperiorCommittee,
        verbose_name=_("superior committee"),
        on_delete=models.PROTECT,
        related_name="cells",
    )
    name = NFCCharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    code = models.CharField(
        _("document symbol"),
        max_length=20,
        help_text=_("The symbol in the cell's document numbers, e.g. CB in 06-KH/CB."),
    )
    place = NFCCharField(
        _("place name"),
        max_length=100,
        blank=True,
        help_text=_("Written before the date of the cell's documents."),
    )
    # Replaced whenever a record that the figures count changes in the cell (figures.cache).
    figures_stamp = models.UUIDField(default=uuid.uuid4, editable=False)
    history = HistoricalRecords(excluded_fields=["figures_stamp"])

    class Meta:
        verbose_name = _("cell")
        verbose_name_plural = _("cells")
        ordering = ["committee__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="cell_name_unique_in_committee"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:cell_detail", kwargs={"slug": self.slug})


class CellMove(models.Model):
    """A cell moved from one superior committee to another on a day: the first day under the
    new one. The cell belonged to `from_committee` from its previous move (or its records'
    start) to the day before; `Cell.committee` is the committee since its last move. A document
    names the committee of its own date (`members.selectors.committee_of`)."""

    cell = models.ForeignKey(Cell, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="moves")
    from_committee = models.ForeignKey(
        SuperiorCommittee,
        verbose_name=_("former superior committee"),
        on_delete=models.PROTECT,
        related_name="cells_moved_away",
    )
    to_committee = models.ForeignKey(
        SuperiorCommittee,
        verbose_name=_("new superior committee"),
        on_delete=models.PROTECT,
        related_name="cells_moved_in",
    )
    moved_on = models.DateField(_("first day under the new committee"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("move of a cell")
        verbose_name_plural = _("moves of cells")
        ordering = ["cell_id", "moved_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "moved_on"],
                name="one_move_of_a_cell_a_day",
                violation_error_message=_("The cell already moved on this day."),
            ),
            models.CheckConstraint(
                condition=~Q(from_committee=F("to_committee")),
                name="cell_move_between_two_committees",
                violation_error_message=_("A cell moves to another committee than its own."),
            ),
        ]

    def __str__(self):
        return f"{self.cell} → {self.to_committee} ({self.moved_on:%d/%m/%Y})"


def in_force_on(day, start: str = "started_on", end: str = "ended_on") -> Q:
    """A dated fact holds on the day: begun by then (an empty start: from the records' start)
    and not yet ended (it ends on the day its successor begins)."""
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": day})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day})
    )


class DatedName(models.Model):
    """A name a cell or a group bore from a day until the next name's day: what a document
    dated then prints. The record's own `name` is the name now."""

    name = NFCCharField(_("name"), max_length=200)
    used_from = models.DateField(
        _("in use from"), null=True, blank=True, help_text=_("Empty: from the records' start.")
    )

    class Meta:
        abstract = True
        ordering = [F("used_from").asc(nulls_first=True)]

    def __str__(self):
        return self.name


class CellName(DatedName):
    cell = models.ForeignKey(Cell, verbose_name=_("cell"), on_delete=models.CASCADE, related_name="names")

    class Meta(DatedName.Meta):
        verbose_name = _("name of the cell")
        verbose_name_plural = _("names of the cell")
        constraints = [
            models.UniqueConstraint(fields=["cell", "used_from"], name="cell_name_one_per_day"),
            models.UniqueConstraint(
                fields=["cell"], condition=Q(used_from__isnull=True), name="cell_name_one_first"
            ),
        ]


class PartyGroupQuerySet(models.QuerySet):
    def existing_on(self, day):
        """The groups that existed on the day: created by then, not yet dissolved."""
        return self.filter(in_force_on(day, "created_on", "dissolved_on"))

    def current(self):
        return self.existing_on(timezone.localdate())


class PartyGroup(Versioned):
    cell = models.ForeignKey(Cell, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="groups")
    name = NFCCharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(
        _("order"), help_text=_("Groups take their turns in this order.")
    )
    leader = models.ForeignKey(
        "Member",
        verbose_name=_("group leader"),
        on_delete=models.SET_NULL,
        related_name="led_groups",
        null=True,
        blank=True,
    )
    created_on = models.DateField(
        _("date of creation"), null=True, blank=True, help_text=_("Empty: from the records' start.")
    )
    # A dissolved group is kept: the reports of the days it existed count it.
    dissolved_on = models.DateField(_("date of dissolution"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        related_name="merged_groups",
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    objects = PartyGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("party group")
        verbose_name_plural = _("party groups")
        ordering = ["cell_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "name"],
                name="group_name_unique_in_cell",
                violation_error_message=_("The cell already has a group of this name."),
            ),
            models.UniqueConstraint(
                fields=["cell", "order"],
                name="group_order_unique_in_cell",
                violation_error_message=_("Another group of the cell has this place in the order."),
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(created_on__isnull=True)
                | Q(dissolved_on__gte=F("created_on")),
                name="group_dissolved_after_creation",
                violation_error_message=_("A group cannot be dissolved before it was created."),
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(dissolved_on__isnull=False),
                name="group_merged_is_dissolved",
                violation_error_message=_("A group merged into another is dissolved on that day."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_dissolved(self) -> bool:
        return self.dissolved_on is not None


class PartyGroupName(DatedName):
    group = models.ForeignKey(
        PartyGroup, verbose_name=_("party group"), on_delete=models.CASCADE, related_name="names"
    )

    class Meta(DatedName.Meta):
        verbose_name = _("name of the party group")
        verbose_name_plural = _("names of the party group")
        constraints = [
            models.UniqueConstraint(fields=["group", "used_from"], name="group_name_one_per_day"),
            models.UniqueConstraint(
                fields=["group"], condition=Q(used_from__isnull=True), name="group_name_one_first"
            ),
        ]
