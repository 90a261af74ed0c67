"""The counts of the sessions: the study sessions held and their attendance (each member counted
by whether the member was in the cell on the session's day), and the Monday sessions on the rota
and those held, with those of the entered years."""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone

from cell05.periods import Period
from figures.counting import _ids, _keys, percent
from figures.counting.entered import Entered, _known
from members.models import Member
from plans.choices import MondayState
from plans.models import MondaySession, StudySession


def study_session_attendance(cells, period: Period) -> dict[int, dict]:
    """Each study session held in the period, by its id: its cell, its day, those present, the
    members in the cell on that day (joined by then, not yet left), and the rate in whole per
    cent. Two queries, whatever the number of cells, sessions and members."""
    ids = _ids(cells)
    sessions = (
        StudySession.objects.filter(
            study_year__cell__in=ids, held_on__gte=period.first_day, held_on__lte=period.last_day
        )
        .values("pk", "study_year__cell", "held_on")
        .annotate(attended=Count("attendees"))
        .order_by()
    )
    stays = defaultdict(list)
    for cell_id, joined, left in Member.objects.filter(cell__in=ids).values_list(
        "cell", "joined_on", "left_on"
    ):
        stays[cell_id].append((joined, left))
    result = {}
    for session in sessions:
        cell_id, day, attended = session["study_year__cell"], session["held_on"], session["attended"]
        expected = sum(
            (joined is None or joined <= day) and (left is None or left > day)
            for joined, left in stays[cell_id]
        )
        result[session["pk"]] = {
            "cell": cell_id,
            "held_on": day,
            "attended": attended,
            "expected": expected,
            "rate": round(100 * attended / expected) if expected else 0,
        }
    return result


def study_session_counts(
    cells, period: Period, *, by_year: bool = False, entered: Entered | None = None
) -> dict:
    """Study sessions held in the period and their attendance: those present over the members
    in the cell on each session's day (`study_session_attendance`), and those of the entered
    years. Keyed by cell id, or by (cell id, year)."""
    ids = _ids(cells)
    # Counts, and the attendance rate (a float) added at the end.
    result: dict = {key: {"sessions": 0, "attended": 0, "expected": 0} for key in _keys(ids, period, by_year)}
    for session in study_session_attendance(ids, period).values():
        row = result[(session["cell"], session["held_on"].year) if by_year else session["cell"]]
        row["sessions"] += 1
        row["attended"] += session["attended"]
        row["expected"] += session["expected"]
    for (cell_id, year), entry in _known(ids, period, entered):
        row = result[(cell_id, year) if by_year else cell_id]
        row["sessions"] += entry.study_sessions
        row["attended"] += entry.attended
        row["expected"] += entry.attendance_expected
    for row in result.values():
        row["attendance_rate"] = percent(row["attended"], row["expected"])
    return result


def monday_counts(cells, period: Period, *, by_year: bool = False, entered: Entered | None = None) -> dict:
    """Monday sessions on the rota in the period, and those held, with those of the entered
    years. Keyed by cell id, or by (cell id, year). A session is due once its day is over or
    once it is recorded: today's, still planned, may yet be held and is not counted (one rule
    for every page that counts up to today)."""
    ids = _ids(cells)
    result = {key: {"planned": 0, "held": 0} for key in _keys(ids, period, by_year)}
    rows = MondaySession.objects.filter(
        cell__in=ids, day__gte=period.first_day, day__lte=period.last_day
    ).exclude(day__gte=timezone.localdate(), state=MondayState.PLANNED)
    # Each year by a range of days, not by extracting the year of each row (a function per row
    # on SQLite, where it took most of the committee table's time).
    years = period.years if by_year else [None]
    counts = {}
    for year in years:
        within = Q(day__year=year) if year else Q()
        counts[f"planned_{year}"] = Count("pk", filter=within)
        counts[f"held_{year}"] = Count("pk", filter=within & Q(state=MondayState.HELD))
    for row in rows.values("cell").annotate(**counts).order_by():
        for year in years:
            result[(row["cell"], year) if by_year else row["cell"]].update(
                planned=row[f"planned_{year}"], held=row[f"held_{year}"]
            )
    for (cell_id, year), entry in _known(ids, period, entered):
        sums = result[(cell_id, year) if by_year else cell_id]
        sums["planned"] += entry.monday_planned
        sums["held"] += entry.monday_held
    return result


def monday_not_held_by_group(cells, period: Period) -> dict[int, dict[int, int]]:
    """The Monday sessions on the rota in the period that were not held, per cell id and per
    group on duty in the order of the groups' turns (the entered years have no groups); a group
    whose sessions were all held is not listed."""
    rows = (
        MondaySession.objects.filter(
            cell__in=_ids(cells), day__gte=period.first_day, day__lte=period.last_day
        )
        .exclude(state=MondayState.HELD)
        .values("cell", "group")
        .annotate(count=Count("pk"))
        .order_by("cell", "group__order")
    )
    result: defaultdict[int, dict[int, int]] = defaultdict(dict)
    for row in rows:
        result[row["cell"]][row["group"]] = row["count"]
    return dict(result)
