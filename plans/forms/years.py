"""Forms of the study years, the cell's documents and the study sessions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cell05.forms import ChoicePromptMixin, RecordsField, TypedTextField
from cell05.periods import FIRST_YEAR, LAST_YEAR
from cell05.uploads import DOCUMENT_KINDS, validate_upload
from cell05.versions import VersionedFormMixin
from members.forms import DateInput
from plans.choices import PledgeState
from plans.models import CellDocument, Pledge, StudySession
from plans.services.years import DOCUMENT_FIELDS, SESSION_FIELDS


class StudyYearForm(VersionedFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    theme = TypedTextField(
        label=_("Theme of the year"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    pledge_deadline = forms.DateField(label=_("Deadline for pledges"), required=False, widget=DateInput())
    key_contents = TypedTextField(
        label=_("Key and breakthrough contents"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["year"].disabled = True

    def clean(self):
        cleaned = super().clean()
        deadline, year = cleaned.get("pledge_deadline"), cleaned.get("year")
        if deadline and year and not year - 1 <= deadline.year <= year:
            self.add_error("pledge_deadline", _("The deadline falls outside the year."))
        return cleaned

    def key_content_lines(self) -> list[str]:
        return self.cleaned_data["key_contents"].splitlines()


class RegisterDocumentForm(ChoicePromptMixin, VersionedFormMixin, forms.ModelForm):
    """A document of a register, with its file: a cell's (below) or a committee's
    (reports.forms.CommitteeDocumentForm), whose owner each sets on the document."""

    class Meta:
        fields = [*DOCUMENT_FIELDS, "file"]
        widgets = {
            # Not Django's "Currently: <a href=url>", which links the stored file past the
            # permission check (a bucket URL on S3): the page links it through document_file.
            "file": forms.FileInput(),
            "issued_on": DateInput(),
            "title": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, Word, Excel or a scanned image; at most 10 MB.")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            validate_upload(upload, DOCUMENT_KINDS)
        return upload


class CellDocumentForm(RegisterDocumentForm):
    class Meta(RegisterDocumentForm.Meta):
        model = CellDocument

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cell = cell


class StudySessionForm(ChoicePromptMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = StudySession
        fields = [*SESSION_FIELDS, "attendees"]
        widgets = {
            "held_on": DateInput(),
            "content": forms.Textarea(attrs={"rows": 3}),
            "attendees": forms.CheckboxSelectMultiple,
        }
        field_classes = {"attendees": RecordsField}

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members


class YearFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), ("missing", _("No pledge")), *PledgeState.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class BulkApproveForm(forms.Form):
    pledges = RecordsField(queryset=Pledge.objects.none())

    def __init__(self, *args, pledges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pledges"].queryset = pledges
