"""One feed of everything that changed in a cell: who, when, what, from every history."""

from heapq import merge
from itertools import islice

from cell05.history import action_label
from members.models import Cell, Member, PartyGroup
from oversight.models import Case, Praise, Programme, RewardProposal
from plans.models import (
    CellDocument,
    MondaySession,
    Pledge,
    PledgeItem,
    Story,
    StudySession,
    StudyYear,
)
from reports.models import Report, ReportSection


def _sources(cell: Cell) -> list[tuple]:
    """Each audited model with the filter of its history rows that belong to the cell, and
    how a row names its record without a query."""
    members = dict(Member.objects.filter(cell=cell).values_list("pk", "full_name"))
    member_ids = list(members)
    pledge_ids = Pledge.objects.filter(member__cell=cell).values_list("pk", flat=True)
    year_ids = StudyYear.objects.filter(cell=cell).values_list("pk", flat=True)
    report_ids = Report.objects.filter(cell=cell).values_list("pk", flat=True)
    return [
        (Member, {"cell_id": cell.pk}, lambda row: row.full_name),
        (PartyGroup, {"cell_id": cell.pk}, lambda row: row.name),
        (StudyYear, {"cell_id": cell.pk}, lambda row: str(row.year)),
        (CellDocument, {"cell_id": cell.pk}, lambda row: row.number),
        (StudySession, {"study_year_id__in": year_ids}, lambda row: f"{row.held_on:%d/%m/%Y}"),
        (Pledge, {"member_id__in": member_ids}, lambda row: members.get(row.member_id, "")),
        (PledgeItem, {"pledge_id__in": pledge_ids}, lambda row: row.action),
        (Story, {"cell_id": cell.pk}, lambda row: row.title),
        (MondaySession, {"cell_id": cell.pk}, lambda row: f"{row.day:%d/%m/%Y}"),
        (Programme, {"cell_id": cell.pk}, lambda row: str(row.year)),
        (Case, {"cell_id": cell.pk}, lambda row: row.decision_number),
        (Praise, {"cell_id": cell.pk}, lambda row: members.get(row.member_id, "")),
        (RewardProposal, {"cell_id": cell.pk}, lambda row: row.number),
        (Report, {"cell_id": cell.pk}, lambda row: f"{row.number:02d}-BC/{cell.code}"),
        # A section's creation is the report's, already an entry.
        (
            ReportSection,
            {"report_id__in": report_ids, "history_type__in": ["~", "-"]},
            lambda row: row.get_key_display(),
        ),
    ]


def cell_activity(cell: Cell, *, limit: int = 100) -> list[dict]:
    """The latest changes in the cell, newest first: one query per audited model, whatever
    the size of the history."""
    streams = []
    for model, condition, subject in _sources(cell):
        rows = (
            model.history.filter(**condition).select_related("history_user").order_by("-history_date")[:limit]
        )
        streams.append(
            [
                {
                    "when": row.history_date,
                    "who": row.history_user,
                    "model": model._meta.verbose_name,
                    "subject": subject(row),
                    "action": action_label(row.history_change_reason, row.history_type),
                }
                for row in rows
            ]
        )
    newest_first = merge(*streams, key=lambda entry: entry["when"], reverse=True)
    return list(islice(_one_entry_per_act(newest_first), limit))


# Changes of one kind by one person this close together are one act (a rota generated, a
# list imported): one entry with their number, the first and the last record they touched.
ACT_SECONDS = 120


def _one_entry_per_act(entries):
    act = None
    for entry in entries:
        if (
            act is not None
            and (entry["who"], entry["model"], entry["action"]) == (act["who"], act["model"], act["action"])
            and (act["earliest"] - entry["when"]).total_seconds() <= ACT_SECONDS
        ):
            act["count"] += 1
            act["earliest"] = entry["when"]
            act["first_subject"] = entry["subject"]
            continue
        if act is not None:
            yield act
        act = {**entry, "count": 1, "earliest": entry["when"], "first_subject": entry["subject"]}
    if act is not None:
        yield act
