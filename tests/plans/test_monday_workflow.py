"""Every action of the Monday session's workflow table, from every state and for every role: the
services and the permissions agree with the table."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict

from plans.choices import MondayState
from plans.models import MondaySession
from plans.services import monday as monday_services
from plans.workflow import MONDAY_WORKFLOW, monday_record_action
from tests.factories import make_monday_session
from tests.plans.helpers import user_of

pytestmark = pytest.mark.django_db

# The session is group 1's: its leader records it, the cell committee records and moves any.
PERSONAS = [
    "member",
    "leader",
    "other_leader",
    "secretary",
    "committee_member",
    "staff",
    "other_secretary",
]
COMMITTEE = {"secretary", "committee_member"}
ROLES = {"records": COMMITTEE | {"leader"}, "manages": COMMITTEE}
ROLE_OF = {
    "prepare": "records",
    "hold": "records",
    "mark_not_held": "records",
    "reopen": "records",
    "swap": "manages",
    "remove": "manages",
}
# The state each recording action asks for.
RECORDS = {
    "prepare": MondayState.PLANNED,
    "hold": MondayState.HELD,
    "mark_not_held": MondayState.NOT_HELD,
    "reopen": MondayState.PLANNED,
}
DAY = date(2021, 3, 8)


def session_in(world, state):
    return make_monday_session(world.cell, world.group1, DAY, state)


def act(world, name, actor, session):
    """Take the action through its service; says whether the session was moved."""
    if name in RECORDS:
        data = {"state": RECORDS[name], "reader": None, "story": None, "attendance": None, "note": ""}
        if name == "hold":
            data.update(reader=world.leader, attendance=18)
        if name == "mark_not_held":
            data["not_held_reason"] = "Mưa bão"
        monday_services.monday_session_record(
            actor=actor, session=session, data=data, version=session.version
        )
        return True
    if name == "swap":
        second = make_monday_session(world.cell, world.group2, date(2021, 3, 15))
        monday_services.monday_sessions_swap(actor=actor, first=session, second=second)
        return True
    _day_off, removed = monday_services.monday_day_off_mark(
        actor=actor, cell=world.cell, day=session.day, reason="Nghỉ bù"
    )
    return removed


def test_every_action_has_a_role_in_this_test():
    assert set(ROLE_OF) == set(MONDAY_WORKFLOW)


@pytest.mark.parametrize("wanted", MondayState)
@pytest.mark.parametrize("state", MondayState)
def test_a_record_takes_the_action_that_starts_from_the_sessions_state_and_leads_to_the_chosen_one(
    plan_world, state, wanted
):
    session = session_in(plan_world, state)
    action = MONDAY_WORKFLOW[monday_record_action(session, wanted)]
    assert state in action.sources
    assert (action.target or state) == wanted


@pytest.mark.parametrize(
    ("name", "state"),
    [
        (name, state)
        for name, action in MONDAY_WORKFLOW.items()
        for state in MondayState
        if state not in action.sources
    ],
)
def test_from_a_state_outside_the_start_states_nobody_may_act(plan_world, name, state):
    session = session_in(plan_world, state)
    before = model_to_dict(MondaySession.objects.get(pk=session.pk))
    for persona in PERSONAS:
        assert not user_of(plan_world, persona).has_perm(MONDAY_WORKFLOW[name].perm, session)
    if name in RECORDS:
        # The record of that state is another action, which starts from this state.
        assert monday_record_action(session, RECORDS[name]) != name
        return
    if name == "swap":
        with pytest.raises(ValidationError):
            act(plan_world, name, plan_world.secretary.user, session)
    else:
        # A day off keeps a recorded session in the rota.
        assert act(plan_world, name, plan_world.secretary.user, session) is False
    assert model_to_dict(MondaySession.objects.get(pk=session.pk)) == before


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "state"),
    [(name, state) for name, action in MONDAY_WORKFLOW.items() for state in sorted(action.sources)],
)
def test_from_a_start_state_exactly_the_table_roles_may_act(plan_world, name, state, persona):
    action = MONDAY_WORKFLOW[name]
    session = session_in(plan_world, state)
    actor = user_of(plan_world, persona)
    allowed = persona in ROLES[ROLE_OF[name]]
    assert actor.has_perm(action.perm, session) is allowed
    if not allowed:
        before = model_to_dict(MondaySession.objects.get(pk=session.pk))
        with pytest.raises(PermissionDenied):
            act(plan_world, name, actor, session)
        assert model_to_dict(MondaySession.objects.get(pk=session.pk)) == before
        return
    assert act(plan_world, name, actor, session) is True
    if name == "remove":
        assert not MondaySession.objects.filter(pk=session.pk).exists()
        entry = MondaySession.history.filter(id=session.pk).first()
    else:
        assert MondaySession.objects.get(pk=session.pk).state == (action.target or state)
        entry = MondaySession.objects.get(pk=session.pk).history.first()
    assert entry.history_change_reason == action.history
