"""The pledge's life: each action, the states it starts from, the state it leads to, who may take
it, how a refusal names it and what the history records. A return sends the pledge back to draft
with the reviewer's comment; an edit and an attached reflection keep the state."""

from django.utils.translation import gettext_lazy as _

from cell05.workflow import Action, register_perms
from plans.choices import PledgeState
from plans.rules import evaluates_pledge, reviews_pledge, writes_pledge

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
