"""Every change of state of a pledge, allowed and refused, for every role."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict

from cell05.versions import StaleEdit
from plans.choices import ItemResult, PledgeState, Rating
from plans.models import Pledge
from plans.services import pledges as pledge_services
from plans.workflow import TRANSITIONS
from tests.factories import make_pledge
from tests.plans.helpers import PERSONAS, user_of

pytestmark = pytest.mark.django_db

ALLOWED = {
    "submit": {"owner", "secretary", "committee_member"},
    "approve": {"leader", "secretary", "committee_member"},
    "return": {"leader", "secretary", "committee_member"},
    "self_assess": {"owner", "secretary", "committee_member"},
    "evaluate": {"secretary", "committee_member"},
}
START = {
    "submit": PledgeState.DRAFT,
    "approve": PledgeState.SUBMITTED,
    "return": PledgeState.SUBMITTED,
    "self_assess": PledgeState.APPROVED,
    "evaluate": PledgeState.SELF_ASSESSED,
}


def act(action, actor, pledge, version=None):
    version = pledge.version if version is None else version
    if action == "submit":
        return pledge_services.pledge_submit(actor=actor, pledge=pledge, version=version)
    if action == "approve":
        return pledge_services.pledge_approve(actor=actor, pledge=pledge, version=version)
    if action == "return":
        return pledge_services.pledge_return(
            actor=actor, pledge=pledge, comment="Cần cụ thể hơn", version=version
        )
    if action == "self_assess":
        results = {item.pk: (ItemResult.DONE, "") for item in pledge.items.all()}
        return pledge_services.pledge_self_assess(
            actor=actor, pledge=pledge, version=version, results=results, summary="Hoàn thành"
        )
    return pledge_services.pledge_evaluate(
        actor=actor, pledge=pledge, version=version, rating=Rating.GOOD, score=80, comment=""
    )


def snapshot(pledge):
    return model_to_dict(Pledge.objects.get(pk=pledge.pk)), list(pledge.items.values())


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_each_role_may_take_exactly_its_actions(plan_world, action, persona):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, START[action])
    before = snapshot(pledge)
    actor = user_of(plan_world, persona)
    if persona in ALLOWED[action]:
        changed = act(action, actor, pledge)
        assert Pledge.objects.get(pk=pledge.pk).state == TRANSITIONS[action][1] == changed.state
        record = Pledge.objects.get(pk=pledge.pk).history.first()
        assert record.history_user == actor
    else:
        with pytest.raises(PermissionDenied):
            act(action, actor, pledge)
        assert snapshot(pledge) == before


@pytest.mark.parametrize(
    ("action", "state"),
    [
        (action, state)
        for action, (sources, _) in TRANSITIONS.items()
        for state in PledgeState
        if state not in sources
    ],
)
def test_an_action_from_a_state_that_does_not_allow_it_is_refused(plan_world, action, state):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, state)
    before = snapshot(pledge)
    with pytest.raises(ValidationError):
        act(action, plan_world.secretary.user, pledge)
    assert snapshot(pledge) == before


def test_nobody_reviews_the_own_pledge(plan_world):
    pledge = make_pledge(plan_world.secretary, plan_world.study_year, PledgeState.SUBMITTED)
    with pytest.raises(PermissionDenied):
        act("approve", plan_world.secretary.user, pledge)
    assert act("approve", plan_world.deputy.user, pledge).state == PledgeState.APPROVED


def test_a_pledge_without_items_cannot_be_submitted(plan_world):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)
    with pytest.raises(ValidationError):
        act("submit", plan_world.owner.user, pledge)
    assert Pledge.objects.get(pk=pledge.pk).state == PledgeState.DRAFT


def test_return_needs_a_comment_and_sends_the_pledge_back_to_draft(plan_world):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SUBMITTED)
    with pytest.raises(ValidationError):
        pledge_services.pledge_return(
            actor=plan_world.leader.user, pledge=pledge, comment="  ", version=pledge.version
        )
    returned = act("return", plan_world.leader.user, pledge)
    assert (returned.state, returned.return_comment, returned.reviewed_by) == (
        PledgeState.DRAFT,
        "Cần cụ thể hơn",
        plan_world.leader,
    )


def test_a_score_outside_the_band_of_the_rating_is_refused(plan_world):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SELF_ASSESSED)
    with pytest.raises(ValidationError) as error:
        pledge_services.pledge_evaluate(
            actor=plan_world.secretary.user,
            pledge=pledge,
            version=pledge.version,
            rating=Rating.EXCELLENT,
            score=75,
            comment="",
        )
    assert "score" in error.value.message_dict
    assert Pledge.objects.get(pk=pledge.pk).state == PledgeState.SELF_ASSESSED


def test_an_action_on_an_older_copy_is_refused(plan_world):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SUBMITTED)
    seen = pledge.version
    act("return", plan_world.leader.user, pledge)
    with pytest.raises(StaleEdit) as error:
        act("approve", plan_world.secretary.user, pledge, version=seen)
    assert error.value.current.state == PledgeState.DRAFT
    assert Pledge.objects.get(pk=pledge.pk).state == PledgeState.DRAFT


def test_one_pledge_per_member_per_year_is_a_database_fact(plan_world):
    from django.db import IntegrityError, transaction

    make_pledge(plan_world.owner, plan_world.study_year)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.create(member=plan_world.owner, study_year=plan_world.study_year)
