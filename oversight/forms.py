from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cell05.forms import ChoicePromptMixin, RecordsField, TypedTextField
from cell05.uploads import DOCUMENT_KINDS, validate_upload
from cell05.versions import VersionedFormMixin
from members.forms import DateInput
from members.models import Member, PartyGroup
from oversight.models import Case, Praise, Programme, RewardProposal
from oversight.services import (
    CASE_FIELDS,
    CONCLUSION_FIELDS,
    PRAISE_FIELDS,
    PROGRAMME_FIELDS,
    PROPOSAL_FIELDS,
)


class ProgrammeForm(ChoicePromptMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = PROGRAMME_FIELDS
        widgets = {"adopted_on": DateInput(), "content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cell = cell


class CaseForm(ChoicePromptMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Case
        fields = [*CASE_FIELDS, "members"]
        widgets = {
            "decision_date": DateInput(),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "start_on": DateInput(),
            "end_on": DateInput(),
            "members": forms.CheckboxSelectMultiple,
            "content": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"members": RecordsField}

    # The members concerned right after the decision that names them.
    field_order = [*CASE_FIELDS[: CASE_FIELDS.index("decision_date") + 1], "members"]

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cell = cell
        self.fields["programme"].queryset = Programme.objects.filter(cell=cell)
        self.fields["members"].queryset = (
            Member.objects.filter(cell=cell)
            .current()
            .select_related("group")
            .order_by("group__order", "sort_key")
        )


class ConcludeForm(ChoicePromptMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Case
        fields = CONCLUSION_FIELDS
        widgets = {
            "member_report": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.Textarea(attrs={"rows": 4}),
            "strengths": forms.Textarea(attrs={"rows": 3}),
            "shortcomings": forms.Textarea(attrs={"rows": 3}),
            "violations": forms.Textarea(attrs={"rows": 3}),
            "remedy": forms.Textarea(attrs={"rows": 2}),
            "remedy_due": DateInput(),
        }

    end_on = forms.DateField(label=_("Date concluded"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].required = True
        self.fields["conclusion"].required = True


class DayForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return day


class StartForm(DayForm):
    day = forms.DateField(label=_("Start date"), widget=DateInput(), initial=timezone.localdate)


class ConvertForm(forms.Form):
    decision_number = TypedTextField(label=_("Number of the inspection decision"), max_length=50)
    decision_date = forms.DateField(
        label=_("Date of the decision"), widget=DateInput(), initial=timezone.localdate
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attachment (PDF, Word, Excel or a scanned image)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, DOCUMENT_KINDS)
        return upload


class PraiseForm(ChoicePromptMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Praise
        fields = PRAISE_FIELDS
        widgets = {"praised_on": DateInput(), "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cell = cell
        self.fields["member"].queryset = Member.objects.filter(cell=cell).order_by("sort_key")


class ProposalForm(ChoicePromptMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = RewardProposal
        fields = PROPOSAL_FIELDS
        widgets = {
            "proposed_on": DateInput(),
            "decision_date": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cell = cell
        self.fields["member"].queryset = Member.objects.filter(cell=cell).order_by("sort_key")
        self.fields["group"].queryset = PartyGroup.objects.filter(cell=cell)
