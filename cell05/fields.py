"""Model fields that store typed text in Unicode NFC, whatever path the value comes by."""

from django.db import models

from cell05.text import nfc


class NFCMixin:
    def to_python(self, value):
        value = super().to_python(value)
        return nfc(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, str):
            value = nfc(value).strip()
            setattr(model_instance, self.attname, value)
        return value


class NFCCharField(NFCMixin, models.CharField):
    pass


class NFCTextField(NFCMixin, models.TextField):
    pass
