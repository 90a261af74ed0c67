"""Every change to cells, groups and members: one function each, atomic and logged.

Each function checks that the actor may make the change, refuses a change that the
records do not allow with a clear error, and records who made it in the history.
"""

import logging
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cell05.services import require_perm, save_logged
from members.models import Cell, Member, PartyGroup, SuperiorCommittee
from members.resources import MemberResource

logger = logging.getLogger("cell05.members")

MEMBER_FIELDS = (
    "full_name",
    "gender",
    "date_of_birth",
    "admitted_on",
    "official_on",
    "card_number",
    "position",
    "workplace",
    "group",
    "role",
    "status",
    "joined_on",
)


# What the cell's secretary and the superior committee's office edit of their own body: the
# name printed in the header of its documents, the symbol in their numbers and the place
# written before their dates.
CELL_FIELDS = ("name", "code", "place")
COMMITTEE_FIELDS = ("name", "code", "place", "superior_name")


def _assign_changed(instance, fields: tuple[str, ...], data: dict) -> list[str]:
    """Set the fields whose value differs from the data; the names of those that changed."""
    changed = [field for field in fields if field in data and getattr(instance, field) != data[field]]
    for field in changed:
        setattr(instance, field, data[field])
    return changed


@transaction.atomic
def cell_update(*, actor, cell: Cell, data: dict) -> Cell:
    """The cell's name, document symbol and place name, changed by its secretary."""
    require_perm(actor, "members.change_cell", cell)
    cell = Cell.objects.select_for_update().get(pk=cell.pk)
    changed = _assign_changed(cell, CELL_FIELDS, data)
    if changed:
        save_logged(cell, actor=actor, action="cell.updated", update_fields=changed)
    return cell


@transaction.atomic
def committee_update(*, actor, committee: SuperiorCommittee, data: dict) -> SuperiorCommittee:
    """The superior committee's full name, document symbol and place name, changed by its
    office."""
    require_perm(actor, "members.change_committee", committee)
    committee = SuperiorCommittee.objects.select_for_update().get(pk=committee.pk)
    changed = _assign_changed(committee, COMMITTEE_FIELDS, data)
    if changed:
        save_logged(committee, actor=actor, action="committee.updated", update_fields=changed)
    return committee


@transaction.atomic
def member_create(*, actor, cell: Cell, data: dict) -> Member:
    require_perm(actor, "members.manage_cell", cell)
    member = Member(cell=cell, **{field: data[field] for field in MEMBER_FIELDS if field in data})
    save_logged(member, actor=actor, action="member.created")
    return member


@transaction.atomic
def member_update(*, actor, member: Member, data: dict) -> Member:
    require_perm(actor, "members.change_member", member)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.has_left:
        raise ValidationError(_("This member has left the cell; the record is kept as it was."))
    changed = [field for field in MEMBER_FIELDS if field in data and getattr(member, field) != data[field]]
    if not changed:
        return member
    if "group" in changed:
        _release_leadership(member, actor=actor)
    for field in changed:
        setattr(member, field, data[field])
    save_logged(member, actor=actor, action="member.updated")
    return member


@transaction.atomic
def member_move(*, actor, member: Member, group: PartyGroup) -> Member:
    require_perm(actor, "members.change_member", member)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.has_left:
        raise ValidationError(_("A member who has left the cell cannot be moved."))
    if group.cell_id != member.cell_id:
        raise ValidationError(_("This party group belongs to another cell."))
    if member.group_id == group.pk:
        return member
    _release_leadership(member, actor=actor)
    member.group = group
    save_logged(member, actor=actor, action="member.moved", update_fields=["group"])
    return member


@transaction.atomic
def member_mark_left(*, actor, member: Member, left_on: date, reason: str, note: str = "") -> Member:
    """The member leaves the cell: the record stays in every past figure, the account closes."""
    require_perm(actor, "members.change_member", member)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.has_left:
        raise ValidationError(_("This member has already left the cell."))
    if actor.is_authenticated and getattr(actor, "member", None) == member:
        raise ValidationError(_("You cannot mark yourself as having left the cell."))
    _release_leadership(member, actor=actor)
    member.left_on = left_on
    member.left_reason = reason
    member.left_note = note
    save_logged(
        member, actor=actor, action="member.left", update_fields=["left_on", "left_reason", "left_note"]
    )
    if member.user_id and member.user.is_active:
        member.user.is_active = False
        member.user.save(update_fields=["is_active"])
    return member


def _release_leadership(member: Member, *, actor) -> None:
    for group in PartyGroup.objects.select_for_update().filter(leader=member):
        group.leader = None
        save_logged(group, actor=actor, action="group.leader_released", update_fields=["leader"])


@transaction.atomic
def group_create(*, actor, cell: Cell, name: str, order: int, leader: Member | None = None) -> PartyGroup:
    require_perm(actor, "members.manage_cell", cell)
    group = PartyGroup(cell=cell, name=name, order=order)
    save_logged(group, actor=actor, action="group.created")
    if leader is not None:
        group_set_leader(actor=actor, group=group, leader=leader)
    return group


@transaction.atomic
def group_update(*, actor, group: PartyGroup, name: str, order: int, leader: Member | None) -> PartyGroup:
    require_perm(actor, "members.manage_cell", group.cell)
    group = PartyGroup.objects.select_for_update().get(pk=group.pk)
    if (group.name, group.order) != (name, order):
        group.name, group.order = name, order
        save_logged(group, actor=actor, action="group.updated", update_fields=["name", "order"])
    if group.leader_id != (leader.pk if leader else None):
        group_set_leader(actor=actor, group=group, leader=leader)
    return group


@transaction.atomic
def group_set_leader(*, actor, group: PartyGroup, leader: Member | None) -> PartyGroup:
    require_perm(actor, "members.manage_cell", group.cell)
    if leader is not None:
        if leader.has_left:
            raise ValidationError(_("A member who has left the cell cannot lead a group."))
        if leader.group_id != group.pk:
            raise ValidationError(_("The group leader must be a member of the group."))
    group.leader = leader
    save_logged(group, actor=actor, action="group.leader_set", update_fields=["leader"])
    return group


@transaction.atomic
def member_account_create(*, actor, member: Member, username: str, password: str):
    """Give a member a sign-in account, so that the member can file the own pledge."""
    require_perm(actor, "members.change_member", member)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.has_left:
        raise ValidationError(_("A member who has left the cell cannot get an account."))
    if member.user_id:
        raise ValidationError(_("This member already has an account."))
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is taken.")})
    user = user_model(username=username, first_name=member.full_name[:150])
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    member.user = user
    save_logged(member, actor=actor, action="member.account_created", update_fields=["user"])
    return user


def members_import(*, actor, cell: Cell, dataset, dry_run: bool):
    """Import the member list; a file with any bad row saves nothing.

    Returns the import result of django-import-export: its rows say what each line of
    the file would do (dry run) or did.
    """
    require_perm(actor, "members.manage_cell", cell)
    result = MemberResource(cell).import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    if not dry_run and not (result.has_errors() or result.has_validation_errors()):
        logger.info("member.imported by %s into %s: %s rows", actor, cell.slug, len(result.rows))
    return result
