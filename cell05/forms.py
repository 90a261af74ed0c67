"""Form fields that every app shares, and how a form is laid out.

Two ways to lay a form out in Bootstrap 5, with the same markup:
- Django's own form templates (`templates/forms/`), for the forms shown on every busy page:
  a form mixes in `BootstrapFormMixin` and its template writes `{{ form }}` or
  `{{ form.field.as_field_group }}`. Today: the pledge form (`PledgeItemForm`, `PledgeEditForm`)
  and the sign-in page (`SignInForm`). crispy-forms took 8 of the pledge form's 20 ms.
- crispy-forms (`|crispy`, `|as_crispy_field`), for the rarer forms and those whose widgets the
  templates above do not lay out (radio buttons, files, several checkboxes): the rest.
"""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxLengthValidator
from django.db.models import BLANK_CHOICE_DASH
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from cell05.text import nfc
from cell05.validators import validate_no_control_characters
from cell05.widget_html import render_widget

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


class BootstrapRenderer(TemplatesSetting):
    """Forms rendered by Django read their templates as pages do: the field and form layouts of
    `templates/forms/`, and Django's widgets from the `django.forms` app."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        # The simplest widgets are written in Python, with the same output (cell05.widget_html).
        html = render_widget(template_name, context)
        return super().render(template_name, context, request) if html is None else html


class BootstrapBoundField(forms.BoundField):
    """A field whose input carries Bootstrap's classes, set here once for every widget instead
    of by a template tag at each render, and marked invalid when the field has errors."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden:
            return attrs
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if self.errors:
            css += " is-invalid"
        attrs["class"] = f"{widget.attrs['class']} {css}" if widget.attrs.get("class") else css
        return attrs


class BootstrapFormMixin:
    """A form laid out by Django's templates with Bootstrap's classes (see the module's notes)."""

    bound_field_class = BootstrapBoundField


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


class SignInForm(BootstrapFormMixin, AuthenticationForm):
    """Django's sign-in form, whose user name is also refused when longer than a user name can
    be: Django only sets the length on the input, and the record of a failed sign-in (axes)
    could not store a longer one. Its refusal is our own: Django's Vietnamese one asks in words that
    the glossary does not use."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or the password is wrong. Both tell capitals from small letters."),
    }

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
