"""The life of a case: each action, the states it starts from, the state it leads to, who may take
it, how a refusal names it, what the history records and the conditions beside the state. An
edit, a conversion into an inspection, a remedy marked as done and an attachment keep the state."""

from django.utils.translation import gettext_lazy as _

from cell05.workflow import Action, Guard, register_perms
from oversight.choices import CaseKind, CaseState
from oversight.rules import manages_case

S = CaseState


def _not_converted(case) -> bool:
    # The inspection it became: loaded with the case by its page (oversight.selectors), asked
    # afresh by the service once the case is locked.
    return not hasattr(case, "converted_to")


CASE_WORKFLOW = {
    "edit": Action(
        "oversight.edit_case",
        frozenset({S.PLANNED, S.IN_PROGRESS}),
        None,
        manages_case,
        _("edited"),
        "case.updated",
    ),
    "start": Action(
        "oversight.start_case",
        frozenset({S.PLANNED}),
        S.IN_PROGRESS,
        manages_case,
        _("started"),
        "case.started",
    ),
    "conclude": Action(
        "oversight.conclude_case",
        frozenset({S.IN_PROGRESS}),
        S.CONCLUDED,
        manages_case,
        _("concluded"),
        "case.concluded",
    ),
    # A supervision that found signs of violation becomes an inspection; the new case's history says so.
    "convert": Action(
        "oversight.convert_case",
        frozenset({S.IN_PROGRESS, S.CONCLUDED}),
        None,
        manages_case,
        _("turned into an inspection"),
        "case.converted",
        guards=(
            Guard(
                lambda case: case.kind == CaseKind.SUPERVISION,
                _("Only a supervision can be turned into an inspection."),
            ),
            Guard(_not_converted, _("This supervision was already turned into an inspection.")),
        ),
    ),
    "mark_remedied": Action(
        "oversight.mark_remedied_case",
        frozenset({S.CONCLUDED}),
        None,
        manages_case,
        _("marked as fixed"),
        "case.remedy_done",
        guards=(
            Guard(
                lambda case: bool(case.remedy),
                _("Only a concluded case with something to fix can be marked as fixed."),
            ),
            Guard(lambda case: case.remedy_done_on is None, _("This case is already marked as fixed.")),
        ),
    ),
    # A file (the decision, the signed conclusion) may be attached whatever the case's state.
    "attach": Action(
        "oversight.attach_case",
        frozenset(S),
        None,
        manages_case,
        _("given an attachment"),
        "case.updated",
    ),
}

register_perms(CASE_WORKFLOW)

# The actions that move the case: their start states and the state they lead to.
CASE_TRANSITIONS = {
    name: (action.sources, action.target)
    for name, action in CASE_WORKFLOW.items()
    if action.target is not None
}
