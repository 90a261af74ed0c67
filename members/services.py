"""Every change to cells, groups and members: one function each, atomic and logged.

Each function checks that the actor may make the change, refuses a change that the
records do not allow with a clear error, and records who made it in the history.
"""

import logging
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cell05.services import assign, changed_fields, require_perm, save_logged
from cell05.versions import bump, locked
from members.choices import CellRole
from members.models import Cell, Member, PartyGroup, SuperiorCommittee
from members.resources import MemberResource

logger = logging.getLogger("cell05.members")

# In the order the form shows them.
MEMBER_FIELDS = (
    "full_name",
    "gender",
    "date_of_birth",
    "group",
    "role",
    "status",
    "admitted_on",
    "official_on",
    "card_number",
    "position",
    "workplace",
    "joined_on",
)


# What the cell's secretary and the superior committee's office edit of their own body: the
# name printed in the header of its documents, the symbol in their numbers and the place
# written before their dates.
CELL_FIELDS = ("name", "code", "place")
COMMITTEE_FIELDS = ("name", "code", "place", "superior_name")


def _save_changed(instance, fields: list[str], *, actor, action: str) -> None:
    """Save the fields that changed of a versioned record, raising its version."""
    bump(instance)
    save_logged(instance, actor=actor, action=action, update_fields=[*fields, "version"])


@transaction.atomic
def cell_update(*, actor, cell: Cell, data: dict, version: int | None = None) -> Cell:
    """The cell's name, document symbol and place name, changed by its secretary. Given the
    version the form showed, a save on a copy that someone changed meanwhile is refused
    (`cell05.versions.StaleEdit`)."""
    require_perm(actor, "members.change_cell", cell)
    cell = locked(cell, version, holds=lambda current: not changed_fields(current, data, CELL_FIELDS))
    changed = assign(cell, data, CELL_FIELDS)
    if changed:
        _save_changed(cell, changed, actor=actor, action="cell.updated")
    return cell


@transaction.atomic
def committee_update(
    *, actor, committee: SuperiorCommittee, data: dict, version: int | None = None
) -> SuperiorCommittee:
    """The superior committee's full name, document symbol and place name, changed by its
    office."""
    require_perm(actor, "members.change_committee", committee)
    committee = locked(
        committee, version, holds=lambda current: not changed_fields(current, data, COMMITTEE_FIELDS)
    )
    changed = assign(committee, data, COMMITTEE_FIELDS)
    if changed:
        _save_changed(committee, changed, actor=actor, action="committee.updated")
    return committee


def _require_role_change(actor, member: Member, role: str) -> None:
    """Refuse a role that the actor may not give: the secretary gives the roles of the others;
    the secretary post (who holds it, who gets it) is for the superior committee's office."""
    if not actor.has_perm("members.change_member_role", member):
        raise PermissionDenied(
            _(
                "Only the cell's secretary changes the roles of its members; the secretary's own "
                "role is changed by the superior committee's office."
            )
        )
    if CellRole.SECRETARY in (member.role, role) and not actor.has_perm(
        "members.change_secretary", member.cell
    ):
        raise PermissionDenied(
            _("Only the superior committee's office names or relieves the secretary of the cell.")
        )


@transaction.atomic
def member_create(*, actor, cell: Cell, data: dict) -> Member:
    require_perm(actor, "members.manage_cell", cell)
    member = Member(cell=cell)
    assign(member, data, MEMBER_FIELDS)
    if member.role != CellRole.MEMBER:
        _require_role_change(actor, member, member.role)
    save_logged(member, actor=actor, action="member.created")
    return member


@transaction.atomic
def member_update(*, actor, member: Member, data: dict, version: int | None = None) -> Member:
    """The member's record; a change of role is checked and logged on its own
    ("member.role_changed"). Given the version the form showed, a save on a copy that someone
    changed meanwhile is refused (`cell05.versions.StaleEdit`)."""
    require_perm(actor, "members.change_member", member)
    member = locked(member, version, holds=lambda current: not changed_fields(current, data, MEMBER_FIELDS))
    if member.has_left:
        raise ValidationError(_("This member has left the cell; the record is kept as it was."))
    changed = changed_fields(member, data, MEMBER_FIELDS)
    if "role" in changed:
        _require_role_change(actor, member, data["role"])
        changed.remove("role")
    if changed:
        if "group" in changed:
            _release_leadership(member, actor=actor)
        assign(member, data, changed)
        bump(member)
        save_logged(member, actor=actor, action="member.updated")
    if member.role != data.get("role", member.role):
        _save_role(member, data["role"], actor=actor)
    return member


@transaction.atomic
def member_set_role(*, actor, member: Member, role: str, version: int | None = None) -> Member:
    """The member's role in the cell: given by the secretary to the others, and by the superior
    committee's office to anyone, the secretary post included."""
    member = locked(member, version)
    if member.has_left:
        raise ValidationError(_("This member has left the cell; the record is kept as it was."))
    if member.role != role:
        _require_role_change(actor, member, role)
        _save_role(member, role, actor=actor)
    return member


def _save_role(member: Member, role: str, *, actor) -> None:
    member.role = role
    _save_changed(member, ["role"], actor=actor, action="member.role_changed")


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
    _save_changed(member, ["group"], actor=actor, action="member.moved")
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
    _save_changed(member, ["left_on", "left_reason", "left_note"], actor=actor, action="member.left")
    if member.user_id and member.user.is_active:
        member.user.is_active = False
        member.user.save(update_fields=["is_active"])
    return member


def _release_leadership(member: Member, *, actor) -> None:
    for group in PartyGroup.objects.select_for_update().filter(leader=member):
        group.leader = None
        _save_changed(group, ["leader"], actor=actor, action="group.leader_released")


@transaction.atomic
def group_create(*, actor, cell: Cell, name: str, order: int, leader: Member | None = None) -> PartyGroup:
    require_perm(actor, "members.manage_cell", cell)
    group = PartyGroup(cell=cell, name=name, order=order)
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
    if (group.name, group.order) != (name, order):
        group.name, group.order = name, order
        _save_changed(group, ["name", "order"], actor=actor, action="group.updated")
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
    _save_changed(group, ["leader"], actor=actor, action="group.leader_set")
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
    _save_changed(member, ["user"], actor=actor, action="member.account_created")
    return user


class MemberImport(MemberResource):
    """The import of a member list under the rules of the member forms: each row is saved by
    member_create or member_update, so that a leader moved to another group stops leading the
    old one, a role is given only by whoever may give it, and a member who has left is not
    edited. The preview writes nothing: it asks each row what those services would refuse."""

    def __init__(self, cell: Cell, *, actor, progress=None):
        super().__init__(cell)
        self.actor = actor
        self.progress = progress

    def save_instance(self, instance, is_create, row, **kwargs):
        data = {
            name: getattr(instance, name) for name, field in self.fields.items() if field.column_name in row
        }
        stored = None if is_create else self.stored[instance.pk]
        role_changed = instance.role != (CellRole.MEMBER if is_create else stored.role)
        try:
            if kwargs.get("dry_run"):
                _import_refusal(self.actor, stored, instance, role_changed=role_changed)
            elif is_create:
                instance.pk = member_create(actor=self.actor, cell=self.cell, data=data).pk
            else:
                member_update(actor=self.actor, member=instance, data=data)
        except PermissionDenied as error:
            raise ValidationError({"role": str(error)} if role_changed else str(error)) from None

    def after_import_row(self, row, row_result, **kwargs):
        if self.progress:
            self.progress(kwargs["row_number"], len(self.lines))


def _import_refusal(actor, stored: Member | None, member: Member, *, role_changed: bool) -> None:
    """What member_create or member_update would refuse of an imported row, asked without
    writing."""
    if stored is not None and stored.has_left:
        raise ValidationError(_("This member has left the cell; the record is kept as it was."))
    if role_changed:
        _require_role_change(actor, stored or member, member.role)


def members_import(*, actor, cell: Cell, dataset, dry_run: bool, progress=None):
    """Import the member list; a file with any bad row saves nothing.

    Returns the import result of django-import-export: its rows say what each line of
    the file would do (dry run) or did. `progress(done, total)` is told after each row.
    """
    require_perm(actor, "members.manage_cell", cell)
    result = MemberImport(cell, actor=actor, progress=progress).import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    if not dry_run and not (result.has_errors() or result.has_validation_errors()):
        logger.info("member.imported by %s into %s: %s rows", actor, cell.slug, len(result.rows))
    return result
