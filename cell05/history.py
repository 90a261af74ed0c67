"""The history of records, read from django-simple-history: who changed what, and when."""

import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history import manager
from simple_history import models as history_models


class HistoryManager(manager.HistoryManager):
    """simple-history's manager of a record's history, whose class for a queryset is built once:
    the library builds a new one at every read of `record.history`, which each save makes to
    write its history row (a third of that write, issue 31)."""

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


class HistoricalRecords(history_models.HistoricalRecords):
    """The history of a model's records, as simple-history keeps it, read through the manager
    above. Every model with a history declares it with this class."""

    def __init__(self, *args, history_manager=HistoryManager, **kwargs):
        super().__init__(*args, history_manager=history_manager, **kwargs)


TYPE_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}

# Every dotted action a service writes into a history, with the words a reader sees for it:
# one registry for every page that shows a history. An action without one reads as the bare
# "Changed" of TYPE_LABELS (tests/test_history_labels.py keeps that from happening).
ACTION_LABELS = {
    # members
    "committee.updated": _("Information of the committee edited"),
    "cell.updated": _("Information of the cell edited"),
    "cell.moved": _("Moved under another superior committee"),
    "cell.renamed": _("Cell renamed from a date"),
    "member.created": _("Record created"),
    "member.updated": _("Record edited"),
    "member.role_changed": _("Role in the cell changed"),
    "member.moved": _("Moved to another party group"),
    "member.left": _("Marked as having left the cell"),
    "member.account_created": _("Sign-in account created"),
    # Written by the member import before it went through member_create; older histories keep it.
    "member.imported": _("Imported from a file"),
    "group.created": _("Group created"),
    "group.updated": _("Group edited"),
    "group.renamed": _("Group renamed from a date"),
    "group.dissolved": _("Group dissolved"),
    "group.merged": _("Group merged into another"),
    "group.leader_set": _("Group leader named"),
    "group.leader_released": _("Group leadership handed back"),
    # plans
    "year.created": _("Study year created"),
    "year.updated": _("Study year edited"),
    "document.created": _("Document recorded"),
    "document.updated": _("Document edited"),
    "session.created": _("Study session recorded"),
    "session.updated": _("Study session edited"),
    "pledge.started": _("Pledge begun"),
    "pledge.edited": _("Pledge edited"),
    "pledge.item_saved": _("Item written"),
    "pledge.item_removed": _("Item removed"),
    "pledge.submitted": _("Submitted"),
    "pledge.approved": _("Approved"),
    "pledge.returned": _("Returned with a comment"),
    "pledge.item_assessed": _("Item self-assessed"),
    "pledge.self_assessed": _("Self-assessed"),
    "pledge.evaluated": _("Evaluated and rated"),
    "pledge.reflection_attached": _("Study reflection attached"),
    "monday.planned": _("Monday session planned"),
    "monday.day_off_marked": _("Day off marked"),
    "monday.removed_for_day_off": _("Removed for a day off"),
    "monday.swapped": _("Turn swapped with another group"),
    "monday.recorded": _("Monday session recorded"),
    "story.created": _("Story added to the library"),
    "story.updated": _("Story edited"),
    "calendar.created": _("Calendar address created"),
    "calendar.renewed": _("Calendar address renewed"),
    # oversight
    "case.created": _("Case created"),
    "case.updated": _("Case edited"),
    "case.started": _("Case started"),
    "case.concluded": _("Case concluded"),
    "case.converted": _("Supervision turned into an inspection"),
    "case.remedy_done": _("Shortcomings fixed"),
    "programme.saved": _("Programme saved"),
    "praise.saved": _("Praise recorded"),
    "proposal.saved": _("Proposal recorded"),
    # operations: a past year's records imported; the entry names the file (with_detail).
    "year.imported": _("Imported from the file"),
    # reports
    "report.created": _("Report created"),
    "report.edited": _("Report edited"),
    "report.section_edited": _("Section edited"),
    "report.finalised": _("Report made final"),
    "report.new_version": _("New version made"),
    "committee_report.created": _("Report created"),
    "committee_report.edited": _("Report edited"),
    "committee_report.section_edited": _("Section edited"),
    "committee_report.finalised": _("Report made final"),
    "committee_report.new_version": _("New version made"),
    "entered_figures.created": _("Figures of the year entered from a report"),
    "entered_figures.updated": _("Entered figures of the year corrected"),
    "entered_figures.removed": _("Entered figures of the year removed"),
    # the demonstration data (members/demo.py, plans/demo/)
    "demo.named": _("Named in the demonstration data"),
    "demo.loaded": _("Loaded with the demonstration data"),
    "demo.corrected": _("Corrected in the demonstration data"),
}


# An action may carry a detail that its label shows after it: "year.imported:nam-2019.xlsx".
DETAIL_SEPARATOR = ":"
# The length of simple-history's change reason column.
CHANGE_REASON_LENGTH = 100


def with_detail(*, action: str, detail: str) -> str:
    """The change reason of `action` with its detail (a file's name), cut to fit the column."""
    room = CHANGE_REASON_LENGTH - len(action) - len(DETAIL_SEPARATOR)
    return f"{action}{DETAIL_SEPARATOR}{detail[:room]}"


def action_label(change_reason: str | None, history_type: str):
    """What a reader sees for one history entry: the action's label (with its detail, if any),
    or the kind of change."""
    action, _separator, detail = (change_reason or "").partition(DETAIL_SEPARATOR)
    label = ACTION_LABELS.get(action, TYPE_LABELS[history_type])
    return format_lazy("{} “{}”", label, detail) if detail and action in ACTION_LABELS else label


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
    subject: Callable | None = None,
) -> list[dict]:
    """Rows for history entries of one model (of one record or of several), newest first;
    each entry is compared with the previous entry of the same record."""
    from cell05.versions import version_field  # versions reads histories with this module

    entries = sorted(entries, key=lambda entry: (entry.history_date, entry.history_id))
    # The count of saves is how edits are checked, not a change anyone made.
    unshown = [version_field(model)]
    previous_of_record: dict[int, Any] = {}
    deltas = []
    for entry in entries:
        previous = previous_of_record.get(entry.id)
        deltas.append(entry.diff_against(previous, excluded_fields=unshown) if previous is not None else None)
        previous_of_record[entry.id] = entry
    # Names of the related records the changes mention, one query per related model.
    wanted: dict[Any, set] = {}
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
                    # A change is of one of the model's own fields, never of a reverse relation.
                    "field": field.verbose_name,  # type: ignore[union-attr]
                    "old": _display(field, change.old, related_names),
                    "new": _display(field, change.new, related_names),
                }
            )
        rows.append(
            {
                "when": entry.history_date,
                "who": entry.history_user,
                "who_name": _user_name(entry.history_user),
                "action": action_label(entry.history_change_reason, entry.history_type),
                "subject": subject(entry) if subject else "",
                "changes": changes,
            }
        )
    rows.reverse()
    return rows


def request_user():
    """The signed-in user of the request being served, whom simple-history's middleware writes
    as the author of its saves; None outside a request."""
    user = getattr(getattr(history_models.HistoricalRecords.context, "request", None), "user", None)
    return user if user is not None and user.is_authenticated else None


def record_history(record, *, limit: int = 50) -> list[dict]:
    """The latest changes to one record, newest first."""
    entries = record.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    return history_rows(list(entries), type(record))
