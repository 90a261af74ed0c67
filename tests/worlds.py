"""The records tests start from, built once per process and their rows inserted again in each
test that asks (tests/replay.py): the personas around a cell (`world`) and the demo."""

import io
from types import SimpleNamespace

from django.core.management import call_command

from members.choices import CellRole
from tests.factories import make_cell, make_committee, make_group, make_member_with_account, make_user
from tests.replay import ReplayedRows


def build_world() -> SimpleNamespace:
    """A cell with two groups and a member of every role; another cell under another committee
    (the `world` fixture)."""
    committee = make_committee("Đảng ủy phường Ba Đình")
    cell = make_cell(committee, name="Chi bộ Khu phố 1", slug="khu-pho-1")
    group1 = make_group(cell, 1)
    group2 = make_group(cell, 2)
    secretary = make_member_with_account(cell, group1, role=CellRole.SECRETARY, full_name="Hoàng Văn Bí")
    deputy = make_member_with_account(cell, group1, role=CellRole.DEPUTY_SECRETARY, full_name="Phạm Thị Phó")
    committee_member = make_member_with_account(
        cell, group2, role=CellRole.COMMITTEE_MEMBER, full_name="Lê Văn Ủy"
    )
    leader = make_member_with_account(cell, group1, full_name="Trần Thị Tổ")
    group1.leader = leader
    group1.save()
    member = make_member_with_account(cell, group1, full_name="Nguyễn Thị Đào")
    other_group_member = make_member_with_account(cell, group2, full_name="Đỗ Văn Khác")
    staff = make_user("vanphong-test")
    committee.staff.add(staff)

    other_committee = make_committee("Đảng ủy xã Khác")
    other_cell = make_cell(other_committee, name="Chi bộ Thôn 2", slug="thon-2")
    other_group = make_group(other_cell, 1)
    other_secretary = make_member_with_account(other_cell, other_group, role=CellRole.SECRETARY)
    other_cell_member = make_member_with_account(other_cell, other_group)
    return SimpleNamespace(
        committee=committee,
        cell=cell,
        group1=group1,
        group2=group2,
        secretary=secretary,
        deputy=deputy,
        committee_member=committee_member,
        leader=leader,
        member=member,
        other_group_member=other_group_member,
        staff=staff,
        other_cell=other_cell,
        other_group=other_group,
        other_secretary=other_secretary,
        other_cell_member=other_cell_member,
    )


def load_demo() -> None:
    call_command("loaddemo", stdout=io.StringIO())


world_rows = ReplayedRows(build_world)
demo_rows = ReplayedRows(load_demo)
