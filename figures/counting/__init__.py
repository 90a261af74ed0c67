"""The counting engine: every figure of the program is counted here, for any number of cells,
over a period, as of its last day, by each event's own date.

A pledge counts as filed from its submission, approved from its review, self-assessed and rated
from those days; a case counts from its start and its conclusion from its end; a praise, a
proposal and the decision on it from their dates; a member from joining to leaving; a Monday
session on its day. Whenever a record was typed in, it counts by the day it happened. The report,
the superior committee's table, the year page and the oversight pages read these functions, so
they cannot disagree. Each function takes the cells and returns its figures keyed by cell id,
in a number of queries that depends on neither the cells nor the members.

A year that a cell holds no records of may hold the figures it reported then, entered from that
report (`EnteredYearFigures`). Every count adds them for those years: they are the state of the
report's date, so a count as of an earlier day leaves them out. They are read once per call, for
all the cells and years at once: they cost one query, however many years are entered.

The counts live in one module per kind of record (`pledges`, `sessions`, `oversight`), beside
the figures entered from reports that each of them adds (`entered`), the cells' size and a year's
progress (`cells`), the figures of a period that the reports state (`period`), and which years a
cell holds records of (`records`). This module holds what every count shares.
"""

from cell05.periods import Period


def percent(part: int, whole: int) -> float:
    """A share in per cent with one decimal; nothing of nothing is 0."""
    return round(100 * part / whole, 1) if whole else 0.0


def _ids(cells) -> list[int]:
    return [cell if isinstance(cell, int) else cell.pk for cell in cells]


def _keys(ids, period: Period, by_year: bool) -> list:
    return [(cell_id, year) for cell_id in ids for year in period.years] if by_year else list(ids)
