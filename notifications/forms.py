from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.choices import NotificationKind


class EmailPreferencesForm(forms.Form):
    email = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        help_text=_("Leave empty to be told in cell05 only."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Send me an e-mail when"),
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
