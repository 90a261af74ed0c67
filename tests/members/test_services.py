from datetime import date

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError

from cell05.versions import StaleEdit
from members.choices import CellRole, LeftReason
from members.models import Cell, Member, PartyGroup
from members.services.cells import cell_update
from members.services.groups import group_create, group_update
from members.services.members import (
    member_create,
    member_mark_left,
    member_move,
    member_set_role,
    member_update,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_member_cannot_move_another_member_and_nothing_changes(world):
    with pytest.raises(PermissionDenied):
        member_move(actor=world.member.user, member=world.other_group_member, group=world.group1)
    assert Member.objects.get(pk=world.other_group_member.pk).group == world.group2


def test_superior_staff_cannot_create_a_group(world):
    with pytest.raises(PermissionDenied):
        group_create(actor=world.staff, cell=world.cell, name="Tổ mới", order=3)
    assert world.cell.groups.count() == 2


def test_moving_to_a_group_of_another_cell_is_refused(world):
    with pytest.raises(ValidationError):
        member_move(actor=world.secretary.user, member=world.member, group=world.other_group)


def test_a_member_who_left_cannot_leave_again_or_be_moved(world):
    member_mark_left(
        actor=world.secretary.user, member=world.member, left_on=date(2025, 8, 1), reason=LeftReason.TRANSFER
    )
    with pytest.raises(ValidationError):
        member_mark_left(
            actor=world.secretary.user, member=world.member, left_on=date(2025, 9, 1), reason=LeftReason.OTHER
        )
    with pytest.raises(ValidationError):
        member_move(actor=world.secretary.user, member=world.member, group=world.group2)


def test_leaving_group_leader_hands_back_the_leadership_and_history_names_the_actor(world):
    member_mark_left(
        actor=world.secretary.user, member=world.leader, left_on=date(2025, 8, 1), reason=LeftReason.DEATH
    )
    group = PartyGroup.objects.get(pk=world.group1.pk)
    assert group.leader is None
    record = Member.objects.get(pk=world.leader.pk).history.first()
    assert (record.history_user, record.history_change_reason) == (world.secretary.user, "member.left")


def test_a_member_who_left_loses_access_to_the_cell(world, login):
    member_mark_left(
        actor=world.secretary.user, member=world.deputy, left_on=date(2025, 8, 1), reason=LeftReason.TRANSFER
    )
    world.deputy.user.refresh_from_db()
    assert world.deputy.user.has_perm("members.view_cell", world.cell) is False


def test_secretary_cannot_mark_self_as_left(world):
    with pytest.raises(ValidationError):
        member_mark_left(
            actor=world.secretary.user,
            member=world.secretary,
            left_on=date(2025, 8, 1),
            reason=LeftReason.OTHER,
        )


# Roles (issue 12, item 13): the secretary gives the roles of the others; the secretary post is
# filled and emptied by the superior committee's office or an administrator.


@pytest.mark.parametrize("persona", ["committee_member", "deputy", "member"])
def test_nobody_but_the_secretary_changes_a_role_and_nothing_changes(world, persona):
    actor = getattr(world, persona).user
    before = world.other_group_member.history.count()
    with pytest.raises(PermissionDenied):
        member_set_role(actor=actor, member=world.other_group_member, role=CellRole.COMMITTEE_MEMBER)
    if persona != "member":  # a plain member may not edit a record at all
        with pytest.raises(PermissionDenied):
            member_update(
                actor=actor, member=world.other_group_member, data={"role": CellRole.COMMITTEE_MEMBER}
            )
    assert Member.objects.get(pk=world.other_group_member.pk).role == CellRole.MEMBER
    assert world.other_group_member.history.count() == before


def test_a_committee_member_cannot_add_a_member_with_a_role(world):
    with pytest.raises(PermissionDenied):
        member_create(
            actor=world.committee_member.user,
            cell=world.cell,
            data={"full_name": "Vũ Văn Mới", "gender": "male", "role": CellRole.DEPUTY_SECRETARY},
        )
    assert not Member.objects.filter(full_name="Vũ Văn Mới").exists()


def test_the_secretary_changes_the_role_of_another_member_and_the_history_names_it(world):
    member_set_role(
        actor=world.secretary.user, member=world.member, role=CellRole.COMMITTEE_MEMBER, version=1
    )
    member = Member.objects.get(pk=world.member.pk)
    assert member.role == CellRole.COMMITTEE_MEMBER
    entry = member.history.first()
    assert (entry.history_change_reason, entry.history_user) == ("member.role_changed", world.secretary.user)


def test_an_edit_that_also_changes_the_role_logs_the_role_change_apart(world):
    member_update(
        actor=world.secretary.user,
        member=world.member,
        data={"position": "Tổ trưởng dân phố", "role": CellRole.COMMITTEE_MEMBER},
    )
    member = Member.objects.get(pk=world.member.pk)
    assert (member.position, member.role) == ("Tổ trưởng dân phố", CellRole.COMMITTEE_MEMBER)
    reasons = list(member.history.values_list("history_change_reason", flat=True)[:2])
    assert reasons == ["member.role_changed", "member.updated"]


def test_the_secretary_cannot_change_the_own_role(world):
    with pytest.raises(PermissionDenied):
        member_set_role(actor=world.secretary.user, member=world.secretary, role=CellRole.MEMBER)
    with pytest.raises(PermissionDenied):
        member_update(actor=world.secretary.user, member=world.secretary, data={"role": CellRole.MEMBER})
    assert Member.objects.get(pk=world.secretary.pk).role == CellRole.SECRETARY


def test_the_secretary_cannot_hand_the_post_to_another_member(world):
    with pytest.raises(PermissionDenied):
        member_set_role(actor=world.secretary.user, member=world.deputy, role=CellRole.SECRETARY)
    assert Member.objects.get(pk=world.deputy.pk).role == CellRole.DEPUTY_SECRETARY


@pytest.mark.parametrize("actor", ["office", "administrator"])
def test_the_office_or_an_administrator_relieves_the_secretary_and_names_another(world, actor):
    user = world.staff if actor == "office" else make_user("quantri", is_superuser=True, is_staff=True)

    member_set_role(actor=user, member=world.secretary, role=CellRole.COMMITTEE_MEMBER)
    member_set_role(actor=user, member=world.deputy, role=CellRole.SECRETARY)

    assert Member.objects.get(pk=world.secretary.pk).role == CellRole.COMMITTEE_MEMBER
    assert Member.objects.get(pk=world.deputy.pk).role == CellRole.SECRETARY
    entry = Member.objects.get(pk=world.deputy.pk).history.first()
    assert (entry.history_change_reason, entry.history_user) == ("member.role_changed", user)


def test_the_office_of_another_committee_cannot_change_a_role(world):
    stranger = make_user("vanphong-khac")
    world.other_cell.committee.staff.add(stranger)
    with pytest.raises(PermissionDenied):
        member_set_role(actor=stranger, member=world.secretary, role=CellRole.MEMBER)
    assert Member.objects.get(pk=world.secretary.pk).role == CellRole.SECRETARY


# Stale edits (issue 12, item 4): a save on a copy that someone changed meanwhile is refused.


def test_a_save_on_an_older_copy_of_a_member_is_refused_and_changes_nothing(world):
    member_update(actor=world.deputy.user, member=world.member, data={"position": "A"}, version=1)
    with pytest.raises(StaleEdit) as refused:
        member_update(actor=world.secretary.user, member=world.member, data={"workplace": "B"}, version=1)
    member = Member.objects.get(pk=world.member.pk)
    assert (member.position, member.workplace, member.version) == ("A", "", 2)
    assert [change["new"] for row in refused.value.changes() for change in row["changes"]] == ["A"]


def test_a_save_on_an_older_copy_of_the_cell_or_a_group_is_refused(world):
    data = {"name": world.cell.name, "code": world.cell.code, "place": "Ba Đình"}
    cell_update(actor=world.secretary.user, cell=world.cell, data=data, version=1)
    with pytest.raises(StaleEdit):
        cell_update(actor=world.secretary.user, cell=world.cell, data=data | {"place": "Hà Nội"}, version=1)
    group_update(actor=world.secretary.user, group=world.group2, name="Tổ 2", order=2, leader=None, version=1)
    with pytest.raises(StaleEdit):
        group_update(
            actor=world.deputy.user, group=world.group2, name="Tổ hai", order=2, leader=None, version=1
        )
    assert Cell.objects.get(pk=world.cell.pk).place == "Ba Đình"
    assert PartyGroup.objects.get(pk=world.group2.pk).name == "Tổ 2"


def test_a_save_in_the_admin_raises_the_version_so_an_older_page_is_refused(world, rf):
    administrator = make_user("quantri", is_superuser=True, is_staff=True)
    request = rf.post("/")
    request.user = administrator
    member = Member.objects.get(pk=world.member.pk)
    member.position = "Tổ trưởng dân phố"
    admin.site._registry[Member].save_model(request, member, form=None, change=True)

    with pytest.raises(StaleEdit):
        member_update(actor=world.secretary.user, member=world.member, data={"position": ""}, version=1)
    assert Member.objects.get(pk=world.member.pk).position == "Tổ trưởng dân phố"
