from datetime import date

import pytest
from django.urls import reverse

from cell05.periods import Period
from figures.counting.oversight import commendation_counts
from oversight.models import Praise, RewardProposal
from tests.factories import PraiseFactory, RewardProposalFactory
from tests.two_editors import refused_then_saved

pytestmark = pytest.mark.django_db


def commendation_figures(cell, first_day, last_day):
    """The commendation figures of the cell over the days, from the counting engine."""
    return commendation_counts([cell], Period(first_day, last_day))[cell.pk]


def url(name, world):
    return reverse(f"oversight:{name}", kwargs={"slug": world.cell.slug})


def proposal_data(**extra):
    return {
        "target": "individual",
        "number": "05-TTr/CB",
        "proposed_on": "20/04/2020",
        "addressed_to": "Ban Thường vụ Đảng ủy phường",
        "reason": "Tiêu biểu trong học tập và làm theo Bác",
        "outcome": "pending",
        "version": 1,
        **extra,
    }


def test_secretary_praises_a_member_and_proposes_rewards(world, login):
    client = login(world.secretary)
    client.post(
        url("praise_create", world),
        {
            "member": world.member.pk,
            "praised_on": "18/12/2020",
            "occasion": "Hội nghị tổng kết",
            "reason": "Gương mẫu",
            "version": 1,
        },
    )
    client.post(url("proposal_create", world), proposal_data(member=world.member.pk))
    client.post(
        url("proposal_create", world),
        proposal_data(
            target="collective",
            number="06-TTr/CB",
            group=world.group1.pk,
            outcome="granted",
            decision_number="120-QĐ/ĐU",
            decision_date="20/05/2020",
        ),
    )
    assert Praise.objects.get().member == world.member
    figures = commendation_figures(world.cell, date(2020, 1, 1), date(2020, 12, 31))
    assert (
        figures["comrades_praised"],
        figures["proposals_individual"],
        figures["proposals_collective"],
    ) == (1, 1, 1)
    assert (figures["granted_collective"], figures["granted_individual"]) == (1, 0)
    page = client.get(url("commendations", world) + "?start=2020&end=2020").content.decode()
    assert '<div class="display-6" data-figure="comrades-praised">1</div>' in page
    assert '<div class="display-6" data-figure="proposals-collective">1</div>' in page


def test_each_proposal_is_one_turn_and_each_comrade_counts_once(world):
    for number in ("01", "02"):
        RewardProposalFactory(
            cell=world.cell, member=world.member, number=f"{number}-TTr/CB", proposed_on=date(2019, 4, 1)
        )
    for day in (date(2019, 6, 1), date(2019, 12, 1)):
        PraiseFactory(cell=world.cell, member=world.member, praised_on=day)
    figures = commendation_figures(world.cell, date(2019, 1, 1), date(2019, 12, 31))
    assert (figures["proposals_individual"], figures["comrades_praised"], figures["praises"]) == (2, 1, 2)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({}, "member"),
        ({"target": "collective"}, "collective_name"),
        ({"outcome": "granted", "member": "MEMBER"}, "decision_number"),
        ({"decision_date": "01/01/2020", "member": "MEMBER"}, "decision_date"),
    ],
)
def test_a_proposal_that_does_not_hold_together_is_refused(world, login, extra, field):
    data = proposal_data(**extra)
    if data.get("member") == "MEMBER":
        data["member"] = world.member.pk
    response = login(world.secretary).post(url("proposal_create", world), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not RewardProposal.objects.exists()


@pytest.mark.parametrize(
    ("persona", "page", "status"),
    [
        ("member", "commendations", 200),
        ("member", "praise_create", 403),
        ("staff", "commendations", 200),
        ("staff", "proposal_create", 403),
        ("other_secretary", "commendations", 404),
    ],
)
def test_commendation_pages_answer_each_role(world, login, persona, page, status):
    assert login(getattr(world, persona)).get(url(page, world)).status_code == status


@pytest.mark.parametrize("kind", ["praise", "proposal"])
def test_a_save_on_an_older_copy_is_refused_and_keeps_what_was_typed(world, kind):
    if kind == "praise":
        record = PraiseFactory(cell=world.cell, member=world.member)
        data = {"member": world.member.pk, "praised_on": "18/12/2020", "occasion": ""}
    else:
        record = RewardProposalFactory(cell=world.cell, member=world.member)
        data = proposal_data(member=world.member.pk)
    refused_then_saved(
        url=reverse(f"oversight:{kind}_update", kwargs={"slug": world.cell.slug, "pk": record.pk}),
        data=data,
        first=world.secretary,
        second=world.committee_member,
        model=type(record),
        field="reason",
        theirs="Lý do bí thư sửa trên máy tính",
        mine="Lý do chi ủy viên gõ trên điện thoại",
    )
    assert type(record).objects.get(pk=record.pk).reason == "Lý do chi ủy viên gõ trên điện thoại"


def test_the_commendations_column_heads_the_members_and_collectives_commended(world, login):
    PraiseFactory(cell=world.cell, member=world.member, praised_on=date(2026, 1, 5))
    commendations = login(world.secretary).get(url("commendations", world)).content.decode()
    assert "<th>Đảng viên, tập thể</th>" in commendations
    assert "Chi bộ, cấp ủy" not in commendations
