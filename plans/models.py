import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cell05.fields import NFCCharField, NFCTextField
from cell05.history import HistoricalRecords
from cell05.periods import YEAR_VALIDATORS
from cell05.reversing import reverse
from cell05.text import vietnamese_sort_key
from cell05.uploads import upload_path  # the migrations name it here
from cell05.versions import Versioned
from members.models import Cell, Member, PartyGroup
from plans.choices import (
    MONDAY_STATE_BADGES,
    PLEDGE_STATE_BADGES,
    Aspect,
    DocumentDirection,
    DocumentKind,
    ItemResult,
    MondayState,
    PledgeState,
    Rating,
    StoryKind,
    StudyForm,
)


class StudyYear(Versioned):
    """A cell's year of Directive 05 work: the theme it studies and what it focuses on."""

    cell = models.ForeignKey(Cell, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    theme = NFCTextField(
        _("theme of the year"),
        help_text=_("The theme (chuyên đề) set for the year by the centre or the province."),
    )
    pledge_deadline = models.DateField(_("deadline for pledges"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study year")
        verbose_name_plural = _("study years")
        # By the column: ordering by the relation would join the cell and its committee, for
        # their own ordering, into every query of the model (as everywhere below).
        ordering = ["cell_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "year"],
                name="study_year_unique_in_cell",
                violation_error_message=_("The cell already has this year."),
            ),
        ]
        # The superior committee's table finds a year's pledges through the study years of
        # that year: without it PostgreSQL reads every year of every cell of the province.
        indexes = [models.Index(fields=["year"], name="study_year_year_idx")]

    def __str__(self):
        return str(self.year)

    def get_absolute_url(self):
        return reverse("plans:year_detail", kwargs={"slug": self.cell.slug, "year": self.year})


class KeyContent(models.Model):
    """A key, breakthrough content (nội dung trọng tâm, đột phá) the cell chose for the year."""

    study_year = models.ForeignKey(
        StudyYear, verbose_name=_("study year"), on_delete=models.CASCADE, related_name="key_contents"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text = NFCTextField(_("content"))

    class Meta:
        verbose_name = _("key content")
        verbose_name_plural = _("key contents")
        ordering = ["study_year_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["study_year", "order"], name="key_content_order_unique"),
        ]

    def __str__(self):
        return self.text


class RegisterDocument(Versioned):
    """A document of a register: issued by its owner or received from above. A cell keeps one
    (CellDocument), and so does a superior committee's office (reports.CommitteeDocument)."""

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    direction = models.CharField(_("issued or received"), max_length=10, choices=DocumentDirection.choices)
    number = NFCCharField(
        _("number and symbol"), max_length=50, help_text=_("As printed on the document, e.g. 06-KH/CB.")
    )
    issued_on = models.DateField(_("date of issue"))
    issuer = NFCCharField(
        _("issuing body"), max_length=200, help_text=_("e.g. Ban Thường vụ Huyện ủy, Chi bộ.")
    )
    title = NFCTextField(_("title"))
    summary = NFCTextField(_("summary"), blank=True)
    # A register also keeps what has nothing to do with the Directive (a disaster-prevention
    # board, a year-end conference): the reports cite only what carries it out.
    on_directive_05 = models.BooleanField(
        _("carries out Directive 05 / Conclusion 01"),
        default=False,
        help_text=_(
            "Only such documents are cited in the reports; a guidance received so marked is the one "
            "the reports answer."
        ),
    )
    file = models.FileField(_("file"), upload_to=upload_path, blank=True)
    file_name = models.CharField(_("original file name"), max_length=200, blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"

    @property
    def kind_and_title(self) -> str:
        """The kind before the title ("Kế hoạch: Tổ chức hội nghị…"), unless the title begins
        with it ("Hướng dẫn tổng kết…"): the kind is not said twice."""
        kind = str(self.get_kind_display())
        if self.title.casefold().startswith(kind.casefold()):
            return self.title
        return f"{kind}: {self.title}"


class CellDocument(RegisterDocument):
    """A document of the cell's register: issued by the cell or received from above."""

    cell = models.ForeignKey(Cell, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="documents")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cell document")
        verbose_name_plural = _("cell documents")
        ordering = ["cell_id", "-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "number", "issued_on"],
                name="document_number_unique_in_cell",
                violation_error_message=_("The register already has a document with this number and date."),
            ),
        ]


class StudySession(Versioned):
    """A session in which the cell studied the year's theme, with who attended."""

    study_year = models.ForeignKey(
        StudyYear, verbose_name=_("study year"), on_delete=models.PROTECT, related_name="sessions"
    )
    held_on = models.DateField(_("date"))
    form = models.CharField(_("form"), max_length=20, choices=StudyForm.choices)
    content = NFCTextField(_("content"))
    attendees = models.ManyToManyField(
        Member, verbose_name=_("members who attended"), related_name="study_sessions", blank=True
    )
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        ordering = ["study_year_id", "held_on", "pk"]

    def __str__(self):
        return f"{self.get_form_display()} {self.held_on:%d/%m/%Y}"

    @property
    def cell_id(self):
        return self.study_year.cell_id


class Pledge(Versioned):
    """A member's yearly pledge of what to study and follow, its assessment and its rating."""

    STATE_BADGES = PLEDGE_STATE_BADGES

    member = models.ForeignKey(
        Member, verbose_name=_("Party member"), on_delete=models.PROTECT, related_name="pledges"
    )
    study_year = models.ForeignKey(
        StudyYear, verbose_name=_("study year"), on_delete=models.PROTECT, related_name="pledges"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=PledgeState.choices, default=PledgeState.DRAFT, db_index=True
    )
    return_comment = NFCTextField(_("comment on return"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        Member,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    self_assessment = NFCTextField(_("self-assessment"), blank=True)
    self_assessed_at = models.DateTimeField(_("self-assessed at"), null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    evaluation_comment = NFCTextField(_("comment of the cell"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        Member,
        verbose_name=_("evaluated by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reflection_text = NFCTextField(_("study reflection"), blank=True)
    reflection_file = models.FileField(_("study reflection file"), upload_to=upload_path, blank=True)
    reflection_file_name = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["study_year_id", "member__group__order", "member__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "study_year"],
                name="one_pledge_per_member_per_year",
                violation_error_message=_("This member already has a pledge for this year."),
            ),
            # Validated once, by the form that sets their fields (plans.forms.pledges.EvaluateForm);
            # the services leave them to the database.
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100),
                name="pledge_score_at_most_100",
                violation_error_message=_("A score is at most 100."),
            ),
            models.CheckConstraint(
                condition=~Q(state=PledgeState.EVALUATED) | ~Q(rating=""),
                name="evaluated_pledge_has_rating",
                violation_error_message=_("An evaluated pledge needs a rating."),
            ),
        ]

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The row as read: a save that leaves the counted fields as they were keeps the cell's
        # figures (figures.cache).
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        # Some fields were read again, and what the row held before is no longer known.
        self.__dict__.pop("_loaded_values", None)

    def __str__(self):
        return _("Pledge of %(member)s for %(year)s") % {"member": self.member, "year": self.study_year}

    def get_absolute_url(self):
        return reverse("plans:pledge_detail", kwargs={"slug": self.member.cell.slug, "pk": self.pk})

    @property
    def cell_id(self):
        return self.member.cell_id


class PledgeItem(models.Model):
    """One thing the member pledges to do, and at year end how it went."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    action = NFCTextField(_("what I will do"))
    aspect = models.CharField(_("follows Hồ Chí Minh's"), max_length=10, choices=Aspect.choices)
    target = NFCCharField(_("measurable target"), max_length=300)
    timeframe = NFCCharField(
        _("when"), max_length=100, help_text=_("e.g. all year, every month, by the second quarter.")
    )
    result = models.CharField(_("result"), max_length=10, choices=ItemResult.choices, blank=True)
    result_note = NFCTextField(_("note on the result"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pledge item")
        verbose_name_plural = _("pledge items")
        ordering = ["pledge_id", "order", "pk"]

    def __str__(self):
        return self.action


class Story(Versioned):
    """An article, a story or a teaching of Uncle Hồ, collected for the Monday sessions."""

    cell = models.ForeignKey(Cell, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="stories")
    title = NFCCharField(pgettext_lazy("story", "title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=StoryKind.choices)
    source = NFCCharField(
        _("source"), max_length=300, blank=True, help_text=_("The book, newspaper or website it comes from.")
    )
    text = NFCTextField(_("text"), help_text=_("The text, or a summary of it, as it is read out."))
    # Three characters a letter of the title, and the end (cell05.text.vietnamese_sort_key).
    sort_key = models.CharField(max_length=910, editable=False, default="")
    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["cell_id", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "title"],
                name="story_title_unique_in_cell",
                violation_error_message=_("The library already has a story with this title."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.sort_key = vietnamese_sort_key(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("plans:story_detail", kwargs={"slug": self.cell.slug, "pk": self.pk})


class MondayDayOff(models.Model):
    """A Monday on which the cell holds no session, besides the public holidays."""

    cell = models.ForeignKey(Cell, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="days_off")
    day = models.DateField(_("date"))
    reason = NFCCharField(_("reason"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("day off")
        verbose_name_plural = _("days off")
        ordering = ["cell_id", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "day"],
                name="day_off_unique_in_cell",
                violation_error_message=_("This day is already marked off."),
            ),
        ]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {self.reason}"

    def clean(self):
        if self.day and self.day.weekday() != 0:
            raise ValidationError({"day": _("Sessions are held on Mondays: choose a Monday.")})


class MondaySession(Versioned):
    """The 15-minute session of a Monday morning: a party group's representative reads an
    article, a story or a teaching of Uncle Hồ to everyone in the agencies."""

    STATE_BADGES = MONDAY_STATE_BADGES

    # No index of its own: the unique (cell, day) index serves lookups by cell and, unlike a
    # cell-only index that PostgreSQL prefers, by cell and a span of days (a year of the
    # committee's table) without reading the cell's other years.
    cell = models.ForeignKey(
        Cell,
        verbose_name=_("cell"),
        on_delete=models.PROTECT,
        related_name="monday_sessions",
        db_index=False,
    )
    day = models.DateField(_("date"))
    group = models.ForeignKey(
        PartyGroup, verbose_name=_("party group on duty"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=MondayState.choices, default=MondayState.PLANNED, db_index=True
    )
    reader = models.ForeignKey(
        Member,
        verbose_name=_("reader"),
        on_delete=models.PROTECT,
        related_name="monday_readings",
        null=True,
        blank=True,
    )
    story = models.ForeignKey(
        Story,
        verbose_name=_("material"),
        on_delete=models.PROTECT,
        related_name="sessions",
        null=True,
        blank=True,
    )
    attendance = models.PositiveSmallIntegerField(
        _("people who attended"), null=True, blank=True, validators=[MaxValueValidator(2000)]
    )
    note = NFCTextField(_("note"), blank=True)
    not_held_reason = NFCTextField(_("why it was not held"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Monday session")
        verbose_name_plural = _("Monday sessions")
        ordering = ["cell_id", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "day"],
                name="one_monday_session_per_cell_per_day",
                violation_error_message=_("The cell already has a session on this day."),
            ),
            models.CheckConstraint(
                condition=~Q(state=MondayState.NOT_HELD) | ~Q(not_held_reason=""),
                name="monday_session_not_held_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(attendance__isnull=True) | Q(attendance__lte=2000),
                name="monday_session_attendance_at_most_2000",
            ),
        ]

    def __str__(self):
        return _("Monday session of %(day)s") % {"day": f"{self.day:%d/%m/%Y}"}

    def clean(self):
        errors = {}
        if self.day and self.day.weekday() != 0:
            errors["day"] = _("Sessions are held on Mondays.")
        if self.group_id and self.cell_id and self.group.cell_id != self.cell_id:
            errors["group"] = _("The group belongs to another cell.")
        if self.state != MondayState.PLANNED and self.day and self.day > timezone.localdate():
            errors["state"] = _("A session can be recorded as held or not held only on its day or after.")
        if self.state == MondayState.HELD:
            if self.reader_id is None:
                errors["reader"] = _("Say who read.")
            if self.attendance is None:
                errors["attendance"] = _("Say how many people attended.")
            elif self.attendance == 0:
                errors["attendance"] = _("A session that was held had at least one listener.")
        if self.state == MondayState.NOT_HELD:
            if not self.not_held_reason.strip():
                errors["not_held_reason"] = _("Say why the session was not held.")
            if self.attendance:
                errors["attendance"] = _("A session that was not held has no attendance.")
        if errors:
            raise ValidationError(errors)


class CalendarToken(models.Model):
    """A member's secret address of the calendar feed, which a phone's calendar polls without
    signing in. The key finds the row; the secret opens it. Only the secret's SHA-256 is kept,
    so that a copy of the database opens no feed: the address is shown once, when it is made,
    and renewing gives key and secret anew, so the old address answers 404. The row goes when
    the account closes or the member leaves: a reopened account makes a new address."""

    member = models.OneToOneField(
        Member, verbose_name=_("Party member"), on_delete=models.CASCADE, related_name="calendar_token"
    )
    key = models.CharField(_("key"), max_length=32, unique=True)
    # 256 random bits: a plain SHA-256 is enough, no guess comes near (a slow hash is for passwords).
    secret_hash = models.CharField(_("SHA-256 of the secret"), max_length=64)
    renewed_at = models.DateTimeField(_("renewed at"))
    # The history says who renewed the address and when, never what it was.
    history = HistoricalRecords(excluded_fields=["secret_hash"])

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        ordering = ["member_id"]

    def __str__(self):
        return _("Calendar address of %(member)s") % {"member": self.member}

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()
