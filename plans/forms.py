from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from cell05.forms import RecordsField, TypedTextField
from cell05.periods import FIRST_YEAR, LAST_YEAR
from cell05.uploads import DOCUMENT_KINDS, REFLECTION_KINDS, validate_upload
from cell05.versions import VersionedFormMixin
from members.forms import DateInput
from plans.choices import Aspect, ItemResult, MondayState, PledgeState, Rating
from plans.models import CellDocument, MondayDayOff, MondaySession, Pledge, Story, StudySession


class VersionForm(VersionedFormMixin, forms.Form):
    """Every action on a pledge carries the version the person saw, so that an action on
    an older copy is refused instead of silently applied."""


class PledgeItemForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    action = TypedTextField(
        label=_("What I will do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # An empty first choice: a blank extra form on the page must post nothing, so that it is
    # left out instead of being refused as an incomplete item.
    aspect = forms.ChoiceField(label=_("Follows Hồ Chí Minh's"), choices=[("", "—"), *Aspect.choices])
    target = TypedTextField(label=_("Measurable target"), max_length=300)
    timeframe = TypedTextField(
        label=_("When"), max_length=100, help_text=_("e.g. all year, every month, by the second quarter.")
    )


class BasePledgeItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(form.has_error("id") for form in self.forms):
            # The id of an item is hidden: a wrong one is said for the whole list.
            raise forms.ValidationError(_("The page was out of date; try again."), code="stale_page")
        if any(self.errors):
            return
        if not self.items():
            raise forms.ValidationError(_("Write at least one item."))

    def items(self) -> list[dict]:
        """The items to keep, in order: every written item not marked for removal, and
        every new form the person filled in; blank new forms are left out."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.cleaned_data.get("id") or form.has_changed())
        ]


# absolute_max: a post that claims thousands of forms builds no more than 20 of them.
PledgeItemFormSet = forms.formset_factory(
    PledgeItemForm,
    formset=BasePledgeItemFormSet,
    extra=1,
    can_delete=True,
    max_num=20,
    validate_max=True,
    absolute_max=20,
)


class PledgeEditForm(VersionForm):
    reflection_text = TypedTextField(
        label=_("Study reflection"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you learned from the year's theme. You may also attach it as a file."),
    )


class ReturnForm(VersionForm):
    comment = TypedTextField(
        label=_("What should the member change?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SelfAssessForm(VersionForm):
    summary = TypedTextField(
        label=_("Overall self-assessment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, pledge: Pledge, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledge_items = list(pledge.items.all())
        for item in self.pledge_items:
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=item.action,
                choices=ItemResult.choices,
                widget=forms.RadioSelect,
                initial=item.result or None,
            )
            self.fields[f"note_{item.pk}"] = TypedTextField(
                label=_("Note"), required=False, max_length=2000, initial=item.result_note
            )

    def item_fields(self):
        return [(item, self[f"result_{item.pk}"], self[f"note_{item.pk}"]) for item in self.pledge_items]

    def results(self) -> dict:
        return {
            item.pk: (self.cleaned_data[f"result_{item.pk}"], self.cleaned_data[f"note_{item.pk}"])
            for item in self.pledge_items
        }


class EvaluateForm(VersionForm):
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)
    score = forms.IntegerField(
        label=_("Score (0–100)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Optional; Regulation 366-QĐ/TW: 90 and above excellent, 70–89 good, 50–69 fulfilled."),
    )
    comment = TypedTextField(
        label=_("Comment of the cell"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReflectionFileForm(VersionForm):
    file = forms.FileField(label=_("Study reflection as PDF or Word (.docx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, REFLECTION_KINDS)
        return upload


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


class CellDocumentForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CellDocument
        fields = ["kind", "direction", "number", "issued_on", "issuer", "title", "summary", "file"]
        widgets = {
            # Not Django's "Currently: <a href=url>", which links the stored file past the
            # permission check (a bucket URL on S3): the page links it through document_file.
            "file": forms.FileInput(),
            "issued_on": DateInput(),
            "title": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cell = cell
        self.fields["file"].help_text = _("PDF, Word, Excel or a scanned image; at most 10 MB.")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            validate_upload(upload, DOCUMENT_KINDS)
        return upload


class StudySessionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = StudySession
        fields = ["held_on", "form", "content", "attendees"]
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


# The Monday sessions and the story library

MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]
QUARTERS = [(1, _("Quarter I")), (2, _("Quarter II")), (3, _("Quarter III")), (4, _("Quarter IV"))]


class RotaFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All months")), *MONTHS],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]


class RotaPrintForm(forms.Form):
    """A month or a quarter of a year, for the printed rota."""

    year = forms.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)
    month = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, choices=MONTHS)
    quarter = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, choices=QUARTERS)

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("month")) == bool(cleaned.get("quarter")):
            raise forms.ValidationError(_("Choose a month or a quarter."))
        return cleaned


class RotaGenerateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)


class DayOffForm(forms.ModelForm):
    class Meta:
        model = MondayDayOff
        fields = ["day", "reason"]
        widgets = {"day": DateInput()}

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cell = cell
        self.fields["day"].help_text = _(
            "A Monday. Its session is removed if it is still planned; a recorded session stays."
        )


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{formats.date_format(obj.day, 'SHORT_DATE_FORMAT')} — {obj.group}"


class SwapForm(forms.Form):
    first = SessionChoiceField(label=_("First session"), queryset=MondaySession.objects.none())
    second = SessionChoiceField(label=_("Second session"), queryset=MondaySession.objects.none())

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first"].queryset = sessions
        self.fields["second"].queryset = sessions

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("first") and cleaned.get("first") == cleaned.get("second"):
            raise forms.ValidationError(_("Choose two different sessions."))
        return cleaned


class MondaySessionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = MondaySession
        fields = ["state", "reader", "story", "attendance", "note", "not_held_reason"]
        widgets = {
            "state": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 2}),
            "not_held_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, members, stories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reader"].queryset = members
        self.fields["story"].queryset = stories
        self.fields["attendance"].widget.attrs["min"] = 0
        self.fields["state"].choices = MondayState.choices
        self.fields["not_held_reason"].help_text = _("Required when the session was not held.")


class StoryForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Story
        fields = ["title", "kind", "source", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cell = cell
