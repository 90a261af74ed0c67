"""The page of a study year: the pledges counted per group, bulk approval and the export
(plans/views/years.py).
"""

import html
import io

import pytest
from django.utils.html import strip_tags

from plans.choices import PledgeState
from plans.models import Pledge
from tests.factories import make_member, make_pledge
from tests.plans.helpers import year_url
from tests.query_counts import first_visit_queries

pytestmark = pytest.mark.django_db


def test_year_page_counts_pledges_per_group_and_names_the_missing(plan_world, login):
    make_pledge(plan_world.owner, plan_world.study_year, PledgeState.APPROVED)
    make_pledge(plan_world.leader, plan_world.study_year, PledgeState.SUBMITTED)
    make_pledge(plan_world.other_member, plan_world.study_year, PledgeState.DRAFT)
    overview = login(plan_world.secretary).get(year_url("year_detail", plan_world)).context["overview"]
    total = overview["total"]
    assert (total["members"], total["filed"], total["approved"]) == (7, 2, 1)
    assert total["rate"] == round(100 * 2 / 7, 1)
    group1 = next(row for row in overview["groups"] if row["group"] == plan_world.group1)
    assert {m.full_name for m in group1["missing"]} == {"Hoàng Văn Bí", "Phạm Thị Phó", "Vũ Thị Bạn"}


def test_year_page_filters_by_state(plan_world, login):
    make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SUBMITTED)
    rows = (
        login(plan_world.secretary)
        .get(year_url("year_detail", plan_world), {"state": "submitted"})
        .context["overview"]["rows"]
    )
    assert [row["member"] for row in rows] == [plan_world.owner]


def test_secretary_approves_the_selected_pledges_at_once(plan_world, login):
    first = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SUBMITTED)
    second = make_pledge(plan_world.leader, plan_world.study_year, PledgeState.SUBMITTED)
    left_alone = make_pledge(plan_world.other_member, plan_world.study_year, PledgeState.SUBMITTED)
    response = login(plan_world.secretary).post(
        year_url("year_bulk_approve", plan_world), {"pledges": [first.pk, second.pk]}
    )
    assert response.status_code == 302
    states = dict(Pledge.objects.values_list("pk", "state"))
    assert (states[first.pk], states[second.pk], states[left_alone.pk]) == (
        "approved",
        "approved",
        "submitted",
    )


def test_year_page_offers_to_approve_only_the_pledges_waiting_for_approval(plan_world, login):
    waiting = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SUBMITTED)
    draft = make_pledge(plan_world.leader, plan_world.study_year, PledgeState.DRAFT)
    approved = make_pledge(plan_world.other_member, plan_world.study_year, PledgeState.APPROVED)
    page = login(plan_world.secretary).get(year_url("year_detail", plan_world)).content.decode()
    assert f'name="pledges" value="{waiting.pk}"' in page
    assert f'name="pledges" value="{draft.pk}"' not in page
    assert f'name="pledges" value="{approved.pk}"' not in page


def test_year_page_offers_the_secretary_no_box_for_their_own_waiting_pledge(plan_world, login):
    own = make_pledge(plan_world.secretary, plan_world.study_year, PledgeState.SUBMITTED)
    other = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SUBMITTED)
    page = login(plan_world.secretary).get(year_url("year_detail", plan_world)).content.decode()
    assert f'name="pledges" value="{own.pk}"' not in page
    assert f'name="pledges" value="{other.pk}"' in page


def test_bulk_approve_refuses_a_draft_slipped_into_the_selection(plan_world, login):
    draft = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.DRAFT)
    response = login(plan_world.secretary).post(
        year_url("year_bulk_approve", plan_world), {"pledges": [draft.pk]}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == PledgeState.DRAFT


def test_year_page_says_which_pledge_was_returned_by_whom_and_which_member_has_none(plan_world, login):
    make_pledge(
        plan_world.owner,
        plan_world.study_year,
        PledgeState.DRAFT,
        return_comment="Chỉ tiêu chưa đo được",
        reviewed_by=plan_world.leader,
    )
    make_pledge(plan_world.other_member, plan_world.study_year, PledgeState.SUBMITTED)
    page = login(plan_world.secretary).get(year_url("year_detail", plan_world)).content.decode()
    listed = page.split(year_url("year_bulk_approve", plan_world))[1]  # the pledges, row by row
    rows = [" ".join(html.unescape(strip_tags(row)).split()) for row in listed.split("<tr")[1:]]

    def row_of(name: str) -> str:
        return next(row for row in rows if name in row)

    assert "Bị trả lại ý kiến của đồng chí Trần Thị Tổ: “Chỉ tiêu chưa đo được”" in row_of("Nguyễn Thị Đào")
    assert "Đã nộp" in row_of("Vũ Thị Bạn")
    assert "Chưa có bản đăng ký" in row_of("Lê Văn Ủy")


def test_year_export_lists_every_member_with_the_state(plan_world, login):
    import openpyxl

    make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SUBMITTED)
    response = login(plan_world.secretary).get(year_url("year_export", plan_world))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    states = {row[0]: row[2] for row in rows[1:]}
    assert len(states) == 7
    assert states["Nguyễn Thị Đào"] == "Đã nộp"
    assert states["Vũ Thị Bạn"] == "Chưa có bản đăng ký"


@pytest.mark.parametrize(("persona", "status"), [("member", 403), ("leader", 403), ("staff", 200)])
def test_year_export_is_for_the_committee_and_the_superior_office(plan_world, login, persona, status):
    assert login(getattr(plan_world, persona)).get(year_url("year_export", plan_world)).status_code == status


def test_plain_member_sees_no_pledge_figures_on_the_year_page(plan_world, login):
    response = login(plan_world.other_member).get(year_url("year_detail", plan_world))
    assert response.status_code == 200
    assert "overview" not in response.context


def test_group_leader_sees_the_pledges_of_the_own_group_only(plan_world, login):
    own_group = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SUBMITTED)
    make_pledge(plan_world.committee_member, plan_world.study_year, PledgeState.SUBMITTED)
    response = login(plan_world.leader).get(year_url("year_detail", plan_world))
    assert list(response.context["group_pledges"]) == [own_group]


@pytest.mark.parametrize("page", ["year_detail", "year_export"])
def test_year_pages_make_the_same_number_of_queries_for_3_and_30_members(plan_world, login, page):
    client = login(plan_world.secretary)
    client.get(year_url(page, plan_world))

    def count():
        return first_visit_queries(client, year_url(page, plan_world))

    few = count()
    for number in range(24):
        member = make_member(plan_world.cell, plan_world.group2)
        if number % 2:
            make_pledge(member, plan_world.study_year, PledgeState.EVALUATED)
    assert count() == few
