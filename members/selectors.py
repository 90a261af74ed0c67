"""Reads that pages share, each scoped to what the user may see."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from members.choices import COMMITTEE_ROLES, CellRole, MemberStatus
from members.models import (
    Cell,
    CellMove,
    CellName,
    GroupMembership,
    Member,
    PartyGroup,
    PartyGroupName,
    SuperiorCommittee,
    group_on,
    held_role_on,
    in_cell_on,
)
from members.rules import current_member, former_office_until, superior_committee_ids


def cells_for_user(user, *, moved_away: bool = False) -> QuerySet[Cell]:
    """The cells a user reads: the own cell, or every cell under the user's committees; with
    `moved_away`, also every cell that has left one of them (read up to the move,
    `reading_until`)."""
    cells = Cell.objects.select_related("committee")
    if not user.is_authenticated:
        return cells.none()
    if user.is_superuser:
        return cells
    committees = superior_committee_ids(user)
    query = Q(committee_id__in=committees)
    if moved_away and committees:
        query |= Q(pk__in=CellMove.objects.filter(from_committee_id__in=committees).values("cell_id"))
    member = current_member(user)
    if member is not None:
        query |= Q(pk=member.cell_id)
    return cells.filter(query)


def cell_for_user(user, slug: str) -> Cell:
    """The cell of that slug if the user may open it, the office of a committee it has left
    included (`reading_until` says how far it reads); 404 otherwise, so nothing leaks. A
    member's own cell, which most pages are about, was read with the user (members.backends)."""
    member = current_member(user)
    if member is not None and member.cell.slug == slug:
        return member.cell
    return get_object_or_404(cells_for_user(user, moved_away=True), slug=slug)


def reading_until(user, cell: Cell) -> date | None:
    """The last day of the cell's records that the user reads: None for all of them (an
    administrator, its members, the office of its committee now), the day before the move for
    the office of a committee the cell has left. Anybody else does not find the cell
    (`cell_for_user`)."""
    return former_office_until(user, cell)


def former_office_reading(user, cell: Cell) -> dict | None:
    """For the office of a committee the cell has left: the committee the cell moved to from
    the user's, the day it moved and the last day the user reads; None for anybody else."""
    until = reading_until(user, cell)
    if until is None:
        return None
    move = (
        CellMove.objects.filter(cell=cell, moved_on=until + timedelta(days=1))
        .select_related("to_committee")
        .get()
    )
    return {"committee": move.to_committee, "moved_on": move.moved_on, "until": until}


def members_visible_to(user, cell: Cell) -> QuerySet[Member]:
    """The members whose record the user may open within the cell."""
    members = Member.objects.filter(cell=cell).select_related("cell", "group", "user")
    if user.has_perm("members.view_member_details", cell):
        return members
    me = current_member(user)
    if me is None or me.cell_id != cell.pk:
        return members.none()
    return members.filter(Q(pk=me.pk) | Q(group__leader=me))


def member_for_user(user, cell: Cell, pk: int) -> Member:
    return get_object_or_404(members_visible_to(user, cell), pk=pk)


def member_directory(
    cell: Cell,
    *,
    search: str = "",
    group: PartyGroup | None = None,
    status: str = "",
    include_left: bool = False,
    card_numbers: bool = False,
) -> QuerySet[Member]:
    """The cell's members for the directory; `card_numbers` lets the search match Party card
    numbers, for those who may see them."""
    members = Member.objects.filter(cell=cell).select_related("cell", "group", "user")
    if not include_left:
        members = members.current()
    if group is not None:
        members = members.filter(group=group)
    if status:
        members = members.filter(status=status)
    if search:
        members = members.search(search, card_numbers=card_numbers)
    return members.order_by("group__order", "sort_key", "pk")


def cell_records_start(cell: Cell) -> date | None:
    """The first day of the cell's records: the first of January of its first study year. A
    dated act of the organisation before it could not be counted by anything."""
    first = Cell.objects.filter(pk=cell.pk).aggregate(first=Min("years__year"))["first"]
    return date(first, 1, 1) if first else None


def cell_name_on(cell: Cell, day: date) -> str:
    """The name the cell bore on the day: what a document dated then prints."""
    names = CellName.objects.filter(cell=cell).filter(Q(used_from__isnull=True) | Q(used_from__lte=day))
    latest = names.order_by(F("used_from").desc(nulls_last=True)).values_list("name", flat=True).first()
    return latest or cell.name


def group_name_then(day, via: str = "") -> Coalesce:
    """The name the group bore on the day, as an expression: what a page or a document dated
    then prints. `day` is a date, or `OuterRef("day")` for each row's own date; `via` reaches
    the group through a relation, e.g. "group__" for a Monday session. A group never renamed
    bears its name now."""
    names = PartyGroupName.objects.filter(group=OuterRef(f"{via}pk" if via else "pk")).filter(
        Q(used_from__isnull=True) | Q(used_from__lte=day)
    )
    latest = names.order_by(F("used_from").desc(nulls_last=True)).values("name")[:1]
    return Coalesce(Subquery(latest), F(f"{via}name"))


def group_names_on(groups, day: date) -> dict[int, str]:
    """The names the groups (or their ids) bore on the day, by id, in one query."""
    ids = [group.pk if isinstance(group, PartyGroup) else group for group in groups]
    named = PartyGroup.objects.filter(pk__in=ids).annotate(name_then=group_name_then(day))
    return dict(named.values_list("pk", "name_then"))


def group_name_on(group: PartyGroup, day: date) -> str:
    """The name the group bore on the day."""
    return group_names_on([group], day)[group.pk]


def with_member_group_on(rows: QuerySet, day: date, via: str = "") -> QuerySet:
    """The rows with `group_then`, the group the member (reached through `via`, e.g.
    "member__" for pledges) was in on the day, and `group_name_then`, its name then (None
    for a member of no group); no query of its own."""
    groups = PartyGroup.objects.filter(pk=OuterRef("group_then")).annotate(name_then=group_name_then(day))
    return rows.annotate(group_then=group_on(day, via=via)).annotate(
        group_name_then=Subquery(groups.values("name_then")[:1])
    )


def cell_names(cell: Cell) -> list[CellName]:
    """The names the cell has borne, the first first, each with the day it came into use; none
    for a cell never renamed."""
    return list(CellName.objects.filter(cell=cell).order_by(F("used_from").asc(nulls_first=True)))


def groups_of_cell(cell: Cell) -> QuerySet[PartyGroup]:
    """The cell's groups, those that exist first, each with its members today and, for a
    dissolved one, the group it merged into."""
    return (
        PartyGroup.objects.filter(cell=cell)
        .select_related("leader", "merged_into")
        .annotate(member_count=Count("members", filter=in_cell_on(timezone.localdate(), via="members__")))
        .order_by(F("dissolved_on").desc(nulls_first=True), "order")
    )


def group_history(member: Member) -> list[GroupMembership]:
    """The groups the member was in, the latest first."""
    return list(
        GroupMembership.objects.filter(member=member)
        .select_related("group")
        .order_by(F("started_on").desc(nulls_last=True), "-pk")
    )


def groups_led_by(member: Member) -> list[PartyGroup]:
    """The groups of the member's cell that the member leads."""
    return list(PartyGroup.objects.filter(cell_id=member.cell_id, leader=member).order_by("order"))


def cell_overview(cell: Cell) -> dict:
    """The cell at a glance: its groups, its current members by status, its committee."""
    current = Member.objects.filter(cell=cell).current()
    counts = current.aggregate(
        total=Count("pk"),
        official=Count("pk", filter=Q(status=MemberStatus.OFFICIAL)),
        probationary=Count("pk", filter=Q(status=MemberStatus.PROBATIONARY)),
        female=Count("pk", filter=Q(gender="female")),
        without_group=Count("pk", filter=Q(group__isnull=True)),
    )
    return {
        "groups": [group for group in groups_of_cell(cell) if not group.is_dissolved],
        "committee": sorted(
            current.filter(role__in=COMMITTEE_ROLES),
            key=lambda member: (COMMITTEE_ROLES.index(member.role), member.sort_key),
        ),
        "left_count": Member.objects.filter(cell=cell, left_on__isnull=False).count(),
        **counts,
    }


# Who is told (notifications): the accounts of the people a change concerns.


def account_of(member: Member | None):
    """The member's sign-in account, if the member is in the cell and has one that is open."""
    if member is None or member.has_left or member.user is None or not member.user.is_active:
        return None
    return member.user


def reviewers_of(member: Member) -> list:
    """Whoever reviews the member's pledge: the group's leader, or, for a leader or a member of
    no group (nobody reviews the own pledge), the cell committee."""
    leader = member.group.leader if member.group_id else None
    if leader is not None and leader.pk != member.pk and account_of(leader) is not None:
        return [leader.user]
    committee = (
        Member.objects.current()
        .filter(cell_id=member.cell_id, role__in=COMMITTEE_ROLES)
        .exclude(pk=member.pk)
    )
    return [account for account in map(account_of, committee.select_related("user")) if account is not None]


def committee_office_of(cell: Cell) -> list:
    """The accounts of the office of the cell's superior committee."""
    return list(cell.committee.staff.filter(is_active=True))


def members_without_email(cell: Cell) -> QuerySet[Member]:
    """The cell's members today whom no e-mail reaches: no account, or no address on it."""
    return (
        Member.objects.current()
        .filter(cell=cell)
        .filter(Q(user__isnull=True) | Q(user__email=""))
        .select_related("group", "user")
    )


# The superior committee of a day: a cell belongs to the committee it moved to until its next
# move (`CellMove`), and to `Cell.committee` since its last one.


def committee_of(cell: Cell, day: date) -> SuperiorCommittee:
    """The superior committee the cell belonged to on the day: the one it had left by its first
    move after the day, else the one it has now."""
    move = (
        CellMove.objects.filter(cell=cell, moved_on__gt=day)
        .select_related("from_committee")
        .order_by("moved_on")
        .first()
    )
    return move.from_committee if move else cell.committee


@dataclass(frozen=True)
class Belonging:
    """A span of days a cell belonged to a committee: from `first_day` (None: from its records'
    start) to `last_day` (None: still)."""

    committee: SuperiorCommittee
    first_day: date | None
    last_day: date | None


def belongings_of(cell: Cell) -> list[Belonging]:
    """The committees a cell has belonged to, the earliest first."""
    spans, first_day = [], None
    for move in CellMove.objects.filter(cell=cell).select_related("from_committee").order_by("moved_on"):
        spans.append(Belonging(move.from_committee, first_day, move.moved_on - timedelta(days=1)))
        first_day = move.moved_on
    return [*spans, Belonging(cell.committee, first_day, None)]


@dataclass(frozen=True)
class Issuer:
    """The two lines that head a cell's document of a day (HD 36): the superior committee and
    the cell, by their names of that day."""

    superior: str
    cell: str


def issuers_of(cell: Cell):
    """The issuer of the cell's documents as of any day, a function of the day: the committees
    and names of the cell are read once (two queries), for a print of many documents."""
    belongings = belongings_of(cell)
    names = cell_names(cell)

    def issuer_on(day: date) -> Issuer:
        committee = next(
            span.committee for span in belongings if span.last_day is None or day <= span.last_day
        )
        named = [name.name for name in names if name.used_from is None or name.used_from <= day]
        return Issuer(superior=committee.name, cell=named[-1] if named else cell.name)

    return issuer_on


def secretary_on(cell: Cell, day: date) -> Member | None:
    """The member who was the cell's secretary on the day, who signs its documents of that day."""
    return (
        Member.objects.filter(cell=cell)
        .filter(in_cell_on(day), held_role_on(day, CellRole.SECRETARY))
        .order_by("pk")
        .first()
    )


def cells_of_committee(
    committee: SuperiorCommittee, first_day: date, last_day: date
) -> list[tuple[Cell, date, date | None]]:
    """The cells whose figures the committee reads over the days first_day–last_day, each with
    the last day it reads and the day it moved away: the cells under it now, their whole
    history; a cell that has moved away, up to the day before its move, if it belonged to the
    committee within those days. By name."""
    cells = {cell.pk: (cell, last_day, None) for cell in Cell.objects.filter(committee=committee)}
    moves = (
        CellMove.objects.filter(cell__in=CellMove.objects.filter(from_committee=committee).values("cell"))
        .select_related("cell")
        .order_by("cell_id", "moved_on")
    )
    previous = {}
    for move in moves:
        began = previous.get(move.cell_id)
        previous[move.cell_id] = move.moved_on
        if move.from_committee_id != committee.pk or move.cell.committee_id == committee.pk:
            continue
        left = move.moved_on - timedelta(days=1)
        if left >= first_day and (began is None or began <= last_day):
            # A cell that left twice is read up to its last leaving.
            cells[move.cell_id] = (move.cell, min(left, last_day), move.moved_on)
    return sorted(cells.values(), key=lambda row: (row[0].name, row[0].pk))


# The superior committees whose office a user works in


def committees_for_user(user) -> QuerySet[SuperiorCommittee]:
    committees = SuperiorCommittee.objects.order_by("name")
    return committees if user.is_superuser else committees.filter(pk__in=superior_committee_ids(user))


def committee_for_user(user, pk: int) -> SuperiorCommittee:
    return get_object_or_404(committees_for_user(user), pk=pk)
