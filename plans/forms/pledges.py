"""Forms of a pledge: its items, the return, the self-assessment, the evaluation and the
reflection."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import TOTAL_FORM_COUNT
from django.utils.translation import gettext_lazy as _

from cell05.forms import EMPTY_CHOICE, BootstrapFormMixin, TypedTextField
from cell05.uploads import REFLECTION_KINDS, validate_upload
from cell05.versions import VersionedFormMixin
from plans.choices import Aspect, ItemResult, PledgeState, Rating
from plans.models import Pledge


class VersionForm(VersionedFormMixin, forms.Form):
    """Every action on a pledge carries the version the person saw, so that an action on
    an older copy is refused instead of silently applied."""


class PledgeItemForm(BootstrapFormMixin, forms.Form):
    """An item of the pledge. An item more than the first, not yet written, is `optional`: its
    fields carry no asterisk, and only once one of them is written are the others asked for."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    action = TypedTextField(
        label=_("What I will do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # An empty first choice: a blank extra form on the page must post nothing, so that it is
    # left out instead of being refused as an incomplete item.
    aspect = forms.ChoiceField(
        label=_("Follows Hồ Chí Minh's"), choices=[("", _("— Choose an aspect —")), *Aspect.choices]
    )
    target = TypedTextField(label=_("Measurable target"), max_length=300)
    timeframe = TypedTextField(
        label=_("When"), max_length=100, help_text=_("e.g. all year, every month, by the second quarter.")
    )

    WRITTEN = ("action", "aspect", "target", "timeframe")

    def __init__(self, *args, optional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.optional = optional
        if optional:
            for name in self.WRITTEN:
                self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        if self.optional and self.has_changed():
            for name in self.WRITTEN:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, forms.ValidationError(self.fields[name].error_messages["required"]))
        return cleaned


class BasePledgeItemFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        # The first item is the one a pledge needs; the blank ones after the written items are
        # optional (`None` is the empty form that a script copies to add an item).
        return {"optional": index is None or index >= max(1, self.initial_form_count())}

    def can_add(self) -> bool:
        return self.total_form_count() < self.max_num

    def with_one_more(self, data):
        """The same formset, as posted, with a blank item more: an item added without a save."""
        data = data.copy()
        data[f"{self.prefix}-{TOTAL_FORM_COUNT}"] = str(min(self.total_form_count() + 1, self.max_num))
        return type(self)(data, initial=self.initial, prefix=self.prefix)

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


class PledgeEditForm(BootstrapFormMixin, VersionForm):
    reflection_text = TypedTextField(
        label=_("Study reflection"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What you learned from the year's theme. A PDF or Word file of it may be attached "
            "instead, on the page of the pledge under “Study reflection”."
        ),
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
            # The item's action heads its group (the legend): the choice says what is chosen.
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=_("Result of the item"),
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


def _constraint(name: str):
    return next(constraint for constraint in Pledge._meta.constraints if constraint.name == name)


class EvaluateForm(VersionForm):
    # No rating is chosen for the cell: one careless save must not rate a member.
    rating = forms.ChoiceField(label=_("Rating"), choices=[EMPTY_CHOICE, *Rating.choices])
    # Its top is the pledge's constraint, in its words. Checked here, before clean() asks the
    # database about the constraints: a number past the column's range overflows its driver.
    score = forms.IntegerField(
        label=_("Score (0–100)"),
        required=False,
        min_value=0,
        max_value=100,
        error_messages={"max_value": _constraint("pledge_score_at_most_100").violation_error_message},
        help_text=_(
            "Optional; under Regulation No. 366-QĐ/TW of 30/8/2025 of the Politburo: 90 points and above is "
            "excellently fulfilled duties, 70–89 well fulfilled duties, 50–69 fulfilled duties, below 50 did "
            "not fulfil duties."
        ),
    )
    comment = TypedTextField(
        label=_("Comment of the cell"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        # The pledge's check constraints, validated once, here: the service leaves them to the
        # database. A field refused by its own checks is left out of them.
        evaluated = Pledge(
            state=PledgeState.EVALUATED, rating=cleaned.get("rating", ""), score=cleaned.get("score")
        )
        checked = {"state", *(name for name in ("rating", "score") if name in cleaned)}
        try:
            evaluated.validate_constraints(
                exclude={field.name for field in Pledge._meta.concrete_fields} - checked
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class ReflectionFileForm(VersionForm):
    # A reflection is optional: the field carries no asterisk, and attaching asks for a file.
    file = forms.FileField(label=_("Study reflection as PDF or Word (.docx)"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload:
            raise forms.ValidationError(_("Choose the file to attach."), code="required")
        validate_upload(upload, REFLECTION_KINDS)
        return upload
