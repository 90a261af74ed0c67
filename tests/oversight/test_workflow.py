"""Every action of the case's workflow table, from every state and for every role: the service
and the permission agree with the table."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict

from oversight.choices import CaseState
from oversight.models import Case
from oversight.services import (
    case_conclude,
    case_convert_to_inspection,
    case_mark_remedied,
    case_save,
    case_start,
)
from oversight.workflow import CASE_WORKFLOW
from tests.factories import make_case

pytestmark = pytest.mark.django_db

# The member concerned by the case, the group leader, another member, the cell committee, the
# superior office and another cell's secretary: only the cell committee manages cases.
PERSONAS = [
    "member",
    "leader",
    "other_group_member",
    "secretary",
    "committee_member",
    "staff",
    "other_secretary",
]
MANAGERS = {"secretary", "committee_member"}


def user_of(world, persona):
    person = getattr(world, persona)
    return getattr(person, "user", person)


def case_in(world, state):
    return make_case(world.cell, [world.member], state=state, remedy="Sửa ngay")


def act(name, actor, case):
    if name == "edit":
        return case_save(
            actor=actor,
            cell=case.cell,
            data={"content": "Nội dung mới"},
            members=[case.members.first()],
            case=case,
            version=case.version,
        )
    if name == "start":
        return case_start(actor=actor, case=case, start_on=date(2020, 7, 1))
    if name == "conclude":
        data = {"findings": "Tốt", "conclusion": "good"}
        return case_conclude(actor=actor, case=case, data=data, end_on=date(2020, 8, 1), version=case.version)
    if name == "convert":
        return case_convert_to_inspection(
            actor=actor, case=case, decision_number="09-QĐ/CB", decision_date=date(2020, 9, 1)
        )
    return case_mark_remedied(actor=actor, case=case, done_on=date(2020, 9, 1))


def test_every_action_is_taken_in_this_test():
    assert set(CASE_WORKFLOW) == {"edit", "start", "conclude", "convert", "mark_remedied"}


@pytest.mark.parametrize(
    ("name", "state"),
    [
        (name, state)
        for name, action in CASE_WORKFLOW.items()
        for state in CaseState
        if state not in action.sources
    ],
)
def test_from_a_state_outside_the_start_states_nobody_may_act(world, name, state):
    case = case_in(world, state)
    before = model_to_dict(Case.objects.get(pk=case.pk))
    for persona in PERSONAS:
        assert not user_of(world, persona).has_perm(CASE_WORKFLOW[name].perm, case)
    with pytest.raises((ValidationError, PermissionDenied)):
        act(name, world.secretary.user, case)
    assert model_to_dict(Case.objects.get(pk=case.pk)) == before


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "state"),
    [(name, state) for name, action in CASE_WORKFLOW.items() for state in sorted(action.sources)],
)
def test_from_a_start_state_only_the_cell_committee_may_act(world, name, state, persona):
    action = CASE_WORKFLOW[name]
    case = case_in(world, state)
    actor = user_of(world, persona)
    allowed = persona in MANAGERS
    assert actor.has_perm(action.perm, case) is allowed
    if not allowed:
        before = model_to_dict(Case.objects.get(pk=case.pk))
        with pytest.raises(PermissionDenied):
            act(name, actor, case)
        assert model_to_dict(Case.objects.get(pk=case.pk)) == before
        return
    result = act(name, actor, case)
    saved = Case.objects.get(pk=case.pk)
    assert saved.state == (action.target or state)
    # A conversion opens a new case, whose history says so.
    assert result.history.first().history_change_reason == action.history
