"""The figures over many cells come from the cache until a record they count changes."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cell05.periods import Period
from figures.counting.period import period_figures
from members.models import Cell
from plans.models import MondaySession
from plans.services.pledges import pledge_submit
from tests.factories import (
    make_case,
    make_cell,
    make_member,
    make_monday_session,
    make_pledge,
    make_study_year,
)

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def table(world, login):
    """The committee's table of YEAR as its office reads it: the row of each cell by name."""
    client = login(world.staff)
    url = reverse("reports:committee_table", kwargs={"pk": world.committee.pk}) + f"?start={YEAR}&end={YEAR}"

    def read() -> dict:
        response = client.get(url)
        assert response.status_code == 200
        return {row["cell"].name: row for row in response.context["rows"]}

    return read


def queries_of(read) -> int:
    with CaptureQueriesContext(connection) as queries:
        read()
    return len(queries)


def test_the_committee_table_read_again_takes_its_figures_from_the_cache(world, table):
    make_cell(world.committee)
    first = queries_of(table)
    assert queries_of(table) <= first - 5


def test_a_pledge_submitted_after_the_table_was_read_is_counted_at_once(world, login):
    this_year = timezone.localdate().year
    pledge = make_pledge(world.member, make_study_year(world.cell, this_year), "draft")
    client = login(world.staff)

    def pledges() -> int:
        response = client.get(reverse("reports:committee_table", kwargs={"pk": world.committee.pk}))
        return next(row["pledges"] for row in response.context["rows"] if row["cell"] == world.cell)

    assert pledges() == 0

    pledge_submit(actor=world.member.user, pledge=pledge)

    assert pledges() == 1


def test_a_member_added_to_a_case_is_counted_at_once(world, table):
    case = make_case(world.cell, [world.member], state="in_progress", decision_date=date(YEAR, 3, 1))
    assert table()[world.cell.name]["members_supervised"] == 1

    case.members.add(world.leader)

    assert table()[world.cell.name]["members_supervised"] == 2


def test_a_monday_session_deleted_is_no_longer_counted(world, table):
    make_monday_session(world.cell, world.group1, date(YEAR, 3, 3), state="held")
    assert table()[world.cell.name]["monday_held"] == 1

    MondaySession.objects.get().delete()

    assert table()[world.cell.name]["monday_held"] == 0


def test_a_cell_saved_from_an_older_copy_does_not_bring_its_old_figures_back(world, table):
    older_copy = Cell.objects.get(pk=world.cell.pk)
    before = table()[world.cell.name]["members"]
    make_member(world.cell, world.group2, joined_on=date(YEAR, 1, 1))
    assert table()[world.cell.name]["members"] == before + 1

    older_copy.place = "Hà Nội"
    older_copy.save()

    assert table()[world.cell.name]["members"] == before + 1


def test_figures_asked_with_a_cell_loaded_before_a_change_count_the_change(world):
    cell = Cell.objects.get(pk=world.cell.pk)
    before = period_figures([cell], Period.of_years(YEAR, YEAR))[cell.pk]["members"]

    make_member(world.cell, world.group2, joined_on=date(YEAR, 1, 1))

    after = period_figures([cell], Period.of_years(YEAR, YEAR))
    assert after[cell.pk]["members"] == before + 1


def test_the_office_home_counts_a_member_who_joined_since_it_was_last_read(world, login):
    client = login(world.staff)

    def member_count() -> int:
        response = client.get(reverse("home"))
        return next(cell.member_count for cell in response.context["cells"] if cell.pk == world.cell.pk)

    before = member_count()
    make_member(world.cell, world.group2)

    assert member_count() == before + 1
