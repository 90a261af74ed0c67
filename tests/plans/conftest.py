import pytest

from tests.factories import make_member_with_account, make_study_year
from tests.replay import ReplayedRows
from tests.worlds import build_world


def build_plan_world():
    """The world of tests/factories.py with a study year, a leader for group 2 and a plain
    member of group 1 besides the pledge's owner (world.member)."""
    world = build_world()
    world.study_year = make_study_year(world.cell, 2026)
    world.group2.leader = world.other_group_member
    world.group2.save()
    world.other_leader = world.other_group_member
    world.owner = world.member
    world.other_member = make_member_with_account(world.cell, world.group1, full_name="Vũ Thị Bạn")
    return world


_plan_world = ReplayedRows(build_plan_world)


@pytest.fixture
def plan_world(request, db):
    """Built once per process, its rows inserted again in each test (tests/replay.py); it holds
    the `world`, which a test therefore does not ask for beside it."""
    if "world" in request.fixturenames:
        pytest.fail("A test asks for plan_world or for world, not both: plan_world holds the world.")
    return _plan_world()
