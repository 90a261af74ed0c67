"""The writes of the operations: the import of a past year's records (operations/year_import/
plans it)."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cell05.history import with_detail
from cell05.services import require_perm, save_logged, save_logged_with_relations
from figures.cache import figures_changed
from members.models import Cell
from operations.year_import import year_plan
from operations.year_import.plan import YearPlan
from operations.year_import.reading import read_year_file
from oversight.models import Praise, RewardProposal
from plans.models import MondaySession, Pledge, PledgeItem, StudyYear

logger = logging.getLogger("cell05.services")


class YearImportRefused(ValidationError):
    """The file has refused rows: nothing was written. `plan` says which and why."""

    def __init__(self, plan: YearPlan):
        super().__init__([str(refusal) for refusal in plan.refusals])
        self.plan = plan


@transaction.atomic
def year_import_run(
    *, actor, cell: Cell, year: int, content: bytes, file_format: str, file_name: str, progress=None
) -> YearPlan:
    """Import a past year's records of the cell from its file, all or nothing: the file is planned
    again against the cell as it now stands (its row locked, so that two imports of it run one
    after the other), and any refused row writes nothing. Rows already recorded are skipped. Each
    record's history names the file and the actor. `actor` is None only for the command line (the
    operator). `progress(done, total)` is told as the kinds are written."""
    if actor is not None:
        require_perm(actor, "operations.import_year", cell)
    Cell.objects.select_for_update().get(pk=cell.pk)
    plan = year_plan(cell=cell, year=year, sheets=read_year_file(content, file_format), file_name=file_name)
    if plan.refusals:
        raise YearImportRefused(plan)
    reason = with_detail(action="year.imported", detail=file_name)
    user = actor if actor is not None and actor.is_authenticated else None
    steps = [
        _write_year,
        _write_pledges,
        _write_sessions,
        _write_rows(MondaySession, "mondays"),
        _write_cases,
        _write_rows(Praise, "praises"),
        _write_rows(RewardProposal, "proposals"),
    ]
    for done, step in enumerate(steps, 1):
        step(plan, actor=actor, user=user, reason=reason)
        if progress:
            progress(done, len(steps))
    # Pledges, Monday sessions, praises and proposals are written in bulk, which no model signal
    # tells: into a study year that was already there, nothing else would renew the stamp.
    figures_changed([cell.pk])
    logger.info(
        "year.imported by %s into %s: %s from %s: %s", actor, cell.slug, year, file_name, plan.created
    )
    return plan


def _write_year(plan: YearPlan, *, actor, user, reason) -> None:
    if plan.study_year is None and plan.theme:
        plan.study_year = StudyYear(cell=plan.cell, year=plan.year, theme=plan.theme)
        save_logged(plan.study_year, actor=actor, action=reason, unchanged=("cell",))


def _write_pledges(plan: YearPlan, *, actor, user, reason) -> None:
    # Hundreds of pledges and their items: in bulk, each with its history entry.
    for pledge in plan.new["pledges"]:
        pledge.study_year = plan.study_year
    bulk_create_with_history(plan.new["pledges"], Pledge, default_user=user, default_change_reason=reason)
    # Each item takes its pledge's new id as it is created (Django reads it from item.pledge).
    bulk_create_with_history(plan.new["items"], PledgeItem, default_user=user, default_change_reason=reason)


def _write_sessions(plan: YearPlan, *, actor, user, reason) -> None:
    # A few sessions a year; each history entry holds who attended.
    for session in plan.new["sessions"]:
        session.study_year = plan.study_year
        save_logged_with_relations(
            session, actor=actor, action=reason, relations={"attendees": session.attending}
        )


def _write_cases(plan: YearPlan, *, actor, user, reason) -> None:
    for case in plan.new["cases"]:
        save_logged_with_relations(case, actor=actor, action=reason, relations={"members": case.concerned})


def _write_rows(model, kind: str):
    def write(plan: YearPlan, *, actor, user, reason) -> None:
        bulk_create_with_history(plan.new[kind], model, default_user=user, default_change_reason=reason)

    return write


def created_summary(plan: YearPlan) -> str:
    """What the import created, in a sentence."""
    created = plan.created
    skipped = sum(plan.skipped.values())
    return _(
        "Imported the year %(year)s from “%(file)s”: %(pledges)s pledges with %(items)s items, "
        "%(sessions)s study sessions with %(attendance)s attendances, %(mondays)s Monday sessions, "
        "%(cases)s inspections and supervisions, %(praises)s praises, %(proposals)s proposals; "
        "%(skipped)s rows already recorded were skipped."
    ) % {**created, "year": plan.year, "file": plan.file_name, "skipped": skipped}
