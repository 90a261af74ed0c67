"""The history of a record, read from django-simple-history: who changed what, and when."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The dotted actions that services write as the change reason, as a reader sees them.
ACTION_LABELS = {
    "member.created": _("Record created"),
    "member.updated": _("Record edited"),
    "member.moved": _("Moved to another party group"),
    "member.left": _("Marked as having left the cell"),
    "member.account_created": _("Sign-in account created"),
    "member.imported": _("Imported from a file"),
    "group.created": _("Group created"),
    "group.updated": _("Group edited"),
    "group.leader_set": _("Group leader named"),
    "group.leader_released": _("Group leadership handed back"),
}
TYPE_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def _display(field, value, related_names):
    if value in (None, ""):
        return "—"
    if field.is_relation:
        return related_names.get((field.related_model, value), str(value))
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def _user_name(user) -> str:
    if user is None:
        return str(_("the system"))
    return user.get_full_name() or user.get_username()


def record_history(record, *, limit: int = 50) -> list[dict]:
    """The latest changes to a record, newest first, each with its fields' old and new values."""
    entries = list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    deltas = [
        newer.diff_against(older) if older is not None else None
        for newer, older in zip(entries, [*entries[1:], None], strict=True)
    ][:limit]
    # Names of the related records the changes mention, one query per related model.
    wanted: dict[type[models.Model], set] = {}
    for delta in filter(None, deltas):
        for change in delta.changes:
            field = record._meta.get_field(change.field)
            if field.is_relation:
                wanted.setdefault(field.related_model, set()).update(
                    v for v in (change.old, change.new) if v is not None
                )
    related_names = {
        (model, obj.pk): str(obj) for model, ids in wanted.items() for obj in model.objects.filter(pk__in=ids)
    }
    rows = []
    for entry, delta in zip(entries, deltas, strict=False):
        changes = []
        for change in delta.changes if delta else []:
            field = record._meta.get_field(change.field)
            changes.append(
                {
                    "field": field.verbose_name,
                    "old": _display(field, change.old, related_names),
                    "new": _display(field, change.new, related_names),
                }
            )
        rows.append(
            {
                "when": entry.history_date,
                "who": entry.history_user,
                "who_name": _user_name(entry.history_user),
                "action": ACTION_LABELS.get(
                    entry.history_change_reason or "", TYPE_LABELS[entry.history_type]
                ),
                "changes": changes,
            }
        )
    return rows
