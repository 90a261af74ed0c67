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
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cell05.services import assign, changed_fields, require_perm, save_logged
from cell05.text import nfc
from cell05.versions import bump, locked
from members.choices import COMMITTEE_ROLES, CellRole
from members.models import (
    Cell,
    GroupMembership,
    Member,
    PartyGroup,
    RoleTerm,
    SuperiorCommittee,
)
from members.resources import MemberResource
from members.selectors import cell_records_start

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
        if "name" in changed:
            _correct_latest_name(cell.names, cell.name)
    return cell


def _day_text(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _check_day(cell: Cell, day: date) -> None:
    """Refuse a dated act of the organisation in the future or before the cell's first record."""
    if day > timezone.localdate():
        raise ValidationError(_("This date is in the future."))
    first = cell_records_start(cell)
    if first is not None and day < first:
        raise ValidationError(
            _("This date is before the cell's first record (%(day)s).") % {"day": _day_text(first)}
        )


def _latest_name(names):
    return names.select_for_update().order_by(F("used_from").desc(nulls_last=True)).first()


def _correct_latest_name(names, name: str) -> None:
    """A correction of the name now (a typo) is a correction of the name of its latest span,
    not a rename: the earlier names stay as they were."""
    latest = _latest_name(names)
    if latest is not None and latest.name != name:
        latest.name = name
        latest.save(update_fields=["name"])


def _add_name(names, record, name: str, on: date) -> None:
    """Record a new name from the day, after the record's current name (which, the first time,
    becomes the name it bore from the records' start)."""
    latest = _latest_name(names)
    if latest is not None and latest.used_from is not None and on <= latest.used_from:
        raise ValidationError(
            _("The name now is in use from %(day)s: a new name is dated after it.")
            % {"day": _day_text(latest.used_from)}
        )
    if latest is None:
        names.create(name=record.name, used_from=None)
    names.create(name=name, used_from=on)
    record.name = name


@transaction.atomic
def cell_rename(*, actor, cell: Cell, name: str, on: date) -> Cell:
    """The cell takes a new name from a day: a document dated before it prints the old name."""
    require_perm(actor, "members.rename_cell", cell)
    cell = locked(cell, None)
    name = nfc(name).strip()
    if name == cell.name:
        raise ValidationError(_("The cell already bears this name."))
    _check_day(cell, on)
    _add_name(cell.names, cell, name, on)
    _save_changed(cell, ["name"], actor=actor, action="cell.renamed")
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
        _require_role_change(actor, member, data["role"])
        changed.remove("role")
    today = timezone.localdate()
    if "group" in changed:
        _release_leadership(member, actor=actor)
        # A new group given with the record (the member import) is a move of today.
        _record_move(member, data["group"], today)
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
        _require_role_change(actor, member, role)
        _save_role(member, role, actor=actor, on=on or timezone.localdate())
    return member


def _check_member_day(member: Member, day: date) -> None:
    _check_day(member.cell, day)
    if member.joined_on and day < member.joined_on:
        raise ValidationError(
            _("This date is before the member joined the cell (%(day)s).")
            % {"day": _day_text(member.joined_on)}
        )


def _next_term(terms, day: date, undated, *, overlap_message: str):
    """Close the member's open term (a group membership, a role term) on the day, refusing a day
    that falls within an earlier term. `undated` is the term held now without a date (records
    kept before terms had dates): it is written from joining until the day. Returns the open term
    if it began that very day (a correction of the day, to be given the new value), else None."""
    if undated is not None and undated.started_on is not None and undated.started_on >= day:
        undated = None  # begun that very day, it held for no day at all
    terms = terms.select_for_update()
    later = (
        terms.filter(Q(started_on__gt=day) | Q(ended_on__gt=day))
        .order_by(F("started_on").asc(nulls_first=True))
        .first()
    )
    if later is not None:
        raise ValidationError(overlap_message % {"what": later})
    current = terms.filter(ended_on__isnull=True).first()
    if current is not None and current.started_on == day:
        return current
    if current is not None:
        current.ended_on = day
        current.save(update_fields=["ended_on"])
    elif undated is not None and not terms.exists():
        undated.ended_on = day
        undated.save()
    return None


def _save_role(member: Member, role: str, *, actor, on: date) -> None:
    """The role from the day on: the term held until then ends, a committee role begins one."""
    _check_member_day(member, on)
    undated = (
        RoleTerm(member=member, role=member.role, started_on=member.joined_on)
        if member.role in COMMITTEE_ROLES
        else None
    )
    same_day = _next_term(
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
    _save_changed(member, ["role"], actor=actor, action="member.role_changed")


def _check_group_exists(group: PartyGroup, day: date) -> None:
    if (group.created_on and day < group.created_on) or (group.dissolved_on and day >= group.dissolved_on):
        raise ValidationError(_("The party group %(name)s did not exist on that day.") % {"name": group.name})


def _record_move(member: Member, group: PartyGroup | None, on: date) -> None:
    """The member's dated groups: the membership held ends on the day, one in `group` (if any)
    begins."""
    _check_member_day(member, on)
    if group is not None:
        _check_group_exists(group, on)
    undated = (
        GroupMembership(member=member, group_id=member.group_id, started_on=member.joined_on)
        if member.group_id
        else None
    )
    same_day = _next_term(
        GroupMembership.objects.filter(member=member),
        on,
        undated,
        overlap_message=_("This date overlaps the member's membership of %(what)s."),
    )
    if same_day is not None and group is not None:
        same_day.group = group
        same_day.save(update_fields=["group"])
    elif same_day is not None:
        same_day.delete()
    elif group is not None:
        GroupMembership.objects.create(member=member, group=group, started_on=on)


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
    _record_move(member, group, on or timezone.localdate())
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
    user = member.user
    if user is not None and user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    return member


def _release_leadership(member: Member, *, actor) -> None:
    for group in PartyGroup.objects.select_for_update().filter(leader=member):
        group.leader = None
        _save_changed(group, ["leader"], actor=actor, action="group.leader_released")


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
        _check_day(cell, created_on)
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
        _save_changed(group, ["name", "order"], actor=actor, action="group.updated")
        _correct_latest_name(group.names, group.name)
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


def _open_group(group: PartyGroup, version: int | None = None) -> PartyGroup:
    group = locked(group, version)
    if group.is_dissolved:
        raise ValidationError(_("This group is already dissolved."))
    return group


def _check_after_creation(group: PartyGroup, day: date, message: str) -> None:
    if group.created_on and day < group.created_on:
        raise ValidationError(message % {"day": _day_text(group.created_on)})


@transaction.atomic
def group_rename(*, actor, group: PartyGroup, name: str, on: date) -> PartyGroup:
    """The group takes a new name from a day: what is dated before it names the old one."""
    require_perm(actor, "members.manage_cell", group.cell)
    group = _open_group(group)
    name = nfc(name).strip()
    if name == group.name:
        raise ValidationError(_("The group already bears this name."))
    _check_day(group.cell, on)
    _check_after_creation(group, on, _("The group was created on %(day)s: it is renamed after that."))
    _add_name(group.names, group, name, on)
    _save_changed(group, ["name"], actor=actor, action="group.renamed")
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
    _check_day(group.cell, day)
    _check_after_creation(group, day, _("A group cannot be dissolved before it was created (%(day)s)."))


def _dissolve(group: PartyGroup, on: date, *, actor, action: str, into: PartyGroup | None = None) -> None:
    group.dissolved_on = on
    group.merged_into = into
    group.leader = None
    _save_changed(group, ["dissolved_on", "merged_into", "leader"], actor=actor, action=action)


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
    _check_group_exists(into, on)
    for member in _members_after(group, on).select_for_update().order_by("pk"):
        _record_move(member, into, on)
        member.group = into
        _save_changed(member, ["group"], actor=actor, action="member.moved")
    _dissolve(group, on, actor=actor, action="group.merged", into=into)
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
        role_changed = instance.role != (CellRole.MEMBER if stored is None else stored.role)
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
