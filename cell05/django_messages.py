"""Messages of Django's forms that Django's own Vietnamese catalogue leaves untranslated.

They are named here, and never used, so that `makemessages` copies them into the project's
catalogue: its translation then stands in for the missing one wherever Django shows them.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_MESSAGES = [
    gettext_noop("Null characters are not allowed."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop(
        "ManagementForm data is missing or has been tampered with. Missing fields: "
        "%(field_names)s. You may need to file a bug report if the issue persists."
    ),
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
]
