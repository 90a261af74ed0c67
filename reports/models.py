from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cell05.fields import NFCCharField, NFCTextField
from cell05.uploads import upload_path
from members.models import Cell, Member
from reports.choices import ReportKind, ReportState, SectionKey

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class Report(models.Model):
    """A report of the cell to the superior committee: a summary of several years of
    Directive 05 (the five-year report) or one year's report."""

    cell = models.ForeignKey(Cell, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR)
    number = models.PositiveIntegerField(_("number"), help_text=_("12 gives “Số 12-BC/CB”."))
    title = NFCTextField(_("title"))
    place = NFCCharField(_("place"), max_length=100, blank=True)
    report_date = models.DateField(_("date of the report"))
    recipients = NFCTextField(_("recipients"), help_text=_("One per line, as under “Nơi nhận”."))
    signer = models.ForeignKey(
        Member, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="signed_reports"
    )
    signer_title = NFCCharField(_("title of the signer"), max_length=100, default="BÍ THƯ")
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("corrects the version"),
        on_delete=models.PROTECT,
        related_name="next_version",
        null=True,
        blank=True,
    )
    final_figures = models.JSONField(_("figures when made final"), null=True, blank=True, editable=False)
    final_pdf = models.FileField(_("PDF when made final"), upload_to=upload_path, blank=True, editable=False)
    finalised_at = models.DateTimeField(_("made final at"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["final_figures"])

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["cell", "-report_date", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="report_years_in_order",
                violation_error_message=_("The last year comes before the first."),
            ),
            models.CheckConstraint(
                condition=~Q(state=ReportState.FINAL) | Q(final_figures__isnull=False),
                name="final_report_has_frozen_figures",
            ),
        ]

    def __str__(self):
        return f"{self.number_symbol} — {self.title}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", kwargs={"slug": self.cell.slug, "pk": self.pk})

    @property
    def number_symbol(self) -> str:
        return f"{self.number:02d}-BC/{self.cell.code}"

    @property
    def is_final(self) -> bool:
        return self.state == ReportState.FINAL


class ReportSection(models.Model):
    """A section of the report's body: a text the secretary edits, in which {tokens} stand for
    figures that the program places from the records."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="sections"
    )
    key = models.CharField(_("section"), max_length=20, choices=SectionKey.choices)
    text = NFCTextField(_("text"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("section of a report")
        verbose_name_plural = _("sections of reports")
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="one_section_of_each_kind"),
        ]

    def __str__(self):
        return str(self.get_key_display())
