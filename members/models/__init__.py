"""The models of the members app, by what they hold: `organisation` (the superior committees,
their cells and the cells' moves, the party groups, their names by date) and `membership` (the
members, their group memberships and role terms by date). Every model, and the filters that say
who was where on a day, is imported from here: `from members.models import Member`."""

from members.models.membership import (
    DatedTerm,
    GroupMembership,
    Member,
    MemberQuerySet,
    RoleTerm,
    group_on,
    held_role_on,
    in_cell_on,
)
from members.models.organisation import (
    Cell,
    CellMove,
    CellName,
    DatedName,
    PartyGroup,
    PartyGroupName,
    PartyGroupQuerySet,
    SuperiorCommittee,
    in_force_on,
    issuing_name_of,
)

__all__ = [
    "Cell",
    "CellMove",
    "CellName",
    "DatedName",
    "DatedTerm",
    "GroupMembership",
    "Member",
    "MemberQuerySet",
    "PartyGroup",
    "PartyGroupName",
    "PartyGroupQuerySet",
    "RoleTerm",
    "SuperiorCommittee",
    "group_on",
    "held_role_on",
    "in_cell_on",
    "in_force_on",
    "issuing_name_of",
]
