"""The counts of the members' yearly pledges: filed, approved, self-assessed and rated by a day,
per cell or per party group, with the deadline of each study year and the pledges filed after
it. The fields these counts read are named here (`PLEDGE_COUNTED_FIELDS`), for the cache to
know which saves of a pledge change a figure."""

from datetime import date

from django.db.models import Count, F, Min, Q
from django.db.models.functions import TruncDate

from cell05.periods import Period
from figures.cache import cached_by_cells
from figures.counting import _ids, percent
from figures.counting.entered import Entered, entered_figures
from figures.models import EnteredYearFigures
from members.models import Member, group_on, in_cell_on
from plans.choices import APPROVED_STATES, ASSESSED_STATES, FILED_STATES, PledgeState, Rating
from plans.models import Pledge, StudyYear

# Every field of a pledge that a figure reads. A pledge saved with all of them as they were (a
# draft's reflection, a score corrected) keeps its cell's stamp, and so the cached figures
# (figures.cache): a count that reads another field must name it here.
PLEDGE_COUNTED_FIELDS = (
    "member",
    "study_year",
    "state",
    "submitted_at",
    "reviewed_at",
    "self_assessed_at",
    "evaluated_at",
    "rating",
)


def _pledge_events(day: date) -> dict:
    """What each pledge count needs: the state it is in now and that it got there by the day.
    A date left empty (records entered without one) does not hold the pledge back."""
    moment = Period(day, day).end_moment

    def by(field):
        return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": moment})

    return {
        "filed": Q(state__in=FILED_STATES) & by("submitted_at"),
        "approved": Q(state__in=APPROVED_STATES) & by("reviewed_at"),
        "self_assessed": Q(state__in=ASSESSED_STATES) & by("self_assessed_at"),
        **{
            rating: Q(state=PledgeState.EVALUATED, rating=rating) & by("evaluated_at")
            for rating in Rating.values
        },
    }


def pledge_counts(
    cells, year: int, *, as_of: date, by_group: bool = False, entered: Entered | None = None
) -> dict:
    """The pledges of a study year as of a day: the members in the cell on the year's last day
    (or on `as_of`, when earlier), and their pledges filed, approved, self-assessed and rated by
    `as_of`, and the rate. Keyed by cell id, or by (cell id, group id) with `by_group` (the
    group each member was in on that day). A year entered from a report
    reported by `as_of` gives its figures instead (`entered`: read here unless given); it has
    no groups, so `by_group` counts the records alone."""
    counts = _recorded_pledge_counts(cells, year, as_of=as_of, by_group=by_group)
    if by_group:
        return counts
    if entered is None:
        entered = entered_figures(cells, [year], as_of=as_of)
    return {
        **counts,
        **{
            cell_id: _entered_pledges(row)
            for (cell_id, of_year), row in entered.items()
            if of_year == year and row.report_date <= as_of
        },
    }


def _entered_pledges(row: EnteredYearFigures) -> dict:
    return {
        "members": row.members,
        "filed": row.pledges_filed,
        "approved": row.pledges_approved,
        "self_assessed": row.pledges_self_assessed,
        "ratings": row.ratings,
        "rate": percent(row.pledges_filed, row.members),
    }


@cached_by_cells
def _recorded_pledge_counts(cells, year: int, *, as_of: date, by_group: bool = False) -> dict:
    """`pledge_counts` of the records alone."""
    day = min(as_of, date(year, 12, 31))
    ids = _ids(cells)
    key = ["cell", "group_then"] if by_group else ["cell"]

    def grouped(via):
        return {"group_then": group_on(day, via=via)} if by_group else {}

    # A member recorded "from the records' start" was not a member without a pledge in the
    # years before the cell's first study year: those years are not the cell's records.
    not_begun = (
        StudyYear.objects.filter(cell__in=ids)
        .values("cell")
        .annotate(first=Min("year"))
        .filter(first__gt=year)
        .values("cell")
    )
    members = {
        tuple(row[k] for k in key): row["count"]
        for row in Member.objects.filter(cell__in=ids)
        .exclude(cell__in=not_begun)
        .filter(in_cell_on(day))
        .values("cell", **grouped(""))
        .annotate(count=Count("pk"))
        .order_by()
    }
    events = _pledge_events(as_of)
    counted: dict[tuple, dict] = {
        tuple(row.pop(k) for k in key): row
        # Every count is of pledges handed in: the drafts are left out before counting.
        # The cells' study years of that year first: a join on the cell would read every
        # year of pledges of the cells' members.
        for row in Pledge.objects.filter(
            study_year__in=StudyYear.objects.filter(cell__in=ids, year=year).values("pk"),
            state__in=FILED_STATES,
        )
        .filter(in_cell_on(day, via="member__"))
        .values(cell=F("member__cell"), **grouped("member__"))
        .annotate(**{name: Count("pk", filter=condition) for name, condition in events.items()})
        .order_by()
    }
    result: dict = {}
    for member_key, count in members.items():
        row = counted.get(member_key, {})
        filed = row.get("filed", 0)
        result[member_key if by_group else member_key[0]] = {
            "members": count,
            "filed": filed,
            "approved": row.get("approved", 0),
            "self_assessed": row.get("self_assessed", 0),
            "ratings": {rating: row.get(rating, 0) for rating in Rating.values},
            "rate": percent(filed, count),
        }
    return result


# The pledge counts of a cell or a group without members.
NO_PLEDGES = {
    "members": 0,
    "filed": 0,
    "approved": 0,
    "self_assessed": 0,
    "ratings": dict.fromkeys(Rating.values, 0),
    "rate": 0.0,
}


def total_of(rows) -> dict:
    """The pledge counts of several groups (or cells) added up, with the rate of the whole."""
    rows = list(rows)
    total = {
        name: sum(row[name] for row in rows) for name in ("members", "filed", "approved", "self_assessed")
    }
    total["ratings"] = {rating: sum(row["ratings"][rating] for row in rows) for rating in Rating.values}
    total["rate"] = percent(total["filed"], total["members"])
    return total


def pledge_deadlines(cells, year: int) -> dict[int, date]:
    """The pledge deadline of each cell's study year, where the cell set one."""
    # The filter leaves no empty deadline; the plugin types the column as it is declared, nullable.
    return dict(
        StudyYear.objects.filter(cell__in=_ids(cells), year=year, pledge_deadline__isnull=False).values_list(  # type: ignore[arg-type]
            "cell", "pledge_deadline"
        )
    )


def pledge_timeliness(cells, period: Period) -> dict[tuple[int, int], dict]:
    """Per (cell id, year) of the period whose study year has a pledge deadline: the deadline,
    and the pledges filed by the period's last day on a later day than it (in the country's
    time), of the members that `pledge_counts` counts. Two queries for all the years."""
    ids = _ids(cells)
    deadlines = {
        (cell_id, year): {"deadline": deadline, "late": 0}
        for cell_id, year, deadline in StudyYear.objects.filter(
            cell__in=ids, year__in=list(period.years), pledge_deadline__isnull=False
        ).values_list("cell", "year", "pledge_deadline")
    }
    if not deadlines:
        return {}
    members = Q()
    for year in period.years:
        members |= Q(study_year__year=year) & in_cell_on(
            min(period.last_day, date(year, 12, 31)), via="member__"
        )
    late = (
        Pledge.objects.filter(
            study_year__cell__in=ids,
            study_year__year__in=list(period.years),
            study_year__pledge_deadline__isnull=False,
        )
        .filter(filed_by(period.last_day), members)
        .alias(submitted_on=TruncDate("submitted_at"))
        .filter(submitted_on__gt=F("study_year__pledge_deadline"))
        .values("study_year__cell", "study_year__year")
        .annotate(late=Count("pk"))
        .order_by()
    )
    for row in late:
        deadlines[(row["study_year__cell"], row["study_year__year"])]["late"] = row["late"]
    return deadlines


def filed_by(day: date) -> Q:
    """A pledge filed by that day, as every pledge count counts it."""
    return _pledge_events(day)["filed"]
