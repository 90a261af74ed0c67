"""The members of a cell and their records: who was in the cell on a day, and the party group
and the committee role each held over spans of days."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cell05.fields import NFCCharField, NFCTextField
from cell05.history import HistoricalRecords
from cell05.reversing import reverse
from cell05.text import fold, vietnamese_sort_key
from cell05.versions import Versioned
from members.choices import CellRole, Gender, LeftReason, MemberStatus
from members.models.organisation import Cell, PartyGroup, in_force_on


def in_cell_on(day, via: str = "") -> Q:
    """The one definition of "a member of the cell on that day": joined by then (or from the
    records' start) and not yet left. `via` reaches a member through a relation, e.g.
    "member__" for pledges."""
    return (Q(**{f"{via}joined_on__isnull": True}) | Q(**{f"{via}joined_on__lte": day})) & (
        Q(**{f"{via}left_on__isnull": True}) | Q(**{f"{via}left_on__gt": day})
    )


class MemberQuerySet(models.QuerySet):
    def current(self):
        """The members in the cell today."""
        return self.as_of(timezone.localdate())

    def as_of(self, day):
        """The members in the cell on that day."""
        return self.filter(in_cell_on(day))

    def search(self, text: str, *, card_numbers: bool = False):
        """Matches names with or without diacritics ("nguyen" finds "Nguyễn"), and Party card
        numbers only for those who may see them: a search that answers is a way to read."""
        folded = fold(text)
        if not folded:
            return self
        query = Q()
        for word in folded.split():
            matches = Q(search_name__contains=word)
            if card_numbers:
                matches |= Q(card_number__icontains=word)
            query &= matches
        return self.filter(query)


class Member(Versioned):
    cell = models.ForeignKey(Cell, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="members")
    group = models.ForeignKey(
        PartyGroup,
        verbose_name=_("party group"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sign-in account"),
        on_delete=models.SET_NULL,
        related_name="member",
        null=True,
        blank=True,
    )
    full_name = NFCCharField(_("full name"), max_length=150)
    search_name = models.CharField(max_length=150, editable=False, db_index=True)
    # Three characters a letter of full_name, and the end (cell05.text.vietnamese_sort_key).
    sort_key = models.CharField(max_length=460, editable=False, db_index=True, default="")
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    admitted_on = models.DateField(_("date of admission to the Party"), null=True, blank=True)
    official_on = models.DateField(_("date of becoming an official member"), null=True, blank=True)
    card_number = models.CharField(_("Party card number"), max_length=20, blank=True)
    position = NFCCharField(_("position"), max_length=150, blank=True)
    workplace = NFCCharField(_("workplace"), max_length=200, blank=True)
    role = models.CharField(
        _("role in the cell"), max_length=20, choices=CellRole.choices, default=CellRole.MEMBER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.OFFICIAL
    )
    joined_on = models.DateField(
        _("date of joining the cell"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a member who has been in the cell from its records' start."),
    )
    left_on = models.DateField(_("date of leaving the cell"), null=True, blank=True)
    left_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=LeftReason.choices, blank=True
    )
    left_note = NFCTextField(_("note on leaving"), blank=True)
    history = HistoricalRecords(excluded_fields=["search_name", "sort_key"])

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("Party member")
        verbose_name_plural = _("Party members")
        ordering = ["group__order", "sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["card_number"],
                condition=~Q(card_number=""),
                name="member_card_number_unique",
                violation_error_message=_("Another member has this Party card number."),
            ),
            models.UniqueConstraint(
                fields=["cell"],
                condition=Q(role=CellRole.SECRETARY, left_on__isnull=True),
                name="one_current_secretary_per_cell",
                violation_error_message=_("The cell already has a secretary."),
            ),
            models.CheckConstraint(
                condition=Q(official_on__isnull=True)
                | Q(admitted_on__isnull=True)
                | Q(official_on__gte=F("admitted_on")),
                name="member_official_after_admission",
                violation_error_message=_("The member became official before being admitted."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True, left_reason="")
                | Q(left_on__isnull=False) & ~Q(left_reason=""),
                name="member_left_with_reason",
                violation_error_message=_("A member who left needs both the date and the reason."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        self.sort_key = vietnamese_sort_key(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name", "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("members:member_detail", kwargs={"slug": self.cell.slug, "pk": self.pk})

    def clean(self):
        errors = {}
        if self.group_id and self.cell_id and self.group.cell_id != self.cell_id:
            errors["group"] = _("This party group belongs to another cell.")
        if self.status == MemberStatus.OFFICIAL and not self.official_on:
            errors["official_on"] = _("An official member needs the date of becoming official.")
        if self.status == MemberStatus.PROBATIONARY and self.official_on:
            errors["status"] = _("A member with a date of becoming official is an official member.")
        if self.admitted_on and self.official_on and self.official_on < self.admitted_on:
            errors["official_on"] = _("The member became official before being admitted.")
        if self.date_of_birth and self.admitted_on and self.admitted_on.year - self.date_of_birth.year < 18:
            errors["admitted_on"] = _("A member is admitted at 18 years of age or older.")
        today = timezone.localdate()
        for field in ("date_of_birth", "admitted_on", "official_on", "joined_on", "left_on"):
            value = getattr(self, field)
            if value and value > today and field not in errors:
                errors[field] = _("This date is in the future.")
        if self.left_on and not self.left_reason:
            errors["left_reason"] = _("Say why the member left the cell.")
        if self.left_reason and not self.left_on:
            errors["left_on"] = _("Give the date the member left the cell.")
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            errors["left_on"] = _("The member left before joining the cell.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_left(self) -> bool:
        return self.left_on is not None


class DatedTerm(models.Model):
    """A span of a member's life in the cell, from a day (empty: from the records' start) until
    the day the next one begins (empty: still so)."""

    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = [F("started_on").asc(nulls_first=True), "pk"]


class GroupMembership(DatedTerm):
    """The party group a member was in over a span of days; `Member.group` is the group now."""

    member = models.ForeignKey(
        Member, verbose_name=_("Party member"), on_delete=models.CASCADE, related_name="group_terms"
    )
    group = models.ForeignKey(
        PartyGroup, verbose_name=_("party group"), on_delete=models.PROTECT, related_name="memberships"
    )

    class Meta(DatedTerm.Meta):
        verbose_name = _("membership of a party group")
        verbose_name_plural = _("memberships of party groups")
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True),
                name="one_open_group_membership_per_member",
                violation_error_message=_("The member is already in a group."),
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gt=F("started_on")),
                name="group_membership_ends_after_start",
                violation_error_message=_("A membership ends after it begins."),
            ),
        ]

    def __str__(self):
        return str(self.group)


class RoleTerm(DatedTerm):
    """A member's term in a role of the cell committee; `Member.role` is the role now. A plain
    member has no term."""

    member = models.ForeignKey(
        Member, verbose_name=_("Party member"), on_delete=models.CASCADE, related_name="role_terms"
    )
    role = models.CharField(_("role in the cell"), max_length=20, choices=CellRole.choices)

    class Meta(DatedTerm.Meta):
        verbose_name = _("term in a role")
        verbose_name_plural = _("terms in roles")
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True),
                name="one_open_role_term_per_member",
                violation_error_message=_("The member already holds a role."),
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gt=F("started_on")),
                name="role_term_ends_after_start",
                violation_error_message=_("A term ends after it begins."),
            ),
        ]

    def __str__(self):
        return str(self.get_role_display())


def group_on(day, via: str = "") -> Case:
    """The member's group on the day, as an expression: the dated membership then; for a member
    whose group was never dated (records kept before groups had dates), the group now."""
    member = OuterRef(f"{via}pk" if via else "pk")
    terms = GroupMembership.objects.filter(member=member)
    return Case(
        When(Exists(terms), then=Subquery(terms.filter(in_force_on(day)).values("group")[:1])),
        default=F(f"{via}group"),
        output_field=models.BigIntegerField(),
    )


def held_role_on(day, role: str, via: str = "") -> Q:
    """The member held the role on the day: a term then; for a member whose roles were never
    dated, the role now."""
    member = OuterRef(f"{via}pk" if via else "pk")
    terms = RoleTerm.objects.filter(member=member)
    return Q(Exists(terms.filter(in_force_on(day), role=role))) | (
        ~Q(Exists(terms)) & Q(**{f"{via}role": role})
    )
