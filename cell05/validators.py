"""Checks of the text people type, shared by the model fields, the forms and the import."""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters but tab and line breaks, and the bidirectional embeddings,
# overrides and isolates, which make a text display otherwise than it is stored. NUL is left
# to Django's ProhibitNullCharactersValidator, which every form field already has.
CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@deconstructible
class ControlCharactersValidator:
    message = _(
        "This text holds control characters that cannot be seen (%(characters)s); type it again without them."
    )
    code = "control_characters"

    def __call__(self, value):
        found = dict.fromkeys(CONTROL_CHARACTERS.findall(str(value)))
        if found:
            raise ValidationError(
                self.message,
                code=self.code,
                params={"characters": ", ".join(f"U+{ord(char):04X}" for char in found)},
            )

    def __eq__(self, other):
        return isinstance(other, ControlCharactersValidator)


validate_no_control_characters = ControlCharactersValidator()
