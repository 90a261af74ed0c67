"""The life of a case: each action, the states it starts from, the state it leads to, who may take
it, how a refusal names it and what the history records. An edit, a conversion into an inspection
and a remedy marked as done keep the state."""

from django.utils.translation import gettext_lazy as _

from cell05.workflow import Action, register_perms
from oversight.choices import CaseState
from oversight.rules import manages_case

S = CaseState

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
    ),
    "mark_remedied": Action(
        "oversight.mark_remedied_case",
        frozenset({S.CONCLUDED}),
        None,
        manages_case,
        _("marked as fixed"),
        "case.remedy_done",
    ),
}

register_perms(CASE_WORKFLOW)

# The actions that move the case: their start states and the state they lead to.
CASE_TRANSITIONS = {
    name: (action.sources, action.target)
    for name, action in CASE_WORKFLOW.items()
    if action.target is not None
}
