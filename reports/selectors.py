"""Reads of the reports' pages: the reports of a cell and of a superior committee, the
committee's register and its table of its cells, a report's history and allowed actions, the
figures a cell entered from its reports. The printed document is `reports.document`'s."""

from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cell05 import workflow
from cell05.history import history_rows
from cell05.periods import Period
from figures.counting.records import years_with_records
from figures.models import FIRST_ENTERED_YEAR, EnteredYearFigures
from members.models import Cell, SuperiorCommittee
from members.selectors import cells_of_committee
from reports.document.contents import committee_cells_figures
from reports.document.wording import year_spans
from reports.models import CommitteeDocument, CommitteeReport, Report
from reports.workflow import REPORT_WORKFLOW, workflow_of


def reports_of_cell(cell: Cell, *, until: date | None = None) -> QuerySet[Report]:
    """The cell's reports, with `until` (`members.selectors.reading_until`) those dated by then."""
    reports = Report.objects.filter(cell=cell).select_related("cell", "signer")
    reports = reports.order_by("-report_date", "-version")
    return reports if until is None else reports.filter(report_date__lte=until)


def report_of_cell(cell: Cell, pk: int, *, until: date | None = None) -> Report:
    # The version that corrects it, if any, which the workflow's guard asks (reports.workflow).
    reports = Report.objects.select_related("cell__committee", "signer", "next_version")
    reports = reports.prefetch_related("sections")
    if until is not None:
        reports = reports.filter(report_date__lte=until)
    return get_object_or_404(reports, cell=cell, pk=pk)


def committee_reports(committee: SuperiorCommittee) -> QuerySet[CommitteeReport]:
    return CommitteeReport.objects.filter(committee=committee).order_by("-report_date", "-version")


def committee_report_of(committee: SuperiorCommittee, pk: int) -> CommitteeReport:
    return get_object_or_404(
        CommitteeReport.objects.select_related("committee", "next_version").prefetch_related("sections"),
        committee=committee,
        pk=pk,
    )


def committee_documents(committee: SuperiorCommittee) -> QuerySet[CommitteeDocument]:
    """The committee's register of documents, the latest first."""
    return CommitteeDocument.objects.filter(committee=committee).order_by("-issued_on", "number")


def committee_document_of(committee: SuperiorCommittee, pk: int) -> CommitteeDocument:
    return get_object_or_404(CommitteeDocument, committee=committee, pk=pk)


def committee_table(committee: SuperiorCommittee, period: Period) -> list[dict]:
    """The main figures of every cell the committee reads over the period (a cell that moved
    away, up to its move), from the counting engine, in a fixed number of queries whatever the
    number of cells."""
    return [
        {
            "cell": cell,
            "moved_away_on": moved_away_on,
            **figures,
            # The years whose figures the cell entered from its reports, as the row names them.
            "entered_span": year_spans(year["year"] for year in figures["entered_years"]),
        }
        for cell, figures, moved_away_on in committee_cells_figures(committee, period)
    ]


def report_allowed_actions(user, report) -> dict[str, bool]:
    """For each action of the report's workflow (a cell's or a committee's), whether the user
    may take it now."""
    return workflow.allowed_actions(workflow_of(report), user, report)


def report_history(report) -> list[dict]:
    """Who changed what in a report (a cell's or a committee's) and its sections, newest first."""
    model, section_model = type(report), report.sections.model
    report_rows = history_rows(model.history.filter(id=report.pk).select_related("history_user"), model)
    section_rows = history_rows(
        # A section's creation is the report's, already a row.
        section_model.history.filter(report_id=report.pk)
        .exclude(history_type="+")
        .select_related("history_user"),
        section_model,
        subject=lambda entry: entry.get_key_display(),
    )
    return sorted([*report_rows, *section_rows], key=lambda row: row["when"], reverse=True)


def committee_table_version(committee: SuperiorCommittee, first: int, last: int) -> list:
    """What the committee's table of first–last rests on: the committee's version, and each cell
    it reads with the days it reads and its figures stamp."""
    period = Period.of_years(first, last, as_of=timezone.localdate())
    cells = cells_of_committee(committee, period.first_day, period.last_day)
    return [committee.version, [(cell.pk, cell.figures_stamp, day, moved) for cell, day, moved in cells]]


def committee_table_context(committee: SuperiorCommittee, first: int, last: int) -> dict:
    """What the committee's table shows and prints, for the years first–last, as of today."""
    period = Period.of_years(first, last, as_of=timezone.localdate())
    rows = committee_table(committee, period)
    return {"committee": committee, "first": first, "last": last, "as_of": period.last_day, "rows": rows}


def report_drafts(cell: Cell) -> QuerySet[Report]:
    """The cell's reports not made final yet, the oldest first."""
    return (
        Report.objects.filter(cell=cell, state__in=REPORT_WORKFLOW["edit"].sources)
        .select_related("cell")
        .order_by("report_date", "pk")
    )


# The superior office's home lists this many of the latest final reports of its cells.
RECEIVED_REPORTS = 10


def reports_received(cells) -> QuerySet[Report]:
    """The latest final reports of the cells: what their superior committee has received."""
    return (
        Report.objects.filter(cell__in=cells, state__in=REPORT_WORKFLOW["new_version"].sources)
        .select_related("cell")
        .order_by("-finalised_at", "-pk")[:RECEIVED_REPORTS]
    )


# The figures of the years a cell holds no records of, entered from its reports


def entered_year_range() -> range:
    """The years a cell may enter: from Directive 05's to this one."""
    return range(FIRST_ENTERED_YEAR, timezone.localdate().year + 1)


def entered_year_of_cell(cell: Cell, year: int) -> EnteredYearFigures | None:
    return EnteredYearFigures.objects.filter(cell=cell, year=year).first()


def cell_years_sources(cell: Cell) -> list[dict]:
    """Each year the cell may have worked on Directive 05, the latest first, with where its
    figures come from: "records", "entered" (with the figures and their report) or "nothing";
    in two queries."""
    years = entered_year_range()
    recorded = years_with_records(cell, years)
    entered = {row.year: row for row in EnteredYearFigures.objects.filter(cell=cell)}
    return [
        {
            "year": year,
            "source": "records" if year in recorded else "entered" if year in entered else "nothing",
            "entered": entered.get(year),
        }
        for year in reversed(years)
    ]
