"""The history of records, read from django-simple-history: who changed what, and when."""

from collections.abc import Callable, Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

TYPE_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def _related_ids(field, value) -> list:
    """The ids a change of a relation mentions: one for a foreign key; for a many-to-many
    field, simple-history gives the rows of the through table."""
    if value in (None, ""):
        return []
    if field.many_to_many:
        return [row[field.m2m_reverse_field_name()] for row in value]
    return [value]


def _display(field, value, related_names):
    if value in (None, "", []):
        return "—"
    if field.many_to_many:
        return ", ".join(
            related_names.get((field.related_model, pk), str(pk)) for pk in _related_ids(field, value)
        )
    if field.is_relation:
        return related_names.get((field.related_model, value), str(value))
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.FileField):
        return _("a file")  # its stored name is random: it tells the reader nothing
    return value


def _user_name(user) -> str:
    if user is None:
        return str(_("the system"))
    return user.get_full_name() or user.get_username()


def history_rows(
    entries: Iterable,
    model: type[models.Model],
    *,
    labels: dict,
    subject: Callable | None = None,
) -> list[dict]:
    """Rows for history entries of one model (of one record or of several), newest first;
    each entry is compared with the previous entry of the same record."""
    from cell05.versions import version_field  # versions reads histories with this module

    entries = sorted(entries, key=lambda entry: (entry.history_date, entry.history_id))
    # The count of saves is how edits are checked, not a change anyone made.
    unshown = [version_field(model)]
    previous_of_record = {}
    deltas = []
    for entry in entries:
        previous = previous_of_record.get(entry.id)
        deltas.append(entry.diff_against(previous, excluded_fields=unshown) if previous is not None else None)
        previous_of_record[entry.id] = entry
    # Names of the related records the changes mention, one query per related model.
    wanted: dict[type[models.Model], set] = {}
    for delta in filter(None, deltas):
        for change in delta.changes:
            field = model._meta.get_field(change.field)
            if field.is_relation:
                wanted.setdefault(field.related_model, set()).update(
                    *(_related_ids(field, value) for value in (change.old, change.new))
                )
    related_names = {
        (related, obj.pk): str(obj)
        for related, ids in wanted.items()
        for obj in related.objects.filter(pk__in=ids)
    }
    rows = []
    for entry, delta in zip(entries, deltas, strict=True):
        changes = []
        for change in delta.changes if delta else []:
            field = model._meta.get_field(change.field)
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
                "action": labels.get(entry.history_change_reason or "", TYPE_LABELS[entry.history_type]),
                "subject": subject(entry) if subject else "",
                "changes": changes,
            }
        )
    rows.reverse()
    return rows


def record_history(record, *, labels: dict, limit: int = 50) -> list[dict]:
    """The latest changes to one record, newest first."""
    entries = record.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    return history_rows(list(entries), type(record), labels=labels)
