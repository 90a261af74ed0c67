"""Every action of the pledge's workflow table, from every state and for every role: the service
and the permission agree with the table; and the condition of an action beside the state both
refuses the action and hides its button."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from plans.choices import ItemResult, PledgeState, Rating
from plans.models import Pledge
from plans.services import pledges as pledge_services
from plans.workflow import PLEDGE_WORKFLOW
from tests.factories import make_pledge
from tests.plans.helpers import PERSONAS, user_of

pytestmark = pytest.mark.django_db

# Who the table's roles let act on the owner's pledge of group 1.
ROLE_PERSONAS = {
    "writes": {"owner", "secretary", "committee_member"},
    "reviews": {"leader", "secretary", "committee_member"},
    "evaluates": {"secretary", "committee_member"},
}
ROLE_OF = {
    "edit": "writes",
    "submit": "writes",
    "approve": "reviews",
    "return": "reviews",
    "self_assess": "writes",
    "evaluate": "evaluates",
    "attach_reflection": "writes",
}


def act(name, actor, pledge):
    version = pledge.version
    if name == "edit":
        items = [
            {
                "id": item.pk,
                "action": item.action,
                "aspect": item.aspect,
                "target": "Mới",
                "timeframe": "Quý I",
            }
            for item in pledge.items.all()
        ]
        return pledge_services.pledge_update(actor=actor, pledge=pledge, version=version, items=items)
    if name == "submit":
        return pledge_services.pledge_submit(actor=actor, pledge=pledge, version=version)
    if name == "approve":
        return pledge_services.pledge_approve(actor=actor, pledge=pledge, version=version)
    if name == "return":
        return pledge_services.pledge_return(
            actor=actor, pledge=pledge, comment="Cần cụ thể hơn", version=version
        )
    if name == "self_assess":
        results = {item.pk: (ItemResult.DONE, "") for item in pledge.items.all()}
        return pledge_services.pledge_self_assess(
            actor=actor, pledge=pledge, version=version, results=results, summary="Hoàn thành"
        )
    if name == "evaluate":
        return pledge_services.pledge_evaluate(
            actor=actor, pledge=pledge, version=version, rating=Rating.GOOD, score=80, comment=""
        )
    upload = SimpleUploadedFile("thu-hoach.pdf", b"%PDF-1.4 thu hoach", content_type="application/pdf")
    return pledge_services.pledge_set_reflection_file(
        actor=actor, pledge=pledge, upload=upload, version=version
    )


def test_every_action_has_a_role_in_this_test():
    assert set(ROLE_OF) == set(PLEDGE_WORKFLOW)


@pytest.mark.parametrize(
    ("name", "state"),
    [
        (name, state)
        for name, action in PLEDGE_WORKFLOW.items()
        for state in PledgeState
        if state not in action.sources
    ],
)
def test_from_a_state_outside_the_start_states_nobody_may_act(plan_world, name, state):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, state)
    for persona in PERSONAS:
        assert not user_of(plan_world, persona).has_perm(PLEDGE_WORKFLOW[name].perm, pledge)
    with pytest.raises((ValidationError, PermissionDenied)):
        act(name, plan_world.secretary.user, pledge)
    assert Pledge.objects.get(pk=pledge.pk).state == state


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "state"),
    [(name, state) for name, action in PLEDGE_WORKFLOW.items() for state in sorted(action.sources)],
)
def test_from_a_start_state_exactly_the_table_roles_may_act(plan_world, name, state, persona):
    action = PLEDGE_WORKFLOW[name]
    pledge = make_pledge(plan_world.owner, plan_world.study_year, state)
    actor = user_of(plan_world, persona)
    allowed = persona in ROLE_PERSONAS[ROLE_OF[name]]
    assert actor.has_perm(action.perm, pledge) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            act(name, actor, pledge)
        assert Pledge.objects.get(pk=pledge.pk).state == state
        return
    act(name, actor, pledge)
    saved = Pledge.objects.get(pk=pledge.pk)
    assert saved.state == (action.target or state)
    assert saved.history.first().history_change_reason == action.history


def submit_button_shown(client, world, pledge) -> bool:
    page = client.get(pledge.get_absolute_url()).content.decode()
    return reverse("plans:pledge_submit", kwargs={"slug": world.cell.slug, "pk": pledge.pk}) in page


def test_a_draft_without_items_is_not_submitted_and_shows_no_submit_button(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.DRAFT, items=0)

    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            act("submit", plan_world.owner.user, pledge)
        # The refusal is told in the language of the request.
        told = refused.value.messages

    assert told == ["Write at least one item before submitting the pledge."]
    assert Pledge.objects.get(pk=pledge.pk).state == PledgeState.DRAFT
    assert not submit_button_shown(login(plan_world.owner), plan_world, pledge)


def test_a_draft_with_an_item_shows_the_submit_button(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.DRAFT, items=1)
    assert submit_button_shown(login(plan_world.owner), plan_world, pledge)
