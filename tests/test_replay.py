"""The `world` fixture is built once per process and its rows inserted again in each test
(tests/replay.py): each test must get the very records a build gives, and its own copy."""

import contextlib

import pytest
from django.db import transaction
from django.utils import translation

from members.models import Member, SuperiorCommittee
from tests.factories import make_cell, make_committee, make_member, make_user
from tests.replay import ReplayedRows

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def a_test_of_its_own():
    """Rolled back at its end, as each test's transaction is."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def a_cell_with_a_member():
    committee = make_committee("Đảng ủy phường Thử")
    # Many-to-many rows are written by "INSERT OR IGNORE" on SQLite, "ON CONFLICT" on PostgreSQL.
    committee.staff.add(make_user("vanphong-thu"))
    cell = make_cell(committee)
    return make_member(cell, full_name="Nguyễn Văn Một")


def test_a_replayed_build_gives_the_rows_and_objects_of_its_first_build():
    replay = ReplayedRows(a_cell_with_a_member)
    with a_test_of_its_own():
        first = replay()
        first_rows = list(Member.objects.values())
        first_history = list(Member.history.values_list("history_id", "full_name"))
    assert not Member.objects.exists()

    again = replay()

    assert list(Member.objects.values()) == first_rows
    assert list(Member.history.values_list("history_id", "full_name")) == first_history
    assert (again.pk, again.full_name, again.cell.committee.name) == (
        first.pk,
        "Nguyễn Văn Một",
        "Đảng ủy phường Thử",
    )
    assert [user.username for user in again.cell.committee.staff.all()] == ["vanphong-thu"]


def test_a_test_changing_the_objects_it_got_leaves_the_next_copy_as_built():
    replay = ReplayedRows(a_cell_with_a_member)
    with a_test_of_its_own():
        member = replay()
        member.full_name = "Đổi tên"
        member.cell.name = "Đổi tên"

    again = replay()

    assert (again.full_name, again.cell.name) == ("Nguyễn Văn Một", Member.objects.get().cell.name)
    assert again.cell is not member.cell


def test_a_build_that_changes_rows_it_did_not_add_is_built_every_time():
    committee = make_committee("Đảng ủy cũ")
    builds = []

    def renames_the_committee():
        builds.append(1)
        SuperiorCommittee.objects.filter(pk=committee.pk).update(name=f"Đảng ủy đổi lần {len(builds)}")
        return len(builds)

    replay = ReplayedRows(renames_the_committee)

    assert replay() == 2
    assert replay() == 3
    assert SuperiorCommittee.objects.get().name == "Đảng ủy đổi lần 3"


def test_a_build_is_replayed_in_the_language_it_was_built_in():
    replay = ReplayedRows(lambda: make_committee(f"Đảng ủy {translation.get_language()}"))
    with a_test_of_its_own(), translation.override("en"):
        replay()
    with a_test_of_its_own():
        in_vietnamese = replay().name

    with translation.override("en"):
        in_english = replay().name

    assert (in_vietnamese, in_english) == ("Đảng ủy vi", "Đảng ủy en")
