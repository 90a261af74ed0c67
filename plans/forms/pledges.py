"""Forms of a pledge: its items, the return, the self-assessment, the evaluation and the
reflection."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cell05.forms import EMPTY_CHOICE, TypedTextField
from cell05.uploads import REFLECTION_KINDS, validate_upload
from cell05.versions import VersionedFormMixin
from plans.choices import Aspect, ItemResult, Rating
from plans.models import Pledge


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
    # No rating is chosen for the cell: one careless save must not rate a member.
    rating = forms.ChoiceField(label=_("Rating"), choices=[EMPTY_CHOICE, *Rating.choices])
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
