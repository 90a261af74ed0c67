"""Who may do what with a cell and its members.

The roles: the cell committee (secretary, deputy secretary, committee members) runs the
cell; the secretary alone changes the cell's settings and the roles of the other members; a
group leader reads the own group; a member reads the cell-wide pages and the own record; the
superior committee's office reads every cell under it and changes nothing in it but the roles
of its members (it approves a cell's committee, and it alone names or relieves a secretary),
and the committee's own details. The office of a committee that a cell has left reads what of
the cell is dated before the move (its study years, their pledges, its reports) and changes
nothing.
"""

from datetime import date, timedelta

import rules
from django.db.models import Max

from members.choices import COMMITTEE_ROLES, CellRole
from members.models import Cell, CellMove


def current_member(user):
    """The user's membership, if the user is a member who has not left the cell."""
    if not user.is_authenticated:
        return None
    member = getattr(user, "member", None)
    if member is None or member.left_on is not None:
        return None
    return member


def superior_committee_ids(user) -> set[int]:
    """The committees whose office the user works in, read once per request."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_superior_committee_ids"):
        user._superior_committee_ids = set(user.superior_committees.values_list("pk", flat=True))
    return user._superior_committee_ids


def former_office_until(user, cell) -> date | None:
    """The last day of the cell that the user reads as the office of a committee the cell has
    left: the day before its last move away from one of the user's committees. None for whoever
    reads the whole cell (an administrator, its members, the office of its committee now) and
    for anybody else. Read once per cell and request, and only for an office that does not hold
    the cell now."""
    if not user.is_authenticated or user.is_superuser:
        return None
    member = current_member(user)
    if member is not None and member.cell_id == cell.pk:
        return None
    ids = superior_committee_ids(user)
    if not ids or cell.committee_id in ids:
        return None
    known = user.__dict__.setdefault("_former_office_until", {})
    if cell.pk not in known:
        moved_on = CellMove.objects.filter(cell_id=cell.pk, from_committee_id__in=ids).aggregate(
            last=Max("moved_on")
        )["last"]
        known[cell.pk] = moved_on
    return known[cell.pk] - timedelta(days=1) if known[cell.pk] else None


def _cell_id(obj):
    """Rules take a cell or any record that belongs to one."""
    return obj.pk if isinstance(obj, Cell) else obj.cell_id


@rules.predicate
def is_cell_member(user, obj):
    member = current_member(user)
    return member is not None and obj is not None and member.cell_id == _cell_id(obj)


@rules.predicate
def is_cell_committee(user, obj):
    member = current_member(user)
    return (
        member is not None
        and obj is not None
        and member.cell_id == _cell_id(obj)
        and member.role in COMMITTEE_ROLES
    )


@rules.predicate
def is_cell_secretary(user, obj):
    member = current_member(user)
    return (
        member is not None
        and obj is not None
        and member.cell_id == _cell_id(obj)
        and member.role == CellRole.SECRETARY
    )


@rules.predicate
def is_superior_staff(user, obj):
    if obj is None:
        return False
    cell = obj if isinstance(obj, Cell) else obj.cell
    return cell.committee_id in superior_committee_ids(user)


@rules.predicate
def is_former_superior_staff(user, obj):
    """The office of a committee the cell has left: it may open the cell's pages that list what
    is dated before the move, and finds nothing dated after it."""
    if obj is None:
        return False
    return former_office_until(user, obj if isinstance(obj, Cell) else obj.cell) is not None


def reads_before_move(day_of, cell_of=lambda record: record.cell):
    """A predicate on a dated record: the user is the office of a committee that the record's
    cell (`cell_of`) has left, and `day_of(record)` is before the move."""

    def reads(user, record):
        if record is None:
            return False
        until = former_office_until(user, cell_of(record))
        return until is not None and day_of(record) <= until

    return rules.predicate(reads, name=f"reads_before_move({day_of.__name__})")


@rules.predicate
def is_committee_office(user, committee):
    """The user works in the office of this superior committee."""
    return committee is not None and committee.pk in superior_committee_ids(user)


@rules.predicate
def is_self(user, member):
    return member is not None and current_member(user) == member


@rules.predicate
def leads_members_group(user, member):
    me = current_member(user)
    return (
        me is not None
        and member is not None
        and member.group_id is not None
        and member.group.leader_id == me.pk
    )


rules.add_perm("members.view_cell", is_cell_member | is_superior_staff)
# The cell's page: its readers, and the office of a committee it has left, which sees there
# up to which day it reads and nothing of the cell today.
rules.add_perm("members.open_cell", is_cell_member | is_superior_staff | is_former_superior_staff)
rules.add_perm("members.manage_cell", is_cell_committee)
# The cell's name, document symbol and place name: the secretary's settings of the cell.
rules.add_perm("members.change_cell", is_cell_secretary)
# A new name of the cell from a day: its secretary, or an administrator.
rules.add_perm("members.rename_cell", is_cell_secretary | rules.is_superuser)
# The superior committee's own name, document symbol and place name: its office.
rules.add_perm("members.change_committee", is_committee_office)
# Dates of birth, card numbers and other personal details of every member.
rules.add_perm("members.view_member_details", is_cell_committee | is_superior_staff)
rules.add_perm(
    "members.view_member",
    is_self | leads_members_group | is_cell_committee | is_superior_staff,
)
rules.add_perm("members.change_member", is_cell_committee)
# A member's role in the cell: the secretary sets the roles of the others, never the own (a
# secretary does not relieve or keep himself); the superior committee's office, which approves
# the cell's committee, sets any. Takes a member, or a new member not saved yet.
rules.add_perm(
    "members.change_member_role",
    (is_cell_secretary & ~is_self) | is_superior_staff | rules.is_superuser,
)
# Who holds the secretary post (naming a secretary, relieving one): the superior committee's
# office of the cell, or an administrator, never the cell itself. Takes the cell.
rules.add_perm("members.change_secretary", is_superior_staff | rules.is_superuser)
# Moving a cell under another committee: an administrator, or the office of the committee it
# joins (takes that committee). Recording the committee it belonged to before its records of
# moves begin: an administrator, or the office of its committee now (takes the cell).
rules.add_perm("members.move_cell_to", is_committee_office | rules.is_superuser)
rules.add_perm("members.record_former_committee", is_superior_staff | rules.is_superuser)
# The back-up holds the accounts of the cell (with their password hashes): for the administrator.
rules.add_perm("members.back_up_cell", rules.is_superuser)
