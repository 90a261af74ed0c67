"""A past year of a cell, brought in from the cell's own spreadsheet (issue 27, item 1): the
template to fill, the reading of the filled file, and the plan of what its import would create,
refuse and skip, row by row. The import itself is operations.services.year_import_run.

One workbook holds one year, one sheet per kind of record; a .csv holds the same rows in one
table whose column "Loại" names the sheet of each row. The sheets' and columns' names are
Vietnamese in every interface language: the file is a form that the cell fills, like a paper
form. Members are found by Party card number, else by full name and date of birth; a row whose
member is not found is refused, never matched to someone else.

A row that records what the cell already holds (the same member's pledge of the year, a session
of the same day and content, a case of the same decision) is skipped, so that the same file
imported twice creates nothing new. Any other record in a year that already has records is
refused: a year comes from one file, once.

Here is the plan of a year (`year_plan`), which refuses the year as a whole if it holds other
records or figures entered from a report. Its parts: the file's form and its template
(`sheets`), the reading of a filled file (`reading`), the check of one row (`rows`), the reading
of each sheet against the cell (`planner`) and what the plan holds (`plan`).
"""

from django.utils.translation import gettext as _

from figures.counting.records import year_has_entered_figures, year_has_records
from members.models import Cell
from operations.year_import.plan import Refusal, YearPlan
from operations.year_import.planner import _Planner
from operations.year_import.sheets import SHEETS


def year_plan(*, cell: Cell, year: int, sheets: dict, file_name: str) -> YearPlan:
    """What importing the sheets (read_year_file) into the cell's year would create, skip and
    refuse; nothing is written."""
    planner = _Planner(cell, year, file_name)
    planner.year(sheets.get("year", []))
    pledges = planner.pledges(sheets.get("pledges", []))
    planner.items(sheets.get("items", []), pledges)
    sessions = planner.sessions(sheets.get("sessions", []))
    planner.attendance(sheets.get("attendance", []), sessions)
    planner.mondays(sheets.get("mondays", []))
    planner.cases(sheets.get("cases", []))
    planner.praises(sheets.get("praises", []))
    planner.proposals(sheets.get("proposals", []))
    plan = planner.plan
    if plan.study_year is None and (plan.new["pledges"] or plan.new["sessions"]) and not plan.theme:
        plan.refusals.append(
            Refusal(
                SHEETS["year"][0],
                None,
                "",
                _("The cell has no study year %(year)s: give its theme in the sheet “%(sheet)s”.")
                % {"year": year, "sheet": SHEETS["year"][0]},
            )
        )
    if year_has_entered_figures(cell, year):
        plan.refusals.append(
            Refusal(
                "",
                None,
                "",
                _(
                    "The figures of %(year)s were entered from the cell's report: a year holds records "
                    "or entered figures, never both. Remove the entered figures first."
                )
                % {"year": year},
            )
        )
    elif plan.has_new and year_has_records(cell, year):
        plan.refusals.append(
            Refusal(
                "",
                None,
                "",
                _(
                    "The year %(year)s already has records in cell05, which this file does not "
                    "hold. A year is imported once, into a year without records."
                )
                % {"year": year},
            )
        )
    return plan
