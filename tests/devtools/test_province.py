"""The province data set of issue 7, built tiny: 3 committees of 2 cells, one year."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from devtools.province import ProvinceExists, build_province
from members.models import Cell, Member, SuperiorCommittee
from plans.models import Pledge, PledgeItem


@pytest.fixture
def province(db):
    calls = []
    committees = build_province(
        cells=6, committees=3, years=1, last_year=2024, progress=lambda *args: calls.append(args)
    )
    return committees, calls


def test_province_spreads_its_cells_members_and_pledges_over_the_committees(province):
    committees, _calls = province
    assert [committee.name for committee in committees] == [
        "Đảng ủy xã số 01 (tinh)",
        "Đảng ủy xã số 02 (tinh)",
        "Đảng ủy xã số 03 (tinh)",
    ]
    for number, committee in enumerate(committees, start=1):
        slugs = sorted(Cell.objects.filter(committee=committee).values_list("slug", flat=True))
        assert slugs == [f"tinh-{number:02d}-001", f"tinh-{number:02d}-002"]
        for cell in Cell.objects.filter(committee=committee):
            members = Member.objects.filter(cell=cell).count()
            assert 20 <= members <= 30
            # One year, so nobody joined or left: every member filed one pledge of 3 items.
            assert Pledge.objects.filter(member__cell=cell, study_year__year=2024).count() == members
            assert PledgeItem.objects.filter(pledge__member__cell=cell).count() == 3 * members
            assert Member.objects.filter(cell=cell, user__isnull=True).count() == 0
        assert committee.staff.get().username == f"tinh-{number:02d}-vanphong"


def test_province_reports_progress_up_to_every_cell(province):
    _committees, calls = province
    assert calls[0] == (0, 6, "")
    assert [done for done, _total, _message in calls[1:]] == [2, 4, 6]
    assert calls[-1] == (6, 6, "Đảng ủy xã số 03 (tinh)")


def test_the_committee_table_of_a_province_committee_shows_its_cells(province, login):
    committee = province[0][1]
    staff = committee.staff.get()
    response = login(staff).get(
        reverse("reports:committee_table", kwargs={"pk": committee.pk}) + "?start=2024&end=2024"
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert sorted(row["cell"].slug for row in rows) == ["tinh-02-001", "tinh-02-002"]
    for row in rows:
        assert row["pledges"] == row["members"] == Member.objects.filter(cell=row["cell"]).count()
        assert row["pledge_rate"] == 100.0


def test_province_refuses_a_prefix_already_used(province):
    with pytest.raises(ProvinceExists, match="tinh"):
        build_province(cells=1, committees=1, years=1)
    assert SuperiorCommittee.objects.count() == 3
    assert get_user_model().objects.filter(username__startswith="tinh-").count() == Member.objects.count() + 3


def test_province_on_another_prefix_is_built_beside_it(province):
    build_province(cells=1, committees=1, years=1, last_year=2024, prefix="khac")
    assert Cell.objects.filter(slug__startswith="khac-").count() == 1
    assert Cell.objects.count() == 7


def test_bench_province_refuses_a_database_not_named_as_scratch(db):
    with pytest.raises(CommandError, match="Refusing to run"):
        call_command("bench_province", cells=2, committees=1, years=1, scratch="not-this-one")
    assert Cell.objects.count() == 0
