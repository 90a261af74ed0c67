"""Each study session's attendance is counted by the engine, as of the session's day, and the year
page shows the engine's count."""

from datetime import date

import pytest

from cell05.periods import Period
from figures.counting.sessions import study_session_attendance
from members.choices import CellRole, LeftReason
from tests.factories import (
    StudySessionFactory,
    make_cell,
    make_member,
    make_member_with_account,
    make_study_year,
)

pytestmark = pytest.mark.django_db


def test_the_year_page_shows_the_engines_attendance_of_each_session(client):
    cell = make_cell()
    secretary = make_member_with_account(cell, role=CellRole.SECRETARY)
    present = make_member(cell)
    make_member(cell)
    # Gone before the session, and come after it: neither was expected there.
    make_member(cell, left_on=date(2026, 2, 1), left_reason=LeftReason.TRANSFER)
    make_member(cell, joined_on=date(2026, 6, 1))
    study_year = make_study_year(cell, 2026)
    session = StudySessionFactory(study_year=study_year, held_on=date(2026, 3, 2), attendees=[present])

    counted = study_session_attendance([cell], Period.of_years(2026, 2026))
    client.force_login(secretary.user)
    response = client.get(study_year.get_absolute_url())

    assert counted == {
        session.pk: {"cell": cell.pk, "held_on": date(2026, 3, 2), "attended": 1, "expected": 3, "rate": 33}
    }
    assert '<td class="text-end nowrap">1/3 (33%)</td>' in response.content.decode()
