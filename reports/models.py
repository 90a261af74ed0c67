from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cell05.fields import NFCCharField, NFCTextField
from cell05.history import HistoricalRecords
from cell05.periods import SPAN_ERROR, SPAN_VALIDATORS, YEAR_VALIDATORS, Period, proposed_span
from cell05.reversing import reverse
from cell05.uploads import upload_path
from members.models import Cell, Member, SuperiorCommittee
from plans.models import RegisterDocument
from reports.choices import REPORT_STATE_BADGES, ReportKind, ReportState, SectionKey


class ReportBase(models.Model):
    """What every report sent upward has: its kind and years, its number, title, place and
    date, the recipients, the signer's title, and its life (a draft, then final with its figures
    and its PDF kept; a correction is a new version)."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    number = models.PositiveIntegerField(_("number"), help_text=_("12 gives “Số 12-BC/CB”."))
    # The years the title and the text name, set apart from the figures' period: a review of
    # 2016–2025 dated 19/05/2025 counts its days to that date, and is named "Tổng kết 10 năm".
    span = models.PositiveSmallIntegerField(
        _("years named"),
        blank=True,
        validators=SPAN_VALIDATORS,
        help_text=_(
            "The years the title and every sentence name: “Sơ kết 05 năm”, and “Tổng kết” from 10. Left "
            "empty, the years since Directive 05 (2021 − 2016 = 5), or the years of a period that begins "
            "later."
        ),
    )
    title = NFCTextField(_("title"))
    place = NFCCharField(_("place"), max_length=100, blank=True)
    report_date = models.DateField(_("date of the report"))
    recipients = NFCTextField(_("recipients"), help_text=_("One per line, as under “Nơi nhận”."))
    signer_title = NFCCharField(_("title of the signer"), max_length=100, default="BÍ THƯ")
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    version = models.PositiveSmallIntegerField(pgettext_lazy("report edition", "version"), default=1)
    # `version` is the edition (v1, v2: a final report is corrected by a new version); the saves
    # of one edition are counted here, so that a stale edit is refused (cell05/versions.py).
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    final_figures = models.JSONField(_("figures when made final"), null=True, blank=True, editable=False)
    final_pdf = models.FileField(_("PDF when made final"), upload_to=upload_path, blank=True, editable=False)
    finalised_at = models.DateTimeField(_("made final at"), null=True, blank=True, editable=False)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("corrects the version"),
        on_delete=models.PROTECT,
        related_name="next_version",
        null=True,
        blank=True,
    )

    VERSION_FIELD = "revision"
    STATE_BADGES = REPORT_STATE_BADGES

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="%(class)s_years_in_order",
                violation_error_message=_("The last year comes before the first."),
            ),
            models.CheckConstraint(
                condition=Q(span__gte=1, span__lte=50),
                name="%(class)s_span_in_range",
                violation_error_message=SPAN_ERROR,
            ),
            models.CheckConstraint(
                condition=~Q(state=ReportState.FINAL) | Q(final_figures__isnull=False),
                name="final_%(class)s_has_frozen_figures",
            ),
        ]

    def __str__(self):
        return f"{self.number_symbol} — {self.title}"

    @property
    def file_title(self) -> str:
        """The name its PDF is saved under, a cell's or a committee's, draft or final:
        "07-BC/CB Sơ kết 05 năm … v2" (the download cleans the slash)."""
        return f"{self.number_symbol} {self.title} v{self.version}"

    @property
    def period(self) -> Period:
        """From the first day of its first year to its date, or the end of its last year."""
        return Period.of_years(self.start_year, self.end_year, as_of=self.report_date)

    @property
    def proposed_span(self) -> int:
        return proposed_span(self.start_year, self.end_year, self.report_date)


class Report(ReportBase):
    """A report of the cell to the superior committee: a review of several years of
    Directive 05 (sơ kết, tổng kết) or one year's report."""

    cell = models.ForeignKey(Cell, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="reports")
    # Empty while the cell has no secretary: the name is then written by hand under the signature.
    signer = models.ForeignKey(
        Member,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="signed_reports",
        null=True,
        blank=True,
    )
    history = HistoricalRecords(excluded_fields=["final_figures"])

    class Meta(ReportBase.Meta):
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["cell_id", "-report_date", "-version"]

    def get_absolute_url(self):
        return reverse("reports:report_detail", kwargs={"slug": self.cell.slug, "pk": self.pk})

    @property
    def number_symbol(self) -> str:
        return f"{self.number:02d}-BC/{self.cell.code}"


class SectionBase(models.Model):
    """A section of a report's body: a text its writer edits, in which {tokens} stand for
    figures that the program places from the records."""

    key = models.CharField(_("section"), max_length=20, choices=SectionKey.choices)
    text = NFCTextField(_("text"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.get_key_display())


class ReportSection(SectionBase):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="sections"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("section of a report")
        verbose_name_plural = _("sections of reports")
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="one_section_of_each_kind"),
        ]


class CommitteeReport(ReportBase):
    """The superior committee's own report over all its cells, written by its office from the
    same figures as the cells' reports, issued in the committee's name ("HUYỆN ỦY YÊN THÀNH")
    and signed on behalf of its Standing Committee or of the Party committee, by its kind."""

    committee = models.ForeignKey(
        SuperiorCommittee,
        verbose_name=_("superior committee"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    # Who signed this report: the committee's secretary or a deputy of its date, kept with the
    # report (the person who signs changes; a new report begins with the last one's signer).
    signer_name = NFCCharField(
        _("name of the signer"),
        max_length=150,
        blank=True,
        help_text=_("The report cannot be made final without it."),
    )
    history = HistoricalRecords(excluded_fields=["final_figures"])

    class Meta(ReportBase.Meta):
        verbose_name = _("report of the superior committee")
        verbose_name_plural = _("reports of the superior committee")
        ordering = ["committee_id", "-report_date", "-version"]

    def get_absolute_url(self):
        return reverse("reports:committee_report_detail", kwargs={"pk": self.committee_id, "report": self.pk})

    @property
    def number_symbol(self) -> str:
        return f"{self.number:02d}-BC/{self.committee.code}"


class CommitteeReportSection(SectionBase):
    report = models.ForeignKey(
        CommitteeReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="sections"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("section of a committee's report")
        verbose_name_plural = _("sections of committees' reports")
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="one_committee_section_of_each_kind"),
        ]


class CommitteeDocument(RegisterDocument):
    """A document of the committee's register, kept by its office as a cell keeps its own
    (plans.CellDocument): the guidance received from above that its report answers, and
    what the committee issued."""

    committee = models.ForeignKey(
        SuperiorCommittee,
        verbose_name=_("superior committee"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee document")
        verbose_name_plural = _("committee documents")
        ordering = ["committee_id", "-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number", "issued_on"],
                name="document_number_unique_in_committee",
                violation_error_message=_("The register already has a document with this number and date."),
            ),
        ]
