"""Reads of the Monday sessions and the story library: the rota, its turns and its print."""

import calendar
from datetime import date, timedelta

import rules
from django.db.models import Count, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation

from cell05 import workflow
from members.models import Cell, Member, PartyGroup
from members.selectors import group_name_then, issuers_of, secretary_on
from plans.choices import STORY_REPEAT_MONTHS, MondayState
from plans.models import MondayDayOff, MondaySession, Story
from plans.services.monday import mondays, public_holidays
from plans.workflow import MONDAY_PLANNED, MONDAY_WORKFLOW


def with_group_names(sessions: QuerySet[MondaySession]) -> QuerySet[MondaySession]:
    """Each session with `group_name`, the name its group bore on the session's day: what its
    row, its page and its print name."""
    return sessions.annotate(group_name=group_name_then(OuterRef("day"), via="group__"))


def monday_sessions(cell: Cell, year: int, *, months: list[int] | None = None) -> QuerySet[MondaySession]:
    sessions = MondaySession.objects.filter(cell=cell, day__year=year)
    if months:
        sessions = sessions.filter(day__month__in=months)
    return with_group_names(sessions.select_related("cell", "group", "reader", "story").order_by("day"))


def monday_session_of_cell(cell: Cell, pk: int) -> MondaySession:
    return get_object_or_404(
        with_group_names(MondaySession.objects.select_related("cell", "group__leader", "reader", "story")),
        cell=cell,
        pk=pk,
    )


def monday_readers(session: MondaySession) -> QuerySet[Member]:
    """Who may read at a session: the members of the cell on its day, group by group."""
    return (
        Member.objects.filter(cell_id=session.cell_id)
        .as_of(session.day)
        .select_related("group")
        .order_by("group__order", "sort_key")
    )


def planned_monday_sessions(cell: Cell, year: int) -> QuerySet[MondaySession]:
    """The sessions of the year that may be swapped."""
    return monday_sessions(cell, year).filter(state__in=MONDAY_WORKFLOW["swap"].sources)


def monday_allowed_actions(user, session: MondaySession) -> dict[str, bool]:
    """For each action of the session's workflow, whether the user may take it now; `record`,
    whether the user may record the session in some state."""
    return {
        **workflow.allowed_actions(MONDAY_WORKFLOW, user, session),
        "record": rules.has_perm("plans.record_monday_session", user, session),
    }


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
            state__in=MONDAY_PLANNED,
            day__gte=timezone.localdate(),
        )
        .select_related("group")
        .order_by("day")
        .first()
    )


def sessions_to_record(cell: Cell, *, groups: list[PartyGroup] | None = None) -> QuerySet[MondaySession]:
    """The sessions of the rota whose day has come and that nobody has recorded yet, of the
    given groups or the whole cell, oldest first."""
    sessions = MondaySession.objects.filter(
        cell=cell, state__in=MONDAY_PLANNED, day__lte=timezone.localdate()
    ).select_related("cell", "group")
    if groups is not None:
        sessions = sessions.filter(group__in=groups)
    return sessions.order_by("day")


def next_turn_of_groups(groups: list[PartyGroup]) -> MondaySession | None:
    """The first planned session of any of the groups after today."""
    return (
        MondaySession.objects.filter(group__in=groups, state__in=MONDAY_PLANNED, day__gt=timezone.localdate())
        .select_related("cell", "group")
        .order_by("day")
        .first()
    )


def stories_of_cell(cell: Cell) -> QuerySet[Story]:
    return (
        Story.objects.filter(cell=cell)
        .annotate(times_read=Count("sessions", filter=Q(sessions__state=MondayState.HELD)))
        .order_by("sort_key")
    )


def story_of_cell(cell: Cell, pk: int) -> Story:
    return get_object_or_404(Story.objects.select_related("cell"), cell=cell, pk=pk)


def story_sessions(story: Story) -> QuerySet[MondaySession]:
    return with_group_names(
        MondaySession.objects.filter(story=story).select_related("group", "reader")
    ).order_by("-day")


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


# Quarters are written in Roman numerals, in Vietnamese documents as in English (locale/glossary.md).
QUARTER_NUMERALS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def rota_for_print(cell: Cell, year: int, *, month: int | None = None, quarter: int | None = None) -> dict:
    """The sessions of a month or a quarter for the printed rota, issued as a document of the
    cell: dated the day before its period begins (a rota is posted before its first Monday), or
    today if that day is still to come; headed by the cell and its committee of that day and
    signed by the secretary of that day."""
    months = [month] if month else list(range(3 * quarter - 2, 3 * quarter + 1))
    issued_on = min(date(year, months[0], 1) - timedelta(days=1), timezone.localdate())
    return {
        "year": year,
        "month": month,
        "quarter": quarter,
        "quarter_numeral": QUARTER_NUMERALS.get(quarter, ""),
        "sessions": list(monday_sessions(cell, year, months=months)),
        "issued_on": issued_on,
        "issuer": issuers_of(cell)(issued_on),
        "signer": secretary_on(cell, issued_on),
    }
