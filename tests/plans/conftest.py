import pytest

from tests.factories import make_member_with_account, make_study_year


@pytest.fixture
def plan_world(world):
    """The world of tests/conftest.py with a study year, a leader for group 2 and a plain
    member of group 1 besides the pledge's owner (world.member)."""
    world.study_year = make_study_year(world.cell, 2026)
    world.group2.leader = world.other_group_member
    world.group2.save()
    world.other_leader = world.other_group_member
    world.owner = world.member
    world.other_member = make_member_with_account(world.cell, world.group1, full_name="Vũ Thị Bạn")
    return world
