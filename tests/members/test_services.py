from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from members import services
from members.choices import LeftReason
from members.models import Member, PartyGroup

pytestmark = pytest.mark.django_db


def test_member_cannot_move_another_member_and_nothing_changes(world):
    with pytest.raises(PermissionDenied):
        services.member_move(actor=world.member.user, member=world.other_group_member, group=world.group1)
    assert Member.objects.get(pk=world.other_group_member.pk).group == world.group2


def test_superior_staff_cannot_create_a_group(world):
    with pytest.raises(PermissionDenied):
        services.group_create(actor=world.staff, cell=world.cell, name="Tổ mới", order=3)
    assert world.cell.groups.count() == 2


def test_moving_to_a_group_of_another_cell_is_refused(world):
    with pytest.raises(ValidationError):
        services.member_move(actor=world.secretary.user, member=world.member, group=world.other_group)


def test_a_member_who_left_cannot_leave_again_or_be_moved(world):
    services.member_mark_left(
        actor=world.secretary.user, member=world.member, left_on=date(2025, 8, 1), reason=LeftReason.TRANSFER
    )
    with pytest.raises(ValidationError):
        services.member_mark_left(
            actor=world.secretary.user, member=world.member, left_on=date(2025, 9, 1), reason=LeftReason.OTHER
        )
    with pytest.raises(ValidationError):
        services.member_move(actor=world.secretary.user, member=world.member, group=world.group2)


def test_leaving_group_leader_hands_back_the_leadership_and_history_names_the_actor(world):
    services.member_mark_left(
        actor=world.secretary.user, member=world.leader, left_on=date(2025, 8, 1), reason=LeftReason.DEATH
    )
    group = PartyGroup.objects.get(pk=world.group1.pk)
    assert group.leader is None
    record = Member.objects.get(pk=world.leader.pk).history.first()
    assert (record.history_user, record.history_change_reason) == (world.secretary.user, "member.left")


def test_a_member_who_left_loses_access_to_the_cell(world, login):
    services.member_mark_left(
        actor=world.secretary.user, member=world.deputy, left_on=date(2025, 8, 1), reason=LeftReason.TRANSFER
    )
    world.deputy.user.refresh_from_db()
    assert world.deputy.user.has_perm("members.view_cell", world.cell) is False


def test_secretary_cannot_mark_self_as_left(world):
    with pytest.raises(ValidationError):
        services.member_mark_left(
            actor=world.secretary.user,
            member=world.secretary,
            left_on=date(2025, 8, 1),
            reason=LeftReason.OTHER,
        )
