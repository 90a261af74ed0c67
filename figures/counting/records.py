"""Which years a cell holds records of and which it entered from its reports (a year holds one or
the other, never both), and the day of its first record. The import of a past year, the entering
of a year's figures and the record keepers ask these before they write, the page of a cell's years
before it lists them, and the move of a cell to another committee before it dates the move; they
answer about a cell's past rather than count, and so stand apart from the counts."""

from datetime import date

from django.db.models import Min
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import formats
from django.utils.translation import gettext as _

from cell05.periods import Period
from figures.counting.oversight import cases_started
from figures.models import EnteredYearFigures
from members.models import Cell
from oversight.models import Case, Praise, RewardProposal
from plans.choices import FILED_STATES
from plans.models import CellDocument, MondaySession, Pledge, StudySession, StudyYear


def years_with_records(cell, years) -> set[int]:
    """The years among `years` that the cell holds records of, in one query: a filed pledge of
    its study year, a study session, a Monday session on the rota, a case started, a praise or
    a proposal. Such a year cannot hold entered figures (nor can an entered year take records)."""
    years = sorted(set(years))
    if not years:
        return set()
    period = Period(date(years[0], 1, 1), date(years[-1], 12, 31))
    cell_id = cell if isinstance(cell, int) else cell.pk
    found = (
        Pledge.objects.filter(study_year__cell=cell_id, study_year__year__in=years, state__in=FILED_STATES)
        .values_list("study_year__year")
        .order_by()
        .union(
            StudySession.objects.filter(study_year__cell=cell_id, study_year__year__in=years)
            .values_list("study_year__year")
            .order_by(),
            MondaySession.objects.filter(cell=cell_id, day__gte=period.first_day, day__lte=period.last_day)
            .annotate(year=ExtractYear("day"))
            .values_list("year")
            .order_by(),
            cases_started([cell_id], period, directive_05_only=False)
            .annotate(year=ExtractYear(Coalesce("start_on", "decision_date")))
            .values_list("year")
            .order_by(),
            Praise.objects.filter(
                cell=cell_id, praised_on__gte=period.first_day, praised_on__lte=period.last_day
            )
            .annotate(year=ExtractYear("praised_on"))
            .values_list("year")
            .order_by(),
            RewardProposal.objects.filter(
                cell=cell_id, proposed_on__gte=period.first_day, proposed_on__lte=period.last_day
            )
            .annotate(year=ExtractYear("proposed_on"))
            .values_list("year")
            .order_by(),
        )
    )
    return {year for (year,) in found} & set(years)


def year_has_records(cell, year: int) -> bool:
    """Whether the cell holds records of the year (see `years_with_records`)."""
    return year in years_with_records(cell, [year])


def year_has_entered_figures(cell, year: int) -> bool:
    """Whether the cell holds figures entered from a report for the year: such a year takes no
    records (an import of the year is refused)."""
    return EnteredYearFigures.objects.filter(cell=cell, year=year).exists()


def entered_year_refusal(cell_id: int, year: int) -> str | None:
    """Why a record of the year cannot be written: its figures were entered from a report
    (registered with cell05.closed_years, which the record keepers ask before they write). The
    cell's row is locked, as entered_figures_save locks it, so that figures cannot be entered
    between this answer and the record's save."""
    Cell.objects.select_for_update(no_key=True).filter(pk=cell_id).first()
    entered = EnteredYearFigures.objects.filter(cell=cell_id, year=year).first()
    if entered is None:
        return None
    return _(
        "The figures of %(year)s were entered from the cell's report %(number)s of %(date)s: that "
        "year takes no records. To record it, remove the entered figures first."
    ) % {
        "year": year,
        "number": entered.report_number,
        "date": formats.date_format(entered.report_date, "SHORT_DATE_FORMAT"),
    }


# The cell's records in time


def first_record_day(cell) -> date | None:
    """The day of the cell's earliest record (a study year, or a year of entered figures, counts
    from its first day; a document of its register from its issue), or None for a cell without
    any."""
    first_years = [
        model.objects.filter(cell=cell).aggregate(first=Min("year"))["first"]
        for model in (StudyYear, EnteredYearFigures)
    ]
    days = [
        min((year for year in first_years if year is not None), default=None),
        *(
            model.objects.filter(cell=cell).aggregate(first=Min(field))["first"]
            for model, field in (
                (CellDocument, "issued_on"),
                (MondaySession, "day"),
                (Case, "decision_date"),
                (Praise, "praised_on"),
                (RewardProposal, "proposed_on"),
            )
        ),
    ]
    if days[0] is not None:
        days[0] = date(days[0], 1, 1)
    return min((day for day in days if day is not None), default=None)
