"""Form fields that every app shares."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxLengthValidator
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from cell05.text import nfc
from cell05.validators import validate_no_control_characters

# The ids a database column can hold (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1


# The empty choice of a list, as the interface words it, instead of Django's dashes.
EMPTY_CHOICE = ("", _("— Choose —"))


class ChoicePromptMixin:
    """Lists that start empty say "— Chọn —" in their empty choice. Mixed into every form
    whose fields Django builds from the models (their empty choice is BLANK_CHOICE_DASH)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dashes = BLANK_CHOICE_DASH[0]
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == dashes[1]:
                    field.empty_label = EMPTY_CHOICE[1]
            # A ChoiceField holds its choices as a list (the stubs allow any iterable or mapping).
            elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0] == dashes:  # type: ignore[index]
                field.choices = [EMPTY_CHOICE, *field.choices[1:]]  # type: ignore[index]


class TypedTextField(forms.CharField):
    """Text as people type it: composed (NFC) before its length is checked, as it will be
    stored, and refused if it holds control characters."""

    default_validators = [validate_no_control_characters]

    def to_python(self, value):
        value = super().to_python(value)
        return nfc(value) if isinstance(value, str) else value


class RecordsField(forms.ModelMultipleChoiceField):
    """Several records chosen by id. An id larger than any database can hold is refused as
    not valid before it reaches the query, which SQLite cannot even run with it."""

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else []:
            text = str(pk).strip().lstrip("-")
            if text.isdigit() and abs(int(text)) > LARGEST_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super().clean(value)


class SignInForm(AuthenticationForm):
    """Django's sign-in form, whose user name is also refused when longer than a user name can
    be: Django only sets the length on the input, and the record of a failed sign-in (axes)
    could not store a longer one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class NewPasswordForm(PasswordChangeForm):
    """Django's password change, which also refuses the current password as the new one: a
    change that changes nothing would let a person believe a shared password is gone."""

    def clean_new_password1(self):
        password = self.cleaned_data.get("new_password1")
        if password and self.user.check_password(password):
            raise forms.ValidationError(
                _("The new password must differ from the current one."), code="password_unchanged"
            )
        return password
