"""The size of each cell (its party groups and members on a day) and how far it is with a
year: what the office's pages show for every cell under it, read from the pledge and Monday
counts of the engine."""

from datetime import date

from django.db.models import Count
from django.utils import timezone

from cell05.periods import Period
from figures.cache import cached_by_cells
from figures.counting import _ids
from figures.counting.entered import entered_figures
from figures.counting.pledges import NO_PLEDGES, pledge_counts, pledge_deadlines
from figures.counting.sessions import monday_counts
from members.models import Member, PartyGroup, in_cell_on


def member_counts(cells, day: date) -> dict[int, int]:
    """Members in each cell on the day."""
    return dict(
        Member.objects.filter(cell__in=_ids(cells))
        .filter(in_cell_on(day))
        .values_list("cell")
        .annotate(count=Count("pk"))
        .order_by()
    )


def group_counts(cells, day: date) -> dict[int, int]:
    """Party groups of each cell that existed on the day: created by then, not yet dissolved."""
    return dict(
        PartyGroup.objects.filter(cell__in=_ids(cells))
        .existing_on(day)
        .values_list("cell")
        .annotate(count=Count("pk"))
        .order_by()
    )


@cached_by_cells
def cell_sizes(cells, day: date) -> dict[int, dict]:
    """The party groups of each cell and its members on the day; on a day of a past year that
    the cell entered from its report (reported by then), those of the report."""
    members = member_counts(cells, day)
    groups = group_counts(cells, day)
    sizes = {
        cell_id: {"groups": groups.get(cell_id, 0), "members": members.get(cell_id, 0)}
        for cell_id in _ids(cells)
    }
    # This year's members are those of the records: the cell is using the program now.
    if day.year < timezone.localdate().year:
        for (cell_id, _year), row in entered_figures(cells, [day.year], as_of=day).items():
            sizes[cell_id] = {"groups": row.party_groups, "members": row.members}
    return sizes


@cached_by_cells
def year_progress(cells, year: int, *, today: date) -> dict[int, dict]:
    """How far each cell is with the year as of today: its pledges (as pledge_counts), the
    Monday sessions of the rota due by today and those held (as monday_counts), and its pledge
    deadline, if set. A year entered from a report gives that report's figures."""
    entered = entered_figures(cells, [year], as_of=today)
    pledges = pledge_counts(cells, year, as_of=today, entered=entered)
    monday = monday_counts(cells, Period.of_years(year, year, as_of=today), entered=entered)
    deadlines = pledge_deadlines(cells, year)
    return {
        cell_id: {
            "pledges": pledges.get(cell_id, NO_PLEDGES),
            "monday_held": monday[cell_id]["held"],
            "monday_due": monday[cell_id]["planned"],
            "deadline": deadlines.get(cell_id),
        }
        for cell_id in _ids(cells)
    }
