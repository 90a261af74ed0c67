"""A pledge's save renews its cell's figures stamp, which makes every page over the cell count
again, only when it changes a field that the figures read (issue 30, item 1)."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cell05.periods import Period
from figures.counting.cells import year_progress
from figures.counting.period import period_figures
from figures.counting.pledges import PLEDGE_COUNTED_FIELDS
from members.models import Cell
from plans.choices import Rating
from plans.models import Pledge
from tests.factories import make_pledge, make_study_year

pytestmark = pytest.mark.django_db

YEAR = 2025


def stamp_of(cell) -> str:
    return Cell.objects.get(pk=cell.pk).figures_stamp


@pytest.fixture
def pledge(world):
    make_pledge(world.member, make_study_year(world.cell, YEAR), "submitted")
    # Read as every service reads it: from the database.
    return Pledge.objects.get()


# A new value for each field that the figures read.
CHANGES = {
    "member": lambda world: world.other_group_member,
    "study_year": lambda world: make_study_year(world.cell, YEAR + 1),
    "state": lambda world: "approved",
    "submitted_at": lambda world: timezone.now(),
    "reviewed_at": lambda world: timezone.now(),
    "self_assessed_at": lambda world: timezone.now(),
    "evaluated_at": lambda world: timezone.now(),
    "rating": lambda world: Rating.GOOD,
}


def test_every_field_the_figures_read_has_its_change_tested():
    assert set(CHANGES) == set(PLEDGE_COUNTED_FIELDS)


@pytest.mark.parametrize("field", PLEDGE_COUNTED_FIELDS)
def test_a_pledge_saved_with_a_counted_field_changed_renews_its_cell_s_stamp(world, pledge, field):
    new_value = CHANGES[field](world)
    before = stamp_of(world.cell)

    setattr(pledge, field, new_value)
    pledge.save()

    assert stamp_of(world.cell) != before


def test_a_pledge_saved_with_only_its_texts_changed_keeps_its_cell_s_stamp(world, pledge):
    before = stamp_of(world.cell)

    pledge.reflection_text = "Bài thu hoạch viết lại"
    pledge.return_comment = "Đề nghị bổ sung"
    pledge.score = 85
    pledge.save()

    assert stamp_of(world.cell) == before


def test_a_counted_field_changed_and_changed_back_renews_the_stamp_both_times(world, pledge):
    first = stamp_of(world.cell)
    pledge.state = "approved"
    pledge.save()
    second = stamp_of(world.cell)

    pledge.state = "submitted"
    pledge.save()

    assert len({first, second, stamp_of(world.cell)}) == 3


def test_a_pledge_given_to_a_member_of_another_cell_renews_both_cells_stamps(world, pledge):
    before = stamp_of(world.cell), stamp_of(world.other_cell)

    pledge.member = world.other_cell_member
    pledge.save()

    assert stamp_of(world.cell) != before[0]
    assert stamp_of(world.other_cell) != before[1]


def test_a_pledge_deleted_renews_its_cell_s_stamp(world, pledge):
    before = stamp_of(world.cell)

    pledge.delete()

    assert stamp_of(world.cell) != before


def test_a_draft_saved_from_its_form_keeps_the_figures_the_office_reads(world, login):
    draft = make_pledge(world.member, make_study_year(world.cell, timezone.localdate().year), items=1)
    item = draft.items.get()
    table = reverse("reports:committee_table", kwargs={"pk": world.committee.pk})
    office = login(world.staff)
    assert office.get(table).status_code == 200
    before = stamp_of(world.cell)

    member = login(world.member)
    response = member.post(
        reverse("plans:pledge_edit", kwargs={"slug": world.cell.slug, "pk": draft.pk}),
        {
            "version": draft.version,
            "items-TOTAL_FORMS": 1,
            "items-INITIAL_FORMS": 1,
            "items-MIN_NUM_FORMS": 0,
            "items-MAX_NUM_FORMS": 20,
            "items-0-id": item.pk,
            "items-0-action": "Đọc lại sách về Bác",
            "items-0-aspect": item.aspect,
            "items-0-target": item.target,
            "items-0-timeframe": item.timeframe,
            "reflection_text": "Bài thu hoạch đang viết",
        },
    )

    assert response.status_code == 302
    assert Pledge.objects.get().reflection_text == "Bài thu hoạch đang viết"
    assert stamp_of(world.cell) == before


def test_the_counted_fields_are_those_the_figures_read(world):
    """Every column of a pledge that the cached figures read is in the list, and nothing else."""
    study_year = make_study_year(world.cell, YEAR)
    study_year.pledge_deadline = date(YEAR, 3, 1)
    study_year.save()
    make_pledge(world.member, study_year, "evaluated")
    cache.clear()

    with CaptureQueriesContext(connection) as queries:
        period_figures([world.cell], Period.of_years(YEAR, YEAR), detail=True)
        year_progress([world.cell], YEAR, today=date(YEAR, 6, 1))

    read = set()
    for query in queries.captured_queries:
        read |= set(re.findall(r'"plans_pledge"\."(\w+)"', query["sql"]))
    counted = {Pledge._meta.get_field(name).attname for name in PLEDGE_COUNTED_FIELDS}
    assert read - {"id"} == counted
