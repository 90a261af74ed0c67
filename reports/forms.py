import copy

from django import forms
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cell05.forms import ChoicePromptMixin, TypedTextField
from cell05.periods import FIRST_YEAR, LAST_YEAR, SPAN_VALIDATORS, Period, proposed_span
from cell05.versions import VersionedFormMixin
from figures.models import EnteredYearFigures
from members.choices import CellRole
from members.forms import DateInput
from members.models import Cell, Member, SuperiorCommittee
from members.selectors import committee_of
from plans.forms.years import RegisterDocumentForm
from reports.choices import CommitteeSigner, ReportKind, SectionKey
from reports.document.committee_texts import committee_recipients
from reports.document.texts import default_recipients, default_title
from reports.limits import (
    RECIPIENTS_MAX_CHARS,
    SECTION_MAX_CHARS,
    TITLE_MAX_CHARS,
    recipients_errors,
    section_errors,
    title_errors,
)
from reports.models import CommitteeDocument, CommitteeReport, Report
from reports.services.entered import ENTERED_FIELDS
from reports.services.kinds import COMMITTEE_HEADER_FIELDS, HEADER_FIELDS


class ReportHeaderForm(ChoicePromptMixin, forms.ModelForm):
    """What a report's header asks, for a cell's report and a committee's alike: the kind, the
    years, the years it names (left empty, proposed), the number, the title (left empty, it
    follows the kind, the period and the span), the place, the date, the recipients and the
    signer."""

    WIDGETS = {
        "report_date": DateInput(),
        "title": forms.Textarea(attrs={"rows": 2, "maxlength": TITLE_MAX_CHARS}),
        "recipients": forms.Textarea(attrs={"rows": 3, "maxlength": RECIPIENTS_MAX_CHARS}),
    }

    def __init__(self, *args, instance=None, symbol: str, **kwargs):
        # The form checks a copy: the page shows the report again with the form, and must not
        # show (nor compute its figures from) a refused value such as year 0.
        super().__init__(*args, instance=copy.copy(instance), **kwargs)
        # The writer's own symbol: a committee's reports are numbered "12-BC/HU", a cell's "12-BC/CB".
        self.fields["number"].help_text = _("12 gives “Số 12-BC/%(symbol)s”.") % {"symbol": symbol}
        # The model's own limits and message, not the generic "greater than or equal to 0" of a
        # positive integer's form field.
        self.fields["span"].validators = list(SPAN_VALIDATORS)
        self.fields["span"].widget.attrs.update(min=1, max=50)

    def set_defaults(self, *, last_number: int, place: str, recipients: str) -> None:
        this_year = timezone.localdate().year
        self.initial.setdefault("kind", ReportKind.FIVE_YEAR)
        self.initial.setdefault("start_year", this_year - 5)
        self.initial.setdefault("end_year", this_year)
        self.initial.setdefault("number", last_number + 1)
        self.initial.setdefault("place", place)
        self.initial.setdefault("report_date", timezone.localdate())
        self.initial.setdefault("recipients", recipients)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Left empty, the title follows the kind and the years.")

    def clean_title(self):
        title = self.cleaned_data["title"]
        if errors := title_errors(title):
            raise forms.ValidationError(errors)
        return title

    def clean_recipients(self):
        recipients = self.cleaned_data["recipients"]
        if errors := recipients_errors(recipients):
            raise forms.ValidationError(errors)
        return recipients

    def clean(self):
        cleaned = super().clean()
        kind, start, end = cleaned.get("kind"), cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year comes before the first."))
        if kind == ReportKind.YEARLY and start and end and start != end:
            self.add_error("end_year", _("A yearly report covers one year."))
        report_date = cleaned.get("report_date")
        # The years are checked against their range only after clean(): a title needs them sound.
        if (
            not cleaned.get("title")
            and start
            and end
            and report_date
            and FIRST_YEAR <= start <= end <= LAST_YEAR
        ):
            span = cleaned.get("span") or proposed_span(start, end, report_date)
            cleaned["title"] = default_title(Period.of_years(start, end, as_of=report_date), kind, span)
        return cleaned


class ReportForm(ReportHeaderForm):
    class Meta:
        model = Report
        fields = HEADER_FIELDS
        widgets = ReportHeaderForm.WIDGETS

    def __init__(self, *args, cell, instance=None, **kwargs):
        super().__init__(*args, instance=instance, symbol=cell.code, **kwargs)
        self.instance.cell = cell
        self.fields["signer"].queryset = Member.objects.filter(cell=cell).current().order_by("sort_key")
        self.fields["signer"].required = False
        self.fields["signer"].help_text = _(
            "Left empty while the cell has no secretary: the name is then written by hand after printing."
        )
        self.fields["recipients"].required = False
        self.fields["recipients"].help_text = _(
            "Left empty, the report is sent to the Standing Committee of the superior committee of its date."
        )
        if not self.instance.pk:
            self.set_defaults(
                last_number=Report.objects.filter(cell=cell).aggregate(number=Max("number"))["number"] or 0,
                place=cell.place,
                # For the default date, today: a report dated otherwise is sent to the
                # committee of its date (recipients left empty follow it).
                recipients=default_recipients(committee_of(cell, timezone.localdate()).standing_committee),
            )
            self.initial.setdefault(
                "signer", Member.objects.filter(cell=cell, role=CellRole.SECRETARY).current().first()
            )


class CommitteeReportForm(ReportHeaderForm):
    class Meta:
        model = CommitteeReport
        fields = COMMITTEE_HEADER_FIELDS
        widgets = ReportHeaderForm.WIDGETS

    def __init__(self, *args, committee, instance=None, **kwargs):
        super().__init__(*args, instance=instance, symbol=committee.code, **kwargs)
        self.instance.committee = committee
        titles = CommitteeSigner.choices
        if self.instance.signer_title not in CommitteeSigner.values:
            titles = [*titles, (self.instance.signer_title, self.instance.signer_title)]
        self.fields["signer_title"] = forms.ChoiceField(
            label=self.fields["signer_title"].label, choices=titles, initial=CommitteeSigner.SECRETARY
        )
        self.fields["recipients"].required = False
        self.fields["recipients"].help_text = _(
            "Left empty, the report is sent to the Standing Committee of the body above the committee."
        )
        if not self.instance.pk:
            reports = CommitteeReport.objects.filter(committee=committee)
            self.set_defaults(
                last_number=reports.aggregate(number=Max("number"))["number"] or 0,
                place=committee.place,
                recipients=committee_recipients(committee),
            )
            # Who signed the last report signs the next, unless the office names another.
            if last := reports.order_by("-report_date", "-pk").first():
                self.initial.setdefault("signer_name", last.signer_name)
                self.initial.setdefault("signer_title", last.signer_title)


class CommitteeDocumentForm(RegisterDocumentForm):
    """A document of the committee's register, as a cell's (the guidance its report answers)."""

    class Meta(RegisterDocumentForm.Meta):
        model = CommitteeDocument

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.committee = committee


class ReportEditForm(VersionedFormMixin, ReportForm):
    """The header of a saved report, with the revision the person saw (a stale save is refused)."""


class CommitteeReportEditForm(VersionedFormMixin, CommitteeReportForm):
    """The header of a saved committee's report, with the revision the person saw."""


def validate_section(text: str) -> None:
    if errors := section_errors(text):
        raise forms.ValidationError(errors)


class SectionsForm(forms.Form):
    """A text box for each section of the report, labelled as its heading prints (the lessons
    for a review of several years only)."""

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        texts = {section.key: section.text for section in report.sections.all()}
        for key, label in SectionKey.choices:
            if key == SectionKey.LESSONS and report.start_year == report.end_year:
                continue
            self.fields[key] = TypedTextField(
                label=label,
                required=False,
                initial=texts.get(key, ""),
                validators=[validate_section],
                widget=forms.Textarea(
                    attrs={"rows": 6 if key != SectionKey.TASKS else 10, "maxlength": SECTION_MAX_CHARS}
                ),
            )


class CellReceiveForm(forms.Form):
    """A cell that moves under this committee: named by its short name in addresses, which
    its former committee's office or its secretary gives (the office cannot list the cells of
    other committees), and the first day under this committee."""

    cell = forms.SlugField(
        label=_("Short name of the cell in addresses"),
        help_text=_("As in the address of its pages: /cells/<short name>/."),
    )
    moved_on = forms.DateField(label=_("First day under this committee"), widget=DateInput())

    def clean_cell(self):
        cell = Cell.objects.select_related("committee").filter(slug=self.cleaned_data["cell"]).first()
        if cell is None:
            raise forms.ValidationError(_("No cell has this short name."))
        return cell


class FormerCommitteeForm(forms.Form):
    """The committee a cell belonged to before its first recorded move, and its last day."""

    committee = forms.ModelChoiceField(
        label=_("Superior committee"), queryset=SuperiorCommittee.objects.order_by("name")
    )
    last_day = forms.DateField(
        label=_("Last day under that committee"),
        widget=DateInput(),
        help_text=_("e.g. 30/06/2025 for a district committee, the last day of the district level."),
    )


class EnteredYearFiguresForm(VersionedFormMixin, forms.ModelForm):
    """The figures of a year as the cell's report of that year gave them, in the report's
    order. The model refuses the figures that contradict each other, each on its field."""

    # The parts of the form, each with its heading; together, every field the service saves.
    PARTS = (
        (_("The report they come from"), ("report_number", "report_date")),
        (
            _("Members and pledges"),
            ("members", "party_groups", "pledges_filed", "pledges_approved", "pledges_self_assessed"),
        ),
        (_("Ratings"), ("rated_excellent", "rated_good", "rated_fulfilled", "rated_not_fulfilled")),
        (_("Study sessions"), ("study_sessions", "attended", "attendance_expected")),
        (_("Monday sessions"), ("monday_planned", "monday_held")),
        (
            _("Inspection and supervision on Directive 05"),
            (
                "members_inspected",
                "members_supervised",
                "inspections",
                "supervisions",
                "cases_good",
                "cases_shortcomings",
                "cases_violation",
                "members_good",
                "members_shortcomings",
                "members_violation",
            ),
        ),
        (
            _("Commendations and proposals"),
            (
                "comrades_praised",
                "praises",
                "proposals_collective",
                "proposals_individual",
                "granted_collective",
                "granted_individual",
            ),
        ),
    )

    class Meta:
        model = EnteredYearFigures
        fields = ENTERED_FIELDS
        widgets = {"report_date": DateInput()}

    def parts(self):
        return [(heading, [self[name] for name in names]) for heading, names in self.PARTS]
