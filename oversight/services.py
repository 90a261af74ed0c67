"""Every change to inspections, supervisions and commendations: one function each,
atomic, checked and recorded in the history."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cell05 import closed_years
from cell05.services import assign, require_perm, save_logged, save_logged_with_relations
from cell05.uploads import take_upload
from cell05.versions import bump, locked
from cell05.workflow import check_state, move, require_role
from members.models import Cell
from oversight import notices
from oversight.choices import CaseKind, Conclusion
from oversight.models import Case, Praise, Programme, RewardProposal
from oversight.workflow import CASE_WORKFLOW

# What the forms edit, in the order they show it; a case's members are given apart.
CASE_FIELDS = (
    "kind",
    "supervision_kind",
    "programme",
    "decision_number",
    "decision_date",
    "on_directive_05",
    "content",
    "period_start",
    "period_end",
    "carried_out_by",
    "start_on",
    "end_on",
)
CONCLUSION_FIELDS = (
    "member_report",
    "findings",
    "strengths",
    "shortcomings",
    "violations",
    "conclusion",
    "remedy",
    "remedy_due",
)
PROGRAMME_FIELDS = ("year", "number", "adopted_on", "content")
PRAISE_FIELDS = ("member", "praised_on", "occasion", "reason")
PROPOSAL_FIELDS = (
    "target",
    "member",
    "group",
    "collective_name",
    "number",
    "proposed_on",
    "addressed_to",
    "reason",
    "outcome",
    "decision_number",
    "decision_date",
)


def _check_members(cell: Cell, members) -> None:
    if not members:
        raise ValidationError({"members": _("Choose at least one member.")})
    if any(member.cell_id != cell.pk for member in members):
        raise ValidationError({"members": _("Only members of the cell can be concerned.")})


def _locked_case(case: Case, version: int | None = None) -> Case:
    return locked(case, version, queryset=Case.objects.select_related("cell"))


def _transition(*, actor, case: Case, action: str, version: int | None = None) -> Case:
    """Lock the case and move it as the workflow's `action` does; the actor's role is checked
    first, then the locked case's guards and state."""
    require_role(CASE_WORKFLOW, action, actor, case)
    case = _locked_case(case, version)
    check_state(
        CASE_WORKFLOW,
        action,
        case,
        REFUSAL.get(action, _("A case that is “%(state)s” cannot be %(action)s.")),
    )
    move(CASE_WORKFLOW, action, case)
    return case


# The refusals that say more than the general one.
REFUSAL = {
    "edit": gettext_lazy("A concluded case is kept as it was concluded."),
    "convert": gettext_lazy("A supervision that has not started has found nothing yet."),
}


def _locked_in_cell(record, cell: Cell, version: int | None):
    return locked(record, version, queryset=type(record).objects.filter(cell=cell))


@transaction.atomic
def case_save(
    *, actor, cell: Cell, data: dict, members, case: Case | None = None, version: int | None = None
) -> Case:
    require_perm(actor, "oversight.manage_cases", cell)
    _check_members(cell, members)
    if data.get("programme") and data["programme"].cell_id != cell.pk:
        raise ValidationError({"programme": _("This programme belongs to another cell.")})
    if case is None:
        case, action = Case(cell=cell), "case.created"
    else:
        case = _transition(actor=actor, case=case, action="edit", version=version)
        action = CASE_WORKFLOW["edit"].history
    assign(case, data, CASE_FIELDS)
    _refuse_closed_year(cell, case.start_on or case.decision_date)
    bump(case)
    save_logged_with_relations(case, actor=actor, action=action, relations={"members": members})
    return case


def _refuse_closed_year(cell: Cell, day: date | None) -> None:
    """A case, praise or proposal counts in the year of its date (figures/counting/oversight.py)."""
    if day is not None:
        closed_years.refuse_records(cell.pk, day.year)


def _check_not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


@transaction.atomic
def case_start(*, actor, case: Case, start_on: date) -> Case:
    case = _transition(actor=actor, case=case, action="start")
    _check_not_future(start_on, "start_on")
    _refuse_closed_year(case.cell, start_on)
    # The day it really started replaces the one planned in the decision; a planned end already
    # past by then is left for the conclusion to write.
    case.start_on = start_on
    if case.end_on and case.end_on < start_on:
        case.end_on = None
    bump(case)
    save_logged(case, actor=actor, action=CASE_WORKFLOW["start"].history)
    notices.case_started(case)
    return case


@transaction.atomic
def case_conclude(*, actor, case: Case, data: dict, end_on: date, version: int | None = None) -> Case:
    case = _transition(actor=actor, case=case, action="conclude", version=version)
    assign(case, data, CONCLUSION_FIELDS)
    if not case.findings.strip():
        raise ValidationError({"findings": _("Write what the case found.")})
    if not case.conclusion:
        raise ValidationError({"conclusion": _("Choose the conclusion.")})
    if case.conclusion == Conclusion.VIOLATION and not case.violations.strip():
        raise ValidationError({"violations": _("Describe the violation.")})
    _check_not_future(end_on, "end_on")
    if case.start_on and end_on < case.start_on:
        raise ValidationError(
            {
                "end_on": _("The case cannot be concluded before it started, on %(day)s.")
                % {"day": date_format(case.start_on, "SHORT_DATE_FORMAT")}
            }
        )
    case.end_on = end_on
    bump(case)
    save_logged(case, actor=actor, action=CASE_WORKFLOW["conclude"].history)
    notices.case_concluded(case)
    return case


@transaction.atomic
def case_convert_to_inspection(*, actor, case: Case, decision_number: str, decision_date: date) -> Case:
    """A supervision that found signs of violation becomes an inspection of the same members."""
    case = _transition(actor=actor, case=case, action="convert")
    inspection = Case(
        cell=case.cell,
        programme=case.programme,
        kind=CaseKind.INSPECTION,
        decision_number=decision_number,
        decision_date=decision_date,
        on_directive_05=case.on_directive_05,
        content=case.content,
        period_start=case.period_start,
        period_end=case.period_end,
        carried_out_by=case.carried_out_by,
        converted_from=case,
    )
    save_logged_with_relations(
        inspection,
        actor=actor,
        action=CASE_WORKFLOW["convert"].history,
        relations={"members": case.members.all()},
    )
    return inspection


@transaction.atomic
def case_mark_remedied(*, actor, case: Case, done_on: date) -> Case:
    case = _transition(actor=actor, case=case, action="mark_remedied")
    case.remedy_done_on = done_on
    bump(case)
    save_logged(
        case,
        actor=actor,
        action=CASE_WORKFLOW["mark_remedied"].history,
        update_fields=["remedy_done_on", "version"],
    )
    return case


@transaction.atomic
def case_attach(*, actor, case: Case, upload) -> Case:
    case = _transition(actor=actor, case=case, action="attach")
    case.attachment_name = take_upload(upload)
    case.attachment = upload
    bump(case)
    save_logged(
        case,
        actor=actor,
        action=CASE_WORKFLOW["attach"].history,
        update_fields=["attachment", "attachment_name", "version"],
    )
    return case


@transaction.atomic
def programme_save(
    *, actor, cell: Cell, data: dict, programme: Programme | None = None, version: int | None = None
) -> Programme:
    require_perm(actor, "oversight.manage_cases", cell)
    programme = Programme(cell=cell) if programme is None else _locked_in_cell(programme, cell, version)
    assign(programme, data, PROGRAMME_FIELDS)
    bump(programme)
    save_logged(programme, actor=actor, action="programme.saved")
    return programme


@transaction.atomic
def praise_save(
    *, actor, cell: Cell, data: dict, praise: Praise | None = None, version: int | None = None
) -> Praise:
    require_perm(actor, "oversight.manage_commendations", cell)
    if data["member"].cell_id != cell.pk:
        raise ValidationError({"member": _("This member belongs to another cell.")})
    praise = Praise(cell=cell) if praise is None else _locked_in_cell(praise, cell, version)
    assign(praise, data, PRAISE_FIELDS)
    _refuse_closed_year(cell, praise.praised_on)
    bump(praise)
    save_logged(praise, actor=actor, action="praise.saved")
    return praise


@transaction.atomic
def proposal_save(
    *,
    actor,
    cell: Cell,
    data: dict,
    proposal: RewardProposal | None = None,
    version: int | None = None,
) -> RewardProposal:
    require_perm(actor, "oversight.manage_commendations", cell)
    proposal = RewardProposal(cell=cell) if proposal is None else _locked_in_cell(proposal, cell, version)
    assign(proposal, data, PROPOSAL_FIELDS)
    _refuse_closed_year(cell, proposal.proposed_on)
    bump(proposal)
    save_logged(proposal, actor=actor, action="proposal.saved")
    return proposal
