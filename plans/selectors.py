"""Reads that the pages of plans share, each scoped to what the user may see."""

import calendar
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation

from cell05.history import history_rows
from members.models import Cell, Member
from members.rules import current_member
from plans.choices import (
    FILED_STATES,
    STORY_REPEAT_MONTHS,
    MondayState,
    PledgeState,
    Rating,
)
from plans.models import (
    CellDocument,
    MondayDayOff,
    MondaySession,
    Pledge,
    PledgeItem,
    Story,
    StudySession,
    StudyYear,
)
from plans.services import mondays, public_holidays
from reports import figures


def years_of_cell(cell: Cell) -> QuerySet[StudyYear]:
    return StudyYear.objects.filter(cell=cell).order_by("-year")


def year_of_cell(cell: Cell, year: int) -> StudyYear:
    return get_object_or_404(
        StudyYear.objects.select_related("cell").prefetch_related("key_contents"), cell=cell, year=year
    )


def current_year(cell: Cell) -> StudyYear | None:
    """The year members work on now: this calendar year if the cell has it, else its latest."""
    years = StudyYear.objects.filter(cell=cell)
    return years.filter(year=timezone.localdate().year).first() or years.order_by("-year").first()


def pledges_visible_to(user, cell: Cell) -> QuerySet[Pledge]:
    """The pledges of a cell that the user may open: all for the committee and the
    superior office, the own group's for a group leader, the own for a member."""
    pledges = Pledge.objects.filter(member__cell=cell).select_related(
        "member__cell", "member__group", "study_year"
    )
    if user.has_perm("plans.view_year_pledges", cell):
        return pledges
    me = current_member(user)
    if me is None or me.cell_id != cell.pk:
        return pledges.none()
    return pledges.filter(Q(member=me) | Q(member__group__leader=me))


def pledge_for_user(user, cell: Cell, pk: int) -> Pledge:
    return get_object_or_404(pledges_visible_to(user, cell), pk=pk)


def pledge_with_items(pledge: Pledge) -> Pledge:
    return (
        Pledge.objects.select_related(
            "member__cell", "member__group", "study_year", "reviewed_by", "evaluated_by"
        )
        .prefetch_related("items")
        .get(pk=pledge.pk)
    )


def own_pledge(member: Member, study_year: StudyYear) -> Pledge | None:
    return Pledge.objects.filter(member=member, study_year=study_year).first()


def next_step(pledge: Pledge | None, study_year: StudyYear) -> dict:
    """What the member must do next on the own pledge, and by when."""
    if pledge is None or pledge.state == PledgeState.DRAFT:
        returned = pledge is not None and bool(pledge.return_comment)
        return {
            "code": "returned" if returned else ("write" if pledge is None else "submit"),
            "deadline": study_year.pledge_deadline,
        }
    if pledge.state == PledgeState.SUBMITTED:
        return {"code": "wait_review", "deadline": None}
    if pledge.state == PledgeState.APPROVED:
        return {"code": "self_assess", "deadline": None}
    if pledge.state == PledgeState.SELF_ASSESSED:
        return {"code": "wait_evaluation", "deadline": None}
    return {"code": "done", "deadline": None}


def documents_of_cell(cell: Cell) -> QuerySet[CellDocument]:
    return CellDocument.objects.filter(cell=cell).order_by("-issued_on", "number")


def sessions_of_year(study_year: StudyYear) -> list[StudySession]:
    """The year's sessions with their attendance rate among the members of that day."""
    sessions = list(
        StudySession.objects.filter(study_year=study_year)
        .annotate(attended=Count("attendees"))
        .order_by("held_on")
    )
    for session in sessions:
        session.expected = Member.objects.filter(cell_id=study_year.cell_id).as_of(session.held_on).count()
        session.rate = round(100 * session.attended / session.expected) if session.expected else 0
    return sessions


def year_day(study_year: StudyYear) -> date:
    """The day a year's figures are counted on: its last day, or today for the year under way."""
    return min(timezone.localdate(), date(study_year.year, 12, 31))


def year_members(study_year: StudyYear) -> QuerySet[Member]:
    """The members a year's figures count: those in the cell on its counting day."""
    return Member.objects.filter(cell_id=study_year.cell_id).as_of(year_day(study_year))


def year_overview(study_year: StudyYear, *, state: str = "") -> dict:
    """Per group and in total: members, pledges filed, approved, self-assessed and rated, the
    rate (counted by the counting engine), the names of those without a filed pledge, and the
    pledges filtered by state."""
    today = timezone.localdate()
    members = list(
        year_members(study_year).select_related("group", "cell").order_by("group__order", "search_name")
    )
    pledges = {
        pledge.member_id: pledge
        for pledge in Pledge.objects.filter(study_year=study_year, member__in=members).annotate(
            item_count=Count("items"),
            filed=Count("pk", filter=figures.filed_by(today)),
        )
    }
    counts = figures.pledge_counts([study_year.cell_id], study_year.year, as_of=today, by_group=True)
    groups, rows = {}, []
    for member in members:
        pledge = pledges.get(member.pk)
        if pledge is not None:
            pledge.member = member  # already loaded with its group and cell: no query per row
        group = groups.setdefault(
            member.group_id,
            {"group": member.group, **counts[(member.cell_id, member.group_id)], "missing": []},
        )
        if pledge is None or not pledge.filed:
            group["missing"].append(member)
        pledge_state = pledge.state if pledge else "missing"
        if not state or state == pledge_state:
            rows.append({"member": member, "pledge": pledge, "state": pledge_state})
    group_rows = list(groups.values())
    total = {
        **figures.total_of(counts.values()),
        "missing": [member for row in group_rows for member in row["missing"]],
    }
    for row in [*group_rows, total]:
        row["ratings"] = [(rating, label, row["ratings"][rating]) for rating, label in Rating.choices]
    return {"groups": group_rows, "total": total, "rows": rows}


def pledge_history(pledge: Pledge, *, limit: int = 100) -> list[dict]:
    """Who changed what in a pledge and its items (removed items included), newest first."""
    pledge_rows = history_rows(Pledge.history.filter(id=pledge.pk).select_related("history_user"), Pledge)
    item_rows = history_rows(
        PledgeItem.history.filter(pledge_id=pledge.pk).select_related("history_user"),
        PledgeItem,
        subject=lambda entry: entry.action,
    )
    rows = sorted([*pledge_rows, *item_rows], key=lambda row: row["when"], reverse=True)
    return rows[:limit]


def item_changes_since(pledge: Pledge, version: int) -> list[dict]:
    """What happened to a pledge's items after the given version of the pledge was saved,
    oldest first: the items live in their own history, which a refused edit also tells."""
    seen = Pledge.history.filter(id=pledge.pk, version=version).order_by("history_date", "history_id").last()
    if seen is None:
        return []
    # Every entry of the items, so that each change is compared with the entry before it.
    rows = history_rows(
        PledgeItem.history.filter(pledge_id=pledge.pk).select_related("history_user"),
        PledgeItem,
        subject=lambda entry: entry.action,
    )
    return [row for row in reversed(rows) if row["when"] > seen.history_date]


CHART_BAR_HEIGHT = 22
CHART_BAR_X = 260
CHART_BAR_WIDTH = 370


def year_chart(overview: dict) -> dict:
    """Bars per group for the year page, drawn as SVG by the template (no script, no CDN):
    pledges submitted and approved as a share of the group's members, in whole pixels."""
    bars = []
    for index, row in enumerate(overview["groups"]):
        members = row["members"] or 1
        y = index * (CHART_BAR_HEIGHT + 8)
        bars.append(
            {
                "label": str(row["group"] or "—"),
                "y": y,
                "text_y": y + CHART_BAR_HEIGHT - 6,
                "approved": 100 * row["approved"] / members,
                "filed_width": round(CHART_BAR_WIDTH * row["filed"] / members),
                "approved_width": round(CHART_BAR_WIDTH * row["approved"] / members),
            }
        )
    return {
        "bars": bars,
        "height": max(len(bars), 1) * (CHART_BAR_HEIGHT + 8),
        "bar_height": CHART_BAR_HEIGHT,
        "bar_x": CHART_BAR_X,
    }


def year_pledges_for_print(study_year: StudyYear) -> QuerySet[Pledge]:
    return (
        Pledge.objects.filter(study_year=study_year, state__in=FILED_STATES)
        .select_related("member__cell__committee", "member__group", "study_year")
        .prefetch_related("items")
        .order_by("member__group__order", "member__search_name")
    )


# The Monday sessions and the story library


def monday_sessions(cell: Cell, year: int, *, months: list[int] | None = None) -> QuerySet[MondaySession]:
    sessions = MondaySession.objects.filter(cell=cell, day__year=year)
    if months:
        sessions = sessions.filter(day__month__in=months)
    return sessions.select_related("cell", "group", "reader", "story").order_by("day")


def monday_session_of_cell(cell: Cell, pk: int) -> MondaySession:
    return get_object_or_404(
        MondaySession.objects.select_related("cell", "group__leader", "reader", "story"), cell=cell, pk=pk
    )


def monday_readers(session: MondaySession) -> QuerySet[Member]:
    """Who may read at a session: the members of the cell on its day, group by group."""
    return (
        Member.objects.filter(cell_id=session.cell_id)
        .as_of(session.day)
        .select_related("group")
        .order_by("group__order", "search_name")
    )


def planned_monday_sessions(cell: Cell, year: int) -> QuerySet[MondaySession]:
    return monday_sessions(cell, year).filter(state=MondayState.PLANNED)


def monday_years(cell: Cell) -> list[int]:
    """The years that have a rota, and this year and the next, newest first."""
    this_year = timezone.localdate().year
    years = {day.year for day in MondaySession.objects.filter(cell=cell).dates("day", "year")}
    return sorted(years | {this_year, this_year + 1}, reverse=True)


def mondays_without_session(cell: Cell, year: int) -> list[dict]:
    """The Mondays of the year that have no session, with why: a public holiday or a day off."""
    language = "vi" if translation.get_language() == "vi" else "en_US"
    holidays = public_holidays(year, language=language)
    days_off = {day_off.day: day_off for day_off in MondayDayOff.objects.filter(cell=cell, day__year=year)}
    taken = set(MondaySession.objects.filter(cell=cell, day__year=year).values_list("day", flat=True))
    rows = []
    for day in mondays(year):
        if day in taken:
            continue
        if day in holidays:
            rows.append({"day": day, "reason": holidays[day], "holiday": True})
        elif day in days_off:
            rows.append({"day": day, "reason": days_off[day].reason, "holiday": False})
    return rows


def next_turn(member: Member) -> MondaySession | None:
    """The next planned session of the member's group, from today on."""
    if member.group_id is None:
        return None
    return (
        MondaySession.objects.filter(
            cell_id=member.cell_id,
            group_id=member.group_id,
            state=MondayState.PLANNED,
            day__gte=timezone.localdate(),
        )
        .order_by("day")
        .first()
    )


def stories_of_cell(cell: Cell) -> QuerySet[Story]:
    return (
        Story.objects.filter(cell=cell)
        .annotate(times_read=Count("sessions", filter=Q(sessions__state=MondayState.HELD)))
        .order_by("title")
    )


def story_of_cell(cell: Cell, pk: int) -> Story:
    return get_object_or_404(Story.objects.select_related("cell"), cell=cell, pk=pk)


def story_sessions(story: Story) -> QuerySet[MondaySession]:
    return MondaySession.objects.filter(story=story).select_related("group", "reader").order_by("-day")


def months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def recent_repeat(session: MondaySession) -> MondaySession | None:
    """An earlier session, held in the 12 months before this one, in which the same group read
    the same story: the cell allows it but warns."""
    if session.story_id is None or session.state == MondayState.NOT_HELD:
        return None
    return (
        MondaySession.objects.filter(
            cell_id=session.cell_id,
            group_id=session.group_id,
            story_id=session.story_id,
            state=MondayState.HELD,
            day__lt=session.day,
            day__gte=months_before(session.day, STORY_REPEAT_MONTHS),
        )
        .exclude(pk=session.pk)
        .order_by("-day")
        .first()
    )


def rota_for_print(cell: Cell, year: int, *, month: int | None = None, quarter: int | None = None) -> dict:
    """The sessions of a month or a quarter for the printed rota."""
    months = [month] if month else list(range(3 * quarter - 2, 3 * quarter + 1))
    return {
        "year": year,
        "month": month,
        "quarter": quarter,
        "sessions": list(monday_sessions(cell, year, months=months)),
    }
