"""Reads of the study years, the cell's documents and the study sessions that the pages
share: a year's members, figures and chart."""

import math
from datetime import date

from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from cell05 import workflow
from cell05.periods import Period
from figures.counting.pledges import NO_PLEDGES, filed_by, pledge_counts, total_of
from figures.counting.sessions import study_session_attendance
from figures.models import EnteredYearFigures
from members.models import Cell, Member, PartyGroup, group_on
from members.selectors import group_name_then
from plans.choices import Rating
from plans.models import CellDocument, Pledge, StudySession, StudyYear
from plans.workflow import PLEDGE_WORKFLOW


def last_year_read(until: date | None) -> int | None:
    """The last year whose pages a reader up to `until` opens (`members.selectors.reading_until`):
    the last one ended by then, since a year's pages count it as of today; None: every year."""
    if until is None:
        return None
    return until.year if (until.month, until.day) == (12, 31) else until.year - 1


def reads_year(until: date | None, year: int) -> bool:
    last = last_year_read(until)
    return last is None or year <= last


def years_of_cell(cell: Cell, *, until: date | None = None) -> QuerySet[StudyYear]:
    years = StudyYear.objects.filter(cell=cell).prefetch_related("key_contents").order_by("-year")
    return years if until is None else years.filter(year__lte=last_year_read(until))


def year_of_cell(cell: Cell, year: int, *, until: date | None = None) -> StudyYear:
    """The cell's year; 404 for a year after the last one the reader up to `until` opens."""
    if not reads_year(until, year):
        raise Http404
    return get_object_or_404(
        StudyYear.objects.select_related("cell").prefetch_related("key_contents"), cell=cell, year=year
    )


def has_year(cell: Cell, year: int) -> bool:
    return StudyYear.objects.filter(cell=cell, year=year).exists()


def year_entered_figures(cell: Cell, year: int) -> EnteredYearFigures | None:
    """The figures of the year entered from the cell's report, for a year without records: the
    year page shows them instead of counting records."""
    return EnteredYearFigures.objects.filter(cell=cell, year=year).first()


def current_year(cell: Cell) -> StudyYear | None:
    """The year members work on now: this calendar year if the cell has it, else its latest."""
    years = StudyYear.objects.filter(cell=cell)
    return years.filter(year=timezone.localdate().year).first() or years.order_by("-year").first()


def documents_of_cell(cell: Cell, *, until: date | None = None) -> QuerySet[CellDocument]:
    documents = CellDocument.objects.filter(cell=cell).order_by("-issued_on", "number")
    return documents if until is None else documents.filter(issued_on__lte=until)


def sessions_of_year(study_year: StudyYear) -> list[StudySession]:
    """The sessions held in the year, each with its attendance from the counting engine: those
    present over the members of the cell on its day, and the rate."""
    attendance = study_session_attendance(
        [study_year.cell_id], Period.of_years(study_year.year, study_year.year)
    )
    sessions = list(StudySession.objects.filter(study_year=study_year, pk__in=attendance).order_by("held_on"))
    for session in sessions:
        for name in ("attended", "expected", "rate"):
            setattr(session, name, attendance[session.pk][name])
    return sessions


def year_day(study_year: StudyYear) -> date:
    """The day a year's figures are counted on: its last day, or today for the year under way."""
    return min(timezone.localdate(), date(study_year.year, 12, 31))


def year_members(study_year: StudyYear) -> QuerySet[Member]:
    """The members a year's figures count: those in the cell on its counting day."""
    return Member.objects.filter(cell_id=study_year.cell_id).as_of(year_day(study_year))


def year_overview(study_year: StudyYear, *, state: str = "", viewer=None) -> dict:
    """Per group and in total: members, pledges filed, approved, self-assessed and rated, the
    rate (counted by the counting engine), the names of those without a filed pledge, and the
    pledges filtered by state, each saying whether `viewer` may approve it (nobody approves
    their own)."""
    today, day = timezone.localdate(), year_day(study_year)
    # Each member under the group of the year's counting day, as the engine counts them, and
    # each group by the name it bore then.
    groups_of_cell = {
        group.pk: group
        for group in PartyGroup.objects.filter(cell_id=study_year.cell_id).annotate(
            name_then=group_name_then(day)
        )
    }
    members = sorted(
        year_members(study_year).annotate(group_then=group_on(day)).select_related("group", "cell"),
        key=lambda member: (
            groups_of_cell[member.group_then].order if member.group_then else math.inf,
            member.sort_key,
        ),
    )
    pledges = {
        pledge.member_id: pledge
        for pledge in Pledge.objects.filter(study_year=study_year, member__in=members)
        .select_related("reviewed_by")
        .annotate(
            item_count=Count("items"),
            filed=Count("pk", filter=filed_by(today)),
        )
    }
    counts = pledge_counts([study_year.cell_id], study_year.year, as_of=today, by_group=True)
    groups, rows = {}, []
    for member in members:
        pledge = pledges.get(member.pk)
        if pledge is not None:
            pledge.member = member  # already loaded with its group and cell: no query per row
        group_then = groups_of_cell.get(member.group_then)
        group = groups.setdefault(
            member.group_then,
            {
                "group": group_then,
                "name": group_then.name_then if group_then else "",
                **counts[(member.cell_id, member.group_then)],
                "missing": [],
            },
        )
        if pledge is None or not pledge.filed:
            group["missing"].append(member)
        pledge_state = pledge.state if pledge else "missing"
        if not state or state == pledge_state:
            approvable = (
                viewer is not None
                and pledge is not None
                and workflow.user_may(PLEDGE_WORKFLOW, "approve", viewer, pledge)
            )
            rows.append(
                {
                    "member": member,
                    "group_name": group["name"],
                    "pledge": pledge,
                    "state": pledge_state,
                    "approvable": approvable,
                }
            )
    group_rows = list(groups.values())
    total = {
        **total_of(counts.values()),
        "missing": [member for row in group_rows for member in row["missing"]],
    }
    for row in [*group_rows, total]:
        row["ratings"] = [(rating, label, row["ratings"][rating]) for rating, label in Rating.choices]
    return {"groups": group_rows, "total": total, "rows": rows}


def group_progress(study_year: StudyYear) -> list[dict]:
    """Per group of the cell on the year's counting day, by its name then, from the counting
    engine as of today: its members, the pledges filed, approved, self-assessed and rated, and
    the rate; groups without members included."""
    counts = pledge_counts([study_year.cell_id], study_year.year, as_of=timezone.localdate(), by_group=True)
    day = year_day(study_year)
    existing = PartyGroup.objects.filter(cell_id=study_year.cell_id).existing_on(day)
    groups = [*existing.annotate(name_then=group_name_then(day)).order_by("order"), None]
    rows = []
    for group in groups:
        row = counts.get((study_year.cell_id, group.pk if group else None))
        if group is None and row is None:
            continue  # nobody is outside a group
        row = row or NO_PLEDGES
        rows.append(
            {
                "group": group,
                "name": group.name_then if group else "",
                **row,
                "rated": sum(row["ratings"].values()),
            }
        )
    return rows


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
                "label": row["name"] or "—",
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
        # The colour of each bar and what it counts.
        "legend": [("text-success", _("approved")), ("text-warning", _("submitted"))],
    }
