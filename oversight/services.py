"""Every change to inspections, supervisions and commendations: one function each,
atomic, checked and recorded in the history."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cell05.services import require_perm, save_logged
from members.models import Cell
from oversight.choices import CASE_TRANSITIONS, CaseKind, CaseState, Conclusion
from oversight.models import Case, Praise, Programme, RewardProposal

CASE_FIELDS = (
    "programme",
    "kind",
    "supervision_kind",
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


def _check_members(cell: Cell, members) -> None:
    if not members:
        raise ValidationError({"members": _("Choose at least one member.")})
    if any(member.cell_id != cell.pk for member in members):
        raise ValidationError({"members": _("Only members of the cell can be concerned.")})


def _locked_case(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("cell").get(pk=case.pk)


def _check_transition(case: Case, action: str) -> None:
    sources, _target = CASE_TRANSITIONS[action]
    if case.state not in sources:
        raise ValidationError(
            _("A case that is “%(state)s” cannot be %(action)s.")
            % {"state": case.get_state_display(), "action": ACTION_NAMES[action]}
        )


ACTION_NAMES = {"start": _("started"), "conclude": _("concluded")}


@transaction.atomic
def case_save(*, actor, cell: Cell, data: dict, members, case: Case | None = None) -> Case:
    require_perm(actor, "oversight.manage_cases", cell)
    _check_members(cell, members)
    if data.get("programme") and data["programme"].cell_id != cell.pk:
        raise ValidationError({"programme": _("This programme belongs to another cell.")})
    if case is None:
        case, action = Case(cell=cell), "case.created"
    else:
        case = _locked_case(case)
        if case.state == CaseState.CONCLUDED:
            raise ValidationError(_("A concluded case is kept as it was concluded."))
        action = "case.updated"
    for field in CASE_FIELDS:
        if field in data:
            setattr(case, field, data[field])
    save_logged(case, actor=actor, action=action)
    case.members.set(members)
    return case


@transaction.atomic
def case_start(*, actor, case: Case, start_on: date) -> Case:
    require_perm(actor, "oversight.manage_cases", case.cell)
    case = _locked_case(case)
    _check_transition(case, "start")
    case.state = CaseState.IN_PROGRESS
    case.start_on = case.start_on or start_on
    save_logged(case, actor=actor, action="case.started")
    return case


@transaction.atomic
def case_conclude(*, actor, case: Case, data: dict, end_on: date) -> Case:
    require_perm(actor, "oversight.manage_cases", case.cell)
    case = _locked_case(case)
    _check_transition(case, "conclude")
    for field in CONCLUSION_FIELDS:
        setattr(case, field, data.get(field, getattr(case, field)))
    if not case.findings.strip():
        raise ValidationError({"findings": _("Write what the case found.")})
    if not case.conclusion:
        raise ValidationError({"conclusion": _("Choose the conclusion.")})
    if case.conclusion == Conclusion.VIOLATION and not case.violations.strip():
        raise ValidationError({"violations": _("Describe the violation.")})
    case.state = CaseState.CONCLUDED
    case.end_on = end_on
    save_logged(case, actor=actor, action="case.concluded")
    return case


@transaction.atomic
def case_convert_to_inspection(*, actor, case: Case, decision_number: str, decision_date: date) -> Case:
    """A supervision that found signs of violation becomes an inspection of the same members."""
    require_perm(actor, "oversight.manage_cases", case.cell)
    case = _locked_case(case)
    if case.kind != CaseKind.SUPERVISION:
        raise ValidationError(_("Only a supervision can be turned into an inspection."))
    if case.state == CaseState.PLANNED:
        raise ValidationError(_("A supervision that has not started has found nothing yet."))
    if Case.objects.filter(converted_from=case).exists():
        raise ValidationError(_("This supervision was already turned into an inspection."))
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
    save_logged(inspection, actor=actor, action="case.converted")
    inspection.members.set(case.members.all())
    return inspection


@transaction.atomic
def case_mark_remedied(*, actor, case: Case, done_on: date) -> Case:
    require_perm(actor, "oversight.manage_cases", case.cell)
    case = _locked_case(case)
    if case.state != CaseState.CONCLUDED or not case.remedy:
        raise ValidationError(_("Only a concluded case with something to fix can be marked as fixed."))
    if case.remedy_done_on:
        raise ValidationError(_("This case is already marked as fixed."))
    case.remedy_done_on = done_on
    save_logged(case, actor=actor, action="case.remedy_done", update_fields=["remedy_done_on"])
    return case


@transaction.atomic
def case_attach(*, actor, case: Case, upload) -> Case:
    require_perm(actor, "oversight.manage_cases", case.cell)
    case = _locked_case(case)
    case.attachment = upload
    case.attachment_name = upload.name[:200]
    save_logged(case, actor=actor, action="case.updated", update_fields=["attachment", "attachment_name"])
    return case


@transaction.atomic
def programme_save(*, actor, cell: Cell, data: dict, programme: Programme | None = None) -> Programme:
    require_perm(actor, "oversight.manage_cases", cell)
    programme = programme or Programme(cell=cell)
    for field in ("year", "number", "adopted_on", "content"):
        setattr(programme, field, data[field])
    save_logged(programme, actor=actor, action="programme.saved")
    return programme


@transaction.atomic
def praise_save(*, actor, cell: Cell, data: dict, praise: Praise | None = None) -> Praise:
    require_perm(actor, "oversight.manage_commendations", cell)
    if data["member"].cell_id != cell.pk:
        raise ValidationError({"member": _("This member belongs to another cell.")})
    praise = praise or Praise(cell=cell)
    for field in ("member", "praised_on", "occasion", "reason"):
        setattr(praise, field, data[field])
    save_logged(praise, actor=actor, action="praise.saved")
    return praise


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


@transaction.atomic
def proposal_save(*, actor, cell: Cell, data: dict, proposal: RewardProposal | None = None) -> RewardProposal:
    require_perm(actor, "oversight.manage_commendations", cell)
    proposal = proposal or RewardProposal(cell=cell)
    for field in PROPOSAL_FIELDS:
        setattr(proposal, field, data[field])
    save_logged(proposal, actor=actor, action="proposal.saved")
    return proposal
