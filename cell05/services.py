"""What every service of cell05 does around a change: check the actor, record who did it."""

import logging

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

logger = logging.getLogger("cell05.services")


def require_perm(actor, perm: str, obj) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You may not make this change."))


def save_logged(instance, *, actor, action: str, update_fields=None, clean: bool = True) -> None:
    """Validate, save, and record the actor and the dotted action in the record's history."""
    if clean:
        instance.full_clean()
    instance._change_reason = action
    instance._history_user = actor if actor is not None and actor.is_authenticated else None
    instance.save(update_fields=update_fields)
    logger.info("%s by %s on %s #%s", action, actor, type(instance).__name__, instance.pk)
