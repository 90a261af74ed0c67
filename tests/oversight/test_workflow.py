"""Every action of the case's workflow table, from every state and for every role: the service
and the permission agree with the table; and each condition of an action beside the state both
refuses the action and hides its button."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation

from oversight.choices import CaseKind, CaseState
from oversight.models import Case
from oversight.services import (
    case_attach,
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


def case_in(world, state, **fields):
    return make_case(world.cell, [world.member], state=state, remedy="Sửa ngay", **fields)


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
    if name == "mark_remedied":
        return case_mark_remedied(actor=actor, case=case, done_on=date(2020, 9, 1))
    upload = SimpleUploadedFile("ket-luan.pdf", b"%PDF-1.4\n% ket luan\n", content_type="application/pdf")
    return case_attach(actor=actor, case=case, upload=upload)


def test_every_action_is_taken_in_this_test():
    assert set(CASE_WORKFLOW) == {"edit", "start", "conclude", "convert", "mark_remedied", "attach"}


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


def converted_supervision(world):
    case = case_in(world, CaseState.CONCLUDED)
    act("convert", world.secretary.user, case)
    return case


# Each condition of an action beside the case's state: a case in a start state of the action that
# fails it, the button's address and the refusal.
GUARDED = {
    "an inspection is not turned into one": (
        "convert",
        lambda world: make_case(
            world.cell, [world.member], kind=CaseKind.INSPECTION, state=CaseState.CONCLUDED
        ),
        "case_convert",
        "Only a supervision can be turned into an inspection.",
    ),
    "a supervision is turned into an inspection once": (
        "convert",
        converted_supervision,
        "case_convert",
        "This supervision was already turned into an inspection.",
    ),
    "a case with nothing to fix is not marked as fixed": (
        "mark_remedied",
        lambda world: make_case(world.cell, [world.member], state=CaseState.CONCLUDED),
        "case_remedied",
        "Only a concluded case with something to fix can be marked as fixed.",
    ),
    "a fix is marked once": (
        "mark_remedied",
        lambda world: case_in(world, CaseState.CONCLUDED, remedy_done_on=date(2020, 9, 1)),
        "case_remedied",
        "This case is already marked as fixed.",
    ),
}


def button_shown(client, world, case, url_name) -> bool:
    page = client.get(case.get_absolute_url()).content.decode()
    return reverse(f"oversight:{url_name}", kwargs={"slug": world.cell.slug, "pk": case.pk}) in page


@pytest.mark.parametrize("condition", GUARDED)
def test_a_condition_beside_the_state_refuses_the_action_and_hides_its_button(world, login, condition):
    name, make, url_name, refusal = GUARDED[condition]
    case = make(world)
    assert case.state in CASE_WORKFLOW[name].sources
    before = model_to_dict(Case.objects.get(pk=case.pk))
    cases = Case.objects.count()

    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            act(name, world.secretary.user, case)
        # The refusal is told in the language of the request.
        told = refused.value.messages

    assert told == [refusal]
    assert (model_to_dict(Case.objects.get(pk=case.pk)), Case.objects.count()) == (before, cases)
    assert not button_shown(login(world.secretary), world, case, url_name)


@pytest.mark.parametrize(
    ("name", "url_name"), [("convert", "case_convert"), ("mark_remedied", "case_remedied")]
)
def test_a_case_that_meets_the_conditions_shows_the_button(world, login, name, url_name):
    case = case_in(world, CaseState.CONCLUDED)
    assert button_shown(login(world.secretary), world, case, url_name)


def test_a_button_refused_by_a_condition_tells_why_on_the_case_page(world, login):
    case = make_case(world.cell, [world.member], state=CaseState.CONCLUDED)
    url = reverse("oversight:case_remedied", kwargs={"slug": world.cell.slug, "pk": case.pk})

    response = login(world.secretary).post(url, {"day": "01/09/2020"}, follow=True)

    assert response.redirect_chain == [(case.get_absolute_url(), 302)]
    assert "có nội dung cần khắc phục mới có" in response.content.decode()
    assert Case.objects.get(pk=case.pk).remedy_done_on is None
