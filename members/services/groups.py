"""Changes to the party groups: created, edited, led, renamed, dissolved or merged into
another, each on its day; a dissolved group is kept for the reports of the days before."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cell05.services import require_perm, save_logged
from cell05.text import nfc
from cell05.versions import locked
from members.models import Cell, GroupMembership, Member, PartyGroup
from members.services.records import (
    add_name,
    check_day,
    check_group_exists,
    correct_latest_name,
    day_text,
    record_move,
    save_changed,
)


@transaction.atomic
def group_create(
    *,
    actor,
    cell: Cell,
    name: str,
    order: int,
    leader: Member | None = None,
    created_on: date | None = None,
) -> PartyGroup:
    """A new party group, created on a day (empty: it has been there from the records' start)."""
    require_perm(actor, "members.manage_cell", cell)
    if created_on is not None:
        check_day(cell, created_on)
    group = PartyGroup(cell=cell, name=name, order=order, created_on=created_on)
    save_logged(group, actor=actor, action="group.created")
    if leader is not None:
        group_set_leader(actor=actor, group=group, leader=leader)
    return group


@transaction.atomic
def group_update(
    *,
    actor,
    group: PartyGroup,
    name: str,
    order: int,
    leader: Member | None,
    version: int | None = None,
) -> PartyGroup:
    require_perm(actor, "members.manage_cell", group.cell)
    group = locked(group, version)
    if group.is_dissolved:
        raise ValidationError(_("This group is dissolved; it is kept as it was."))
    if (group.name, group.order) != (name, order):
        group.name, group.order = name, order
        save_changed(group, ["name", "order"], actor=actor, action="group.updated")
        correct_latest_name(group.names, group.name)
    if group.leader_id != (leader.pk if leader else None):
        group = group_set_leader(actor=actor, group=group, leader=leader)
    return group


@transaction.atomic
def group_set_leader(*, actor, group: PartyGroup, leader: Member | None) -> PartyGroup:
    require_perm(actor, "members.manage_cell", group.cell)
    group = locked(group, None)
    if leader is not None:
        if leader.has_left:
            raise ValidationError(_("A member who has left the cell cannot lead a group."))
        if leader.group_id != group.pk:
            raise ValidationError(_("The group leader must be a member of the group."))
    group.leader = leader
    save_changed(group, ["leader"], actor=actor, action="group.leader_set")
    return group


def _open_group(group: PartyGroup, version: int | None = None) -> PartyGroup:
    group = locked(group, version)
    if group.is_dissolved:
        raise ValidationError(_("This group is already dissolved."))
    return group


def _check_after_creation(group: PartyGroup, day: date, message: str) -> None:
    if group.created_on and day < group.created_on:
        raise ValidationError(message % {"day": day_text(group.created_on)})


@transaction.atomic
def group_rename(*, actor, group: PartyGroup, name: str, on: date) -> PartyGroup:
    """The group takes a new name from a day: what is dated before it names the old one."""
    require_perm(actor, "members.manage_cell", group.cell)
    group = _open_group(group)
    name = nfc(name).strip()
    if name == group.name:
        raise ValidationError(_("The group already bears this name."))
    check_day(group.cell, on)
    _check_after_creation(group, on, _("The group was created on %(day)s: it is renamed after that."))
    add_name(group.names, group, name, on)
    save_changed(group, ["name"], actor=actor, action="group.renamed")
    return group


def _members_after(group: PartyGroup, day: date):
    """The members of the cell who are in the group on the day or later."""
    dated = GroupMembership.objects.filter(group=group).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    undated = Q(group=group) & ~Q(pk__in=GroupMembership.objects.values("member"))
    return (
        Member.objects.filter(cell_id=group.cell_id)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .filter(Q(pk__in=dated.values("member")) | undated)
    )


def _check_dissolution_day(group: PartyGroup, day: date) -> None:
    check_day(group.cell, day)
    _check_after_creation(group, day, _("A group cannot be dissolved before it was created (%(day)s)."))


def _dissolve(group: PartyGroup, on: date, *, actor, action: str, into: PartyGroup | None = None) -> None:
    group.dissolved_on = on
    group.merged_into = into
    group.leader = None
    save_changed(group, ["dissolved_on", "merged_into", "leader"], actor=actor, action=action)


@transaction.atomic
def group_dissolve(*, actor, group: PartyGroup, on: date) -> PartyGroup:
    """The group is dissolved on a day and kept: the reports of the days before count it. Its
    members are moved first (or the group merged into another)."""
    require_perm(actor, "members.manage_cell", group.cell)
    group = _open_group(group)
    _check_dissolution_day(group, on)
    if _members_after(group, on).exists():
        raise ValidationError(
            _("The group has members on that day or later: move them to another group first, or merge it.")
        )
    _dissolve(group, on, actor=actor, action="group.dissolved")
    return group


@transaction.atomic
def group_merge(*, actor, group: PartyGroup, into: PartyGroup, on: date) -> PartyGroup:
    """The group merges into another on a day: its members move to the other group that day,
    and it is dissolved."""
    require_perm(actor, "members.manage_cell", group.cell)
    if into.pk == group.pk:
        raise ValidationError(_("A group cannot be merged into itself."))
    if into.cell_id != group.cell_id:
        raise ValidationError(_("This party group belongs to another cell."))
    group = _open_group(group)
    into = locked(into, None)
    if into.is_dissolved:
        raise ValidationError(_("A group cannot be merged into a dissolved group."))
    _check_dissolution_day(group, on)
    check_group_exists(into, on)
    for member in _members_after(group, on).select_for_update().order_by("pk"):
        record_move(member, into, on)
        member.group = into
        save_changed(member, ["group"], actor=actor, action="member.moved")
    _dissolve(group, on, actor=actor, action="group.merged", into=into)
    return group
