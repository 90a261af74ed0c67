"""The figures a cell entered from its reports for the years it holds no records of, as the
counts read them: once per call, for all the cells and years at once, and only those reported by
the count's day. Every count of the engine adds them, and a year of `period_figures` says whether
its figures come from the records or from such a report; so they live apart from any one count."""

from datetime import date

from cell05.periods import Period
from figures.counting import _ids
from figures.models import EnteredYearFigures

# The entered figures of cells, keyed by (cell id, year).
Entered = dict[tuple[int, int], EnteredYearFigures]


def entered_figures(cells, years, *, as_of: date) -> Entered:
    """The figures entered for those years of the cells that were reported by `as_of`: one query."""
    ids = _ids(cells)
    if not ids:
        return {}
    rows = EnteredYearFigures.objects.filter(cell__in=ids, year__in=list(years), report_date__lte=as_of)
    return {(row.cell_id, row.year): row for row in rows}


def _entered_in(cells, period: Period) -> Entered:
    return entered_figures(cells, period.years, as_of=period.last_day)


def _known(ids, period: Period, entered: Entered | None):
    """The entered years of the cells within the period, reported by its last day: those of
    `entered` (read once by the caller of several counts), else read now."""
    if entered is None:
        entered = _entered_in(ids, period)
    wanted = set(ids)
    return [
        (key, row)
        for key, row in entered.items()
        if key[0] in wanted and key[1] in period.years and row.report_date <= period.last_day
    ]


# Where a year's figures come from (a year of `period_figures` says it).
RECORDS, ENTERED = "records", "entered"


def _source(row: EnteredYearFigures | None) -> dict:
    """A year's source, with the number and date of the report of an entered year: plain
    strings, since a final report keeps its figures as JSON."""
    if row is None:
        return {"source": RECORDS, "report_number": "", "report_date": ""}
    return {"source": ENTERED, "report_number": row.report_number, "report_date": row.report_date.isoformat()}
