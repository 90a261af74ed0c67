"""One rule for "today" (issue 29, item 10): the office's home and the committee's table count
the Monday sessions of the same day alike. A session of today still planned may yet be held and
is not due; once recorded, it counts on both."""

from datetime import date

import pytest
from django.utils import timezone

from cell05.periods import Period
from figures.across_cells import cells_progress
from plans.models import MondaySession
from reports.selectors import committee_table
from tests.factories import make_cell, make_committee, make_group, make_member, make_monday_session

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 12, 7)


@pytest.fixture
def on_a_monday(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return MONDAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture
def cell(on_a_monday):
    cell = make_cell(make_committee())
    group = make_group(cell)
    make_member(cell, group)
    for day in (date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30)):
        make_monday_session(cell, group, day, "held")
    make_monday_session(cell, group, MONDAY)
    return cell


def counts(cell) -> tuple[tuple[int, int], tuple[int, int]]:
    home = cells_progress([cell], 2026)[0]
    table = committee_table(cell.committee, Period.of_years(2026, 2026, as_of=timezone.localdate()))[0]
    return (home["monday_held"], home["monday_due"]), (table["monday_held"], table["monday_planned"])


def test_todays_planned_session_is_due_on_neither_page(cell):
    assert counts(cell) == ((3, 3), (3, 3))


@pytest.mark.parametrize(("state", "held"), [("held", 4), ("not_held", 3)])
def test_todays_recorded_session_counts_on_both_pages(cell, state, held):
    session = MondaySession.objects.get(day=MONDAY)
    session.state = state
    session.not_held_reason = "Họp giao ban đột xuất" if state == "not_held" else ""
    session.save()

    assert counts(cell) == ((held, 4), (held, 4))
