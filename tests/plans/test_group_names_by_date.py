"""A renamed group is named, on every page and document of a date, by the name it bore then;
the pages of today (member list, group management) keep today's name."""

import io
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from members.selectors import group_name_on, group_names_on
from members.services.groups import group_rename
from members.services.members import member_move
from oversight.choices import ProposalTarget
from plans.choices import PledgeState
from reports.document.assembly import report_document
from reports.services.editing import report_create
from tests.factories import (
    RewardProposalFactory,
    make_monday_session,
    make_pledge,
    make_study_year,
    report_header,
)

pytestmark = pytest.mark.django_db

OLD, NEW = "Tổ đảng số 1", "Tổ đảng Khối Dân"
RENAMED_ON = date(2021, 7, 1)


@pytest.fixture
def renamed(plan_world):
    """The world of the plans with a study year 2020, and group 1 renamed on 01/07/2021."""
    plan_world.year_2020 = make_study_year(plan_world.cell, 2020)
    group_rename(actor=plan_world.secretary.user, group=plan_world.group1, name=NEW, on=RENAMED_ON)
    plan_world.group1.refresh_from_db()
    return plan_world


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def test_a_group_bears_the_name_of_the_day(renamed, django_assert_num_queries):
    assert group_name_on(renamed.group1, date(2021, 6, 30)) == OLD
    assert group_name_on(renamed.group1, RENAMED_ON) == NEW
    with django_assert_num_queries(1):
        names = group_names_on([renamed.group1, renamed.group2], date(2020, 1, 1))
    # A group never renamed bears its name now.
    assert names == {renamed.group1.pk: OLD, renamed.group2.pk: "Tổ đảng số 2"}


def test_the_rota_of_a_quarter_before_the_rename_prints_the_old_name_and_after_it_the_new(renamed, login):
    make_monday_session(renamed.cell, renamed.group1, date(2021, 4, 5))
    make_monday_session(renamed.cell, renamed.group1, date(2021, 7, 5))
    client = login(renamed.member)
    url = reverse("plans:monday_pdf", kwargs={"slug": renamed.cell.slug})

    second = pdf_text(client.get(url, {"year": 2021, "quarter": 2}))
    third = pdf_text(client.get(url, {"year": 2021, "quarter": 3}))

    assert OLD in second and NEW not in second
    assert NEW in third and OLD not in third


def test_the_rota_page_names_each_monday_by_the_name_of_its_day(renamed, login):
    make_monday_session(renamed.cell, renamed.group1, date(2021, 6, 28))
    make_monday_session(renamed.cell, renamed.group1, date(2021, 7, 5))

    page = login(renamed.member).get(
        reverse("plans:monday_rota", kwargs={"slug": renamed.cell.slug}), {"year": 2021}
    )

    rows = {session.day: session.group_name for session in page.context["sessions"]}
    assert rows == {date(2021, 6, 28): OLD, date(2021, 7, 5): NEW}
    assert OLD in page.content.decode() and NEW in page.content.decode()


def test_a_monday_session_page_names_the_group_of_its_day(renamed, login):
    session = make_monday_session(renamed.cell, renamed.group1, date(2021, 6, 28))

    page = login(renamed.secretary).get(
        reverse("plans:monday_record", kwargs={"slug": renamed.cell.slug, "pk": session.pk})
    )

    assert f"Tổ đảng phụ trách: {OLD}." in page.content.decode()


def test_the_year_page_of_an_earlier_year_shows_the_old_name(renamed, login):
    client = login(renamed.secretary)

    earlier = client.get(reverse("plans:year_detail", kwargs={"slug": renamed.cell.slug, "year": 2020}))
    now = client.get(reverse("plans:year_detail", kwargs={"slug": renamed.cell.slug, "year": 2026}))

    assert [row["name"] for row in earlier.context["overview"]["groups"]] == [OLD, "Tổ đảng số 2"]
    assert OLD in earlier.content.decode() and NEW not in earlier.content.decode()
    assert NEW in now.content.decode() and OLD not in now.content.decode()


def test_a_member_moved_on_a_date_appears_under_the_group_of_the_year(renamed, login):
    member_move(
        actor=renamed.secretary.user, member=renamed.member, group=renamed.group2, on=date(2022, 3, 1)
    )
    client = login(renamed.secretary)

    earlier = client.get(reverse("plans:year_detail", kwargs={"slug": renamed.cell.slug, "year": 2020}))
    now = client.get(reverse("plans:year_detail", kwargs={"slug": renamed.cell.slug, "year": 2026}))

    def group_of(page):
        return next(
            row["group_name"] for row in page.context["overview"]["rows"] if row["member"] == renamed.member
        )

    assert group_of(earlier) == OLD
    assert group_of(now) == "Tổ đảng số 2"


def test_the_pledge_print_of_an_earlier_year_names_the_group_of_that_year(renamed, login):
    pledge = make_pledge(renamed.member, renamed.year_2020, PledgeState.APPROVED)

    text = pdf_text(
        login(renamed.member).get(
            reverse("plans:pledge_pdf", kwargs={"slug": renamed.cell.slug, "pk": pledge.pk})
        )
    )

    assert f"Tổ đảng: {OLD}" in text


def test_the_pages_of_today_keep_todays_name(renamed, login):
    client = login(renamed.secretary)

    groups = client.get(reverse("members:group_list", kwargs={"slug": renamed.cell.slug})).content.decode()
    members = client.get(reverse("members:member_list", kwargs={"slug": renamed.cell.slug})).content.decode()

    assert NEW in groups and NEW in members
    assert OLD not in members


def test_a_reports_proposals_name_each_group_by_the_name_of_the_proposals_day(renamed):
    for number, day in (("11-TTr/CB", date(2021, 3, 1)), ("12-TTr/CB", date(2021, 9, 1))):
        RewardProposalFactory(
            cell=renamed.cell,
            target=ProposalTarget.COLLECTIVE,
            group=renamed.group1,
            number=number,
            proposed_on=day,
            reason="Hoàn thành xuất sắc nhiệm vụ",
        )
    report = report_create(
        actor=renamed.secretary.user,
        cell=renamed.cell,
        data=report_header(renamed.secretary, start_year=2020, end_year=2021, report_date=date(2021, 12, 15)),
    )

    html = render_to_string("reports/report_print.html", report_document(report))

    rows = html.split('id="appendix-proposals"')[1].split("</table>")[0]
    assert rows.index(OLD) < rows.index("11-TTr/CB") < rows.index(NEW) < rows.index("12-TTr/CB")
