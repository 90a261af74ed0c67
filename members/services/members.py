"""Changes to the members: a record created or edited, a role or a group from a day, leaving
the cell, and a sign-in account."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cell05.services import assign, changed_fields, require_perm, save_logged
from cell05.versions import bump, locked
from members.choices import COMMITTEE_ROLES, CellRole
from members.models import Cell, GroupMembership, Member, PartyGroup, RoleTerm
from members.services.records import check_member_day, next_term, record_move, save_changed

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


def require_role_change(actor, member: Member, role: str) -> None:
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
        require_role_change(actor, member, member.role)
    if member.group is not None and member.group.is_dissolved:
        raise ValidationError(_("This party group is dissolved."))
    save_logged(member, actor=actor, action="member.created")
    # Held since joining the cell (or since the records' start).
    if member.group is not None:
        GroupMembership.objects.create(member=member, group=member.group, started_on=member.joined_on)
    if member.role in COMMITTEE_ROLES:
        RoleTerm.objects.create(member=member, role=member.role, started_on=member.joined_on)
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
        require_role_change(actor, member, data["role"])
        changed.remove("role")
    today = timezone.localdate()
    if "group" in changed:
        _release_leadership(member, actor=actor)
        # A new group given with the record (the member import) is a move of today.
        record_move(member, data["group"], today)
    if changed:
        assign(member, data, changed)
        bump(member)
        save_logged(member, actor=actor, action="member.updated")
    if member.role != data.get("role", member.role):
        _save_role(member, data["role"], actor=actor, on=today)
    return member


@transaction.atomic
def member_set_role(
    *, actor, member: Member, role: str, on: date | None = None, version: int | None = None
) -> Member:
    """The member's role in the cell from a day (today if not given): given by the secretary to
    the others, and by the superior committee's office to anyone, the secretary post included."""
    member = locked(member, version)
    if member.has_left:
        raise ValidationError(_("This member has left the cell; the record is kept as it was."))
    if member.role != role:
        require_role_change(actor, member, role)
        _save_role(member, role, actor=actor, on=on or timezone.localdate())
    return member


def _save_role(member: Member, role: str, *, actor, on: date) -> None:
    """The role from the day on: the term held until then ends, a committee role begins one."""
    check_member_day(member, on)
    undated = (
        RoleTerm(member=member, role=member.role, started_on=member.joined_on)
        if member.role in COMMITTEE_ROLES
        else None
    )
    same_day = next_term(
        RoleTerm.objects.filter(member=member),
        on,
        undated,
        overlap_message=_("This date overlaps the member's term as %(what)s."),
    )
    if same_day is not None and role in COMMITTEE_ROLES:
        same_day.role = role
        same_day.save(update_fields=["role"])
    elif same_day is not None:
        same_day.delete()
    elif role in COMMITTEE_ROLES:
        RoleTerm.objects.create(member=member, role=role, started_on=on)
    member.role = role
    save_changed(member, ["role"], actor=actor, action="member.role_changed")


@transaction.atomic
def member_move(*, actor, member: Member, group: PartyGroup, on: date | None = None) -> Member:
    """The member moves to another group on a day (today if not given), which the member's
    dated groups record."""
    require_perm(actor, "members.change_member", member)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.has_left:
        raise ValidationError(_("A member who has left the cell cannot be moved."))
    if group.cell_id != member.cell_id:
        raise ValidationError(_("This party group belongs to another cell."))
    if member.group_id == group.pk:
        return member
    _release_leadership(member, actor=actor)
    record_move(member, group, on or timezone.localdate())
    member.group = group
    save_changed(member, ["group"], actor=actor, action="member.moved")
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
    save_changed(member, ["left_on", "left_reason", "left_note"], actor=actor, action="member.left")
    user = member.user
    if user is not None and user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    return member


def _release_leadership(member: Member, *, actor) -> None:
    for group in PartyGroup.objects.select_for_update().filter(leader=member):
        group.leader = None
        save_changed(group, ["leader"], actor=actor, action="group.leader_released")


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
    save_changed(member, ["user"], actor=actor, action="member.account_created")
    return user
