"""Forms of the Monday rota, its sessions and the story library."""

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from cell05.forms import ChoicePromptMixin
from cell05.periods import FIRST_YEAR, LAST_YEAR
from cell05.versions import VersionedFormMixin
from members.forms import DateInput
from plans.choices import MondayState
from plans.models import MondayDayOff, MondaySession, Story
from plans.services.monday import RECORD_FIELDS, STORY_FIELDS

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


class DayOffForm(ChoicePromptMixin, forms.ModelForm):
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
        return f"{formats.date_format(obj.day, 'SHORT_DATE_FORMAT')} — {obj.group_name}"


class SwapForm(ChoicePromptMixin, forms.Form):
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


class MondaySessionForm(ChoicePromptMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = MondaySession
        # The state the person says the session is in chooses the workflow's action.
        fields = ["state", *RECORD_FIELDS]
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


class StoryForm(ChoicePromptMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Story
        fields = STORY_FIELDS
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cell = cell
