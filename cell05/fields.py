"""Model fields that store typed text in Unicode NFC, whatever path the value comes by, and
refuse the control characters that nobody types."""

from django.core.validators import ProhibitNullCharactersValidator
from django.db import models

from cell05.forms import TypedTextField
from cell05.text import nfc
from cell05.validators import validate_no_control_characters


class NFCMixin:
    # Also checked when a record is saved without a form (an import): PostgreSQL cannot store
    # a NUL character at all.
    default_validators = [ProhibitNullCharactersValidator(), validate_no_control_characters]

    def to_python(self, value):
        value = super().to_python(value)
        return nfc(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, str):
            value = nfc(value).strip()
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": TypedTextField, **kwargs})


class NFCCharField(NFCMixin, models.CharField):
    pass


class NFCTextField(NFCMixin, models.TextField):
    pass
