import copy

from django import forms
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cell05.forms import TypedTextField
from members.choices import CellRole
from members.forms import DateInput
from members.models import Member
from reports.choices import ReportKind, SectionKey
from reports.drafts import DEFAULT_TITLE, DEFAULT_YEARLY_TITLE, STANDING_COMMITTEE
from reports.models import Report
from reports.services import HEADER_FIELDS


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = HEADER_FIELDS
        widgets = {
            "report_date": DateInput(),
            "title": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, cell, instance=None, **kwargs):
        # The form checks a copy: the page shows the report again with the form, and must not
        # show (nor compute its figures from) a refused value such as year 0.
        super().__init__(*args, instance=copy.copy(instance), **kwargs)
        self.instance.cell = cell
        self.fields["signer"].queryset = Member.objects.filter(cell=cell).current().order_by("search_name")
        if not self.instance.pk:
            this_year = timezone.localdate().year
            last = Report.objects.filter(cell=cell).aggregate(number=Max("number"))["number"] or 0
            self.initial.setdefault("kind", ReportKind.FIVE_YEAR)
            self.initial.setdefault("start_year", this_year - 5)
            self.initial.setdefault("end_year", this_year)
            self.initial.setdefault("number", last + 1)
            self.initial.setdefault("place", cell.place)
            self.initial.setdefault("report_date", timezone.localdate())
            self.initial.setdefault(
                "signer", Member.objects.filter(cell=cell, role=CellRole.SECRETARY).current().first()
            )
            self.initial.setdefault(
                "recipients", f"- {STANDING_COMMITTEE[cell.committee.kind]} (b/c),\n- Lưu Chi bộ."
            )
            self.fields["title"].required = False
            self.fields["title"].help_text = _("Left empty, the title follows the kind and the years.")

    def clean(self):
        cleaned = super().clean()
        kind, start, end = cleaned.get("kind"), cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year comes before the first."))
        if kind == ReportKind.YEARLY and start and end and start != end:
            self.add_error("end_year", _("A yearly report covers one year."))
        if not cleaned.get("title") and start and end:
            cleaned["title"] = (
                DEFAULT_YEARLY_TITLE.format(year=end)
                if kind == ReportKind.YEARLY
                else DEFAULT_TITLE.format(years=f"{end - start:02d}")
            )
        return cleaned


class SectionsForm(forms.Form):
    """A text box for each section of the report."""

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        texts = {section.key: section.text for section in report.sections.all()}
        for key, label in SectionKey.choices:
            self.fields[key] = TypedTextField(
                label=label,
                required=False,
                max_length=20000,
                initial=texts.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 6 if key != SectionKey.TASKS else 10}),
            )
