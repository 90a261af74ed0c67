"""A year holds records or entered figures, never both (issue 27, item 2): once a year's figures
are entered from the cell's report, no pledge, study session, Monday rota, case, praise or
proposal of that year can be written by hand, and the refusal names the report."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from members.choices import CellRole
from oversight.models import Case, Praise, RewardProposal
from oversight.services import case_start, praise_save, proposal_save
from plans.models import MondaySession, Pledge, StudySession
from plans.services.monday import monday_rota_generate
from plans.services.pledges import pledge_start, pledge_submit
from plans.services.years import session_save
from tests.factories import (
    make_case,
    make_cell,
    make_committee,
    make_entered_year,
    make_group,
    make_member_with_account,
    make_pledge,
    make_study_year,
)

pytestmark = pytest.mark.django_db

REFUSAL = (
    "The figures of 2018 were entered from the cell's report 18-BC/CB of 20/12/2018: that year "
    "takes no records. To record it, remove the entered figures first."
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def cell():
    cell = make_cell(make_committee())
    make_entered_year(cell, 2018)
    return cell


@pytest.fixture
def secretary(cell):
    return make_member_with_account(cell, role=CellRole.SECRETARY)


def refused(call) -> list[str]:
    with pytest.raises(ValidationError) as refusal:
        call()
    return refusal.value.messages


def test_a_member_cannot_begin_a_pledge_of_an_entered_year(cell):
    member = make_member_with_account(cell)

    assert refused(
        lambda: pledge_start(actor=member.user, member=member, study_year=make_study_year(cell, 2018))
    ) == [REFUSAL]
    assert not Pledge.objects.exists()


def test_a_draft_begun_before_the_figures_were_entered_cannot_be_filed(cell):
    member = make_member_with_account(cell)
    draft = make_pledge(member, make_study_year(cell, 2019), "draft")
    make_entered_year(cell, 2019)

    assert refused(lambda: pledge_submit(actor=member.user, pledge=draft, version=draft.version)) == [
        REFUSAL.replace("2018", "2019").replace("18-BC", "19-BC")
    ]
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_a_pledge_of_the_year_after_is_begun(cell):
    member = make_member_with_account(cell)

    assert pledge_start(actor=member.user, member=member, study_year=make_study_year(cell, 2019)).pk


def test_a_study_session_of_an_entered_year_is_refused(cell, secretary):
    study_year = make_study_year(cell, 2018)
    data = {"held_on": date(2018, 4, 10), "form": "conference", "content": "Quán triệt chuyên đề"}

    assert refused(
        lambda: session_save(actor=secretary.user, study_year=study_year, data=data, attendees=[secretary])
    ) == [REFUSAL]
    assert not StudySession.objects.exists()


def test_the_monday_rota_of_an_entered_year_is_refused(cell, secretary):
    make_group(cell)

    assert refused(lambda: monday_rota_generate(actor=secretary.user, cell=cell, year=2018)) == [REFUSAL]
    assert not MondaySession.objects.exists()
    assert monday_rota_generate(actor=secretary.user, cell=cell, year=2019)


def test_a_case_cannot_start_in_an_entered_year(cell, secretary):
    case = make_case(cell, [secretary], decision_date=date(2017, 12, 20))

    assert refused(lambda: case_start(actor=secretary.user, case=case, start_on=date(2018, 1, 5))) == [
        REFUSAL
    ]
    assert Case.objects.get().state == "planned"


def test_a_praise_of_an_entered_year_is_refused(cell, secretary):
    data = {"member": secretary, "praised_on": date(2018, 5, 19), "occasion": "", "reason": "Gương mẫu"}

    assert refused(lambda: praise_save(actor=secretary.user, cell=cell, data=data)) == [REFUSAL]
    assert not Praise.objects.exists()


def test_a_proposal_moved_into_an_entered_year_is_refused(cell, secretary):
    data = {
        "target": "individual",
        "member": secretary,
        "group": None,
        "collective_name": "",
        "number": "01-TTr/CB",
        "proposed_on": date(2019, 6, 1),
        "reason": "Hoàn thành xuất sắc nhiệm vụ",
    }
    proposal = proposal_save(actor=secretary.user, cell=cell, data=data)

    assert refused(
        lambda: proposal_save(
            actor=secretary.user,
            cell=cell,
            data=data | {"proposed_on": date(2018, 6, 1)},
            proposal=proposal,
            version=proposal.version,
        )
    ) == [REFUSAL]
    assert RewardProposal.objects.get().proposed_on == date(2019, 6, 1)


def test_the_praise_form_says_why_in_vietnamese(client, cell, secretary):
    client.force_login(secretary.user)

    with translation.override("vi"):
        page = client.post(
            reverse("oversight:praise_create", args=[cell.slug]),
            {"member": secretary.pk, "praised_on": "2018-05-19", "reason": "Gương mẫu", "version": 1},
        )

    assert page.status_code == 200
    assert (
        "Năm 2018 của chi bộ đã có số liệu nhập theo Báo cáo số 18-BC/CB ngày 20/12/2018 nên không ghi "
        "thêm hồ sơ của năm này."
    ) in page.content.decode()
    assert not Praise.objects.exists()
