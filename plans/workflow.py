"""The lives of a pledge and of a Monday session.

The pledge's life: each action, the states it starts from, the state it leads to, who may take
it, how a refusal names it and what the history records. A return sends the pledge back to draft
with the reviewer's comment; an edit and an attached reflection keep the state."""

from functools import reduce
from operator import or_

import rules
from django.utils.translation import gettext_lazy as _

from cell05.workflow import Action, Guard, in_states, register_perms
from plans.choices import MondayState, PledgeState
from plans.rules import (
    evaluates_pledge,
    manages_session,
    records_session,
    reviews_pledge,
    writes_pledge,
)

S = PledgeState

PLEDGE_WORKFLOW = {
    "edit": Action(
        "plans.edit_pledge", frozenset({S.DRAFT}), None, writes_pledge, _("edited"), "pledge.edited"
    ),
    "submit": Action(
        "plans.submit_pledge",
        frozenset({S.DRAFT}),
        S.SUBMITTED,
        writes_pledge,
        _("submitted"),
        "pledge.submitted",
        # Its items: prefetched by the pledge's page, asked afresh by the service.
        guards=(
            Guard(
                lambda pledge: pledge.items.exists(),
                _("Write at least one item before submitting the pledge."),
            ),
        ),
    ),
    "approve": Action(
        "plans.approve_pledge",
        frozenset({S.SUBMITTED}),
        S.APPROVED,
        reviews_pledge,
        _("approved"),
        "pledge.approved",
    ),
    "return": Action(
        "plans.return_pledge",
        frozenset({S.SUBMITTED}),
        S.DRAFT,
        reviews_pledge,
        _("returned"),
        "pledge.returned",
    ),
    "self_assess": Action(
        "plans.self_assess_pledge",
        frozenset({S.APPROVED, S.SELF_ASSESSED}),
        S.SELF_ASSESSED,
        writes_pledge,
        _("self-assessed"),
        "pledge.self_assessed",
    ),
    "evaluate": Action(
        "plans.evaluate_pledge",
        frozenset({S.SELF_ASSESSED, S.EVALUATED}),
        S.EVALUATED,
        evaluates_pledge,
        _("evaluated"),
        "pledge.evaluated",
    ),
    # The study reflection may be attached until the cell has rated the pledge.
    "attach_reflection": Action(
        "plans.attach_reflection_pledge",
        frozenset({S.DRAFT, S.SUBMITTED, S.APPROVED, S.SELF_ASSESSED}),
        None,
        writes_pledge,
        _("given a reflection"),
        "pledge.reflection_attached",
    ),
}

register_perms(PLEDGE_WORKFLOW)

# The actions that move the pledge: their start states and the state they lead to.
TRANSITIONS = {
    name: (action.sources, action.target)
    for name, action in PLEDGE_WORKFLOW.items()
    if action.target is not None
}


# The Monday session's life. The rota plans it; what happened is recorded by choosing its state
# (held, not held, or planned again), each choice one action; the reader and the material chosen
# ahead are recorded on a planned session, which stays planned. Only a planned session is
# swapped with another, or removed for a day off: a recorded one stays in the rota.
M = MondayState
ANY_MONDAY = frozenset(M)

MONDAY_WORKFLOW = {
    "prepare": Action(
        "plans.prepare_monday_session",
        frozenset({M.PLANNED}),
        None,
        records_session,
        _("prepared"),
        "monday.recorded",
    ),
    "hold": Action(
        "plans.hold_monday_session",
        ANY_MONDAY,
        M.HELD,
        records_session,
        _("recorded as held"),
        "monday.recorded",
    ),
    "mark_not_held": Action(
        "plans.mark_not_held_monday_session",
        ANY_MONDAY,
        M.NOT_HELD,
        records_session,
        _("recorded as not held"),
        "monday.recorded",
    ),
    "reopen": Action(
        "plans.reopen_monday_session",
        frozenset({M.HELD, M.NOT_HELD}),
        M.PLANNED,
        records_session,
        _("planned again"),
        "monday.recorded",
    ),
    "swap": Action(
        "plans.swap_monday_session",
        frozenset({M.PLANNED}),
        None,
        manages_session,
        _("swapped"),
        "monday.swapped",
    ),
    "remove": Action(
        "plans.remove_monday_session",
        frozenset({M.PLANNED}),
        None,
        manages_session,
        _("removed for a day off"),
        "monday.removed_for_day_off",
    ),
}

register_perms(MONDAY_WORKFLOW)

# A session still ahead of its reading: its reader and its material may yet be chosen.
MONDAY_PLANNED = MONDAY_WORKFLOW["prepare"].sources


def monday_record_action(session, state: str) -> str:
    """The action that records the session in the chosen state: to plan again a session that is
    planned keeps it so, with the reader and the material chosen ahead."""
    if state == M.HELD:
        return "hold"
    if state == M.NOT_HELD:
        return "mark_not_held"
    return "prepare" if session.state == M.PLANNED else "reopen"


# The actions that record what happened at a session: one of them is open to whoever may record.
MONDAY_RECORD_ACTIONS = ("prepare", "hold", "mark_not_held", "reopen")

# Whether the user may record the session now, in some state: the rota's button and the page.
rules.add_perm(
    "plans.record_monday_session",
    reduce(or_, (in_states(MONDAY_WORKFLOW[name]) & records_session for name in MONDAY_RECORD_ACTIONS)),
)
