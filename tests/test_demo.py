import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from members.choices import CellRole
from members.models import Cell, Member, PartyGroup
from oversight.models import Case, Praise, Programme, RewardProposal
from plans.choices import PledgeState
from plans.models import (
    CellDocument,
    MondayDayOff,
    MondaySession,
    Pledge,
    PledgeItem,
    Story,
    StudySession,
    StudyYear,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Cell.objects.values_list("slug", "name", "code")),
        list(PartyGroup.objects.values_list("name", "order", "leader__user__username")),
        list(
            Member.objects.values_list("full_name", "card_number", "group__order", "role", "user__username")
        ),
        get_user_model().objects.count(),
        list(StudyYear.objects.values_list("year", "theme")),
        list(CellDocument.objects.values_list("number", "issued_on")),
        StudySession.objects.count(),
        list(Pledge.objects.values_list("member_id", "study_year__year", "state", "rating")),
        PledgeItem.objects.count(),
        list(Story.objects.values_list("title", "kind")),
        list(Programme.objects.values_list("year", "number")),
        list(Case.objects.values_list("decision_number", "kind", "state", "members")),
        list(Praise.objects.values_list("member_id", "praised_on")),
        list(RewardProposal.objects.values_list("number", "target", "outcome")),
        list(MondayDayOff.objects.values_list("day", "reason")),
        list(
            MondaySession.objects.order_by("day").values_list(
                "day", "group__order", "state", "reader_id", "story_id", "attendance"
            )
        ),
    )


def test_loaddemo_loads_the_cell_of_the_source_document(django_user_model):
    call_command("loaddemo", stdout=None)
    cell = Cell.objects.get(slug="khoi-dang")
    assert cell.name == "Chi bộ Khối Đảng"
    assert cell.groups.count() == 5
    assert cell.members.current().count() == 27
    assert cell.committee.staff.get().username == "vanphong"
    secretary = cell.members.get(role=CellRole.SECRETARY)
    assert (secretary.full_name, secretary.user.username) == ("Hoàng Văn Vĩnh", "bithu")
    leaders = [group.leader.user.username for group in cell.groups.order_by("order")]
    assert leaders == [f"totruong{n}" for n in range(1, 6)]
    usernames = set(Member.objects.values_list("user__username", flat=True))
    assert {f"dangvien{n:02d}" for n in range(1, 22)} <= usernames
    assert django_user_model.objects.get(username="dangvien01").check_password("cell05-demo")


def test_loaddemo_twice_changes_nothing():
    call_command("loaddemo", stdout=None)
    first = snapshot()
    call_command("loaddemo", stdout=None)
    assert snapshot() == first


def test_loaddemo_gives_every_member_an_evaluated_pledge_every_year_2016_to_2021():
    call_command("loaddemo", stdout=None)
    cell = Cell.objects.get(slug="khoi-dang")
    for year in range(2016, 2022):
        study_year = StudyYear.objects.get(cell=cell, year=year)
        assert study_year.theme
        assert study_year.key_contents.exists()
        assert study_year.sessions.exists()
        pledges = Pledge.objects.filter(study_year=study_year)
        assert pledges.count() == 27
        assert set(pledges.values_list("state", flat=True)) == {PledgeState.EVALUATED}
        assert all(pledge.items.count() == 3 for pledge in pledges)
    documents = {(d.number, d.issued_on.strftime("%d/%m/%Y")) for d in cell.documents.all()}
    assert {("46-KH/HU", "08/12/2016"), ("06-KH/CB", "16/01/2017")} <= documents
    assert cell.documents.filter(number="02-QĐ/CB").exists()


def test_loaddemo_records_the_oversight_and_commendations_of_the_source_document():
    from datetime import date

    from oversight.selectors import commendation_figures, oversight_figures

    call_command("loaddemo", stdout=None)
    cell = Cell.objects.get(slug="khoi-dang")
    period = (date(2016, 1, 1), date(2021, 4, 15))
    oversight = oversight_figures(cell, *period)
    assert (oversight["members_inspected"], oversight["members_supervised"]) == (7, 9)
    assert not Case.objects.filter(cell=cell).exclude(state="concluded").exists()
    commendations = commendation_figures(cell, *period)
    assert commendations["comrades_praised"] == 3
    assert (commendations["proposals_collective"], commendations["proposals_individual"]) == (3, 5)
