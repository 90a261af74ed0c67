"""Groups, the cell committee and the cell's name are counted as of the report's date."""

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from cell05.periods import Period
from figures.counting.cells import cell_sizes, group_counts
from figures.counting.pledges import pledge_counts
from members.choices import CellRole
from members.services.cells import cell_rename
from members.services.groups import group_create, group_dissolve
from members.services.members import member_move, member_set_role
from reports.document.assembly import report_document
from reports.document.contents import report_figures
from reports.services.editing import report_create
from tests.factories import report_header

pytestmark = pytest.mark.django_db

REPORT_2021 = Period.of_years(2016, 2021, as_of=date(2021, 4, 15))


def test_a_group_created_today_does_not_change_a_2021_report(world):
    group_create(
        actor=world.secretary.user,
        cell=world.cell,
        name="Tổ đảng mới",
        order=3,
        created_on=timezone.localdate(),
    )

    assert report_figures(world.cell, REPORT_2021)["party_groups"] == 2
    assert cell_sizes([world.cell], timezone.localdate())[world.cell.pk]["groups"] == 3


def test_a_dissolved_group_counts_until_its_dissolution(world):
    group = group_create(
        actor=world.secretary.user, cell=world.cell, name="Tổ cũ", order=3, created_on=date(2018, 1, 1)
    )
    group_dissolve(actor=world.secretary.user, group=group, on=date(2020, 6, 1))

    counted = {
        year: group_counts([world.cell], date(year, 12, 31))[world.cell.pk] for year in (2017, 2019, 2021)
    }

    assert counted == {2017: 2, 2019: 3, 2021: 2}


def test_the_cell_committee_is_counted_as_of_the_date(world):
    member_set_role(
        actor=world.secretary.user, member=world.committee_member, role=CellRole.MEMBER, on=date(2022, 1, 1)
    )
    member_set_role(
        actor=world.secretary.user, member=world.member, role=CellRole.COMMITTEE_MEMBER, on=date(2024, 3, 1)
    )

    def has_committee(year):
        return report_figures(world.cell, Period.of_years(year, year))["cell_committee"]

    assert [has_committee(year) for year in (2021, 2023, 2025)] == [True, False, True]


def test_a_2019_report_counts_pledges_by_the_group_of_that_time(world):
    member_move(actor=world.secretary.user, member=world.member, group=world.group2, on=date(2020, 3, 1))
    today = timezone.localdate()

    in_2019 = pledge_counts([world.cell], 2019, as_of=today, by_group=True)
    in_2020 = pledge_counts([world.cell], 2020, as_of=today, by_group=True)

    # group1: the secretary, the deputy, the leader and, in 2019, the member.
    assert in_2019[(world.cell.pk, world.group1.pk)]["members"] == 4
    assert in_2019[(world.cell.pk, world.group2.pk)]["members"] == 2
    assert in_2020[(world.cell.pk, world.group1.pk)]["members"] == 3
    assert in_2020[(world.cell.pk, world.group2.pk)]["members"] == 3


def test_a_renamed_cells_earlier_report_prints_the_old_name(world):
    report = report_create(
        actor=world.secretary.user,
        cell=world.cell,
        data=report_header(world.secretary, start_year=2016, end_year=2021, report_date=date(2021, 4, 15)),
    )
    cell_rename(actor=world.secretary.user, cell=world.cell, name="Chi bộ Tổ dân phố 1", on=date(2024, 1, 1))
    report.cell.refresh_from_db()

    html = render_to_string("reports/report_print.html", report_document(report))

    assert "Chi bộ Khu phố 1" in html
    assert "Chi bộ Tổ dân phố 1" not in html
