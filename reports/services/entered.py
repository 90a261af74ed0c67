"""The figures of the years a cell holds no records of, entered from the reports it made then."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cell05 import versions
from cell05.services import assign, delete_logged, require_perm, save_logged
from cell05.versions import bump
from figures.counting.records import year_has_records
from figures.models import COUNTS, EnteredYearFigures
from members.models import Cell

logger = logging.getLogger("cell05.services")

# What the form of an entered year edits: the report it comes from, then its figures.
ENTERED_FIELDS = ("report_number", "report_date", *COUNTS)


# The figures of years without records, entered from the cell's reports


@transaction.atomic
def entered_figures_save(
    *, actor, cell: Cell, year: int, data: dict, version: int | None = None
) -> EnteredYearFigures:
    """Enter, or correct, the figures that the cell reported for a year it holds no records of,
    with the number and date of that report. Refused for a year with records, and for figures
    that contradict each other (EnteredYearFigures.clean)."""
    require_perm(actor, "reports.manage_entered_figures", cell)
    # The cell's row is locked so that records of the year (an import) cannot arrive between
    # the check below and the save.
    Cell.objects.select_for_update().filter(pk=cell.pk).first()
    if year_has_records(cell, year):
        raise ValidationError(
            _("The cell holds records of %(year)s: its figures are counted from them, not entered.")
            % {"year": year}
        )
    current = EnteredYearFigures.objects.filter(cell=cell, year=year).first()
    if current is None:
        figures, action = EnteredYearFigures(cell=cell, year=year), "entered_figures.created"
    else:
        figures = versions.locked_in(current, version, cell=cell)
        action = "entered_figures.updated"
    assign(figures, data, ENTERED_FIELDS)
    bump(figures)
    save_logged(figures, actor=actor, action=action)
    return figures


@transaction.atomic
def entered_figures_remove(*, actor, cell: Cell, year: int, version: int | None = None) -> None:
    """Remove the figures entered for a year: its figures are then counted from records alone."""
    require_perm(actor, "reports.manage_entered_figures", cell)
    current = EnteredYearFigures.objects.filter(cell=cell, year=year).first()
    if current is None:
        raise ValidationError(_("No figures were entered for %(year)s.") % {"year": year})
    figures = versions.locked_in(current, version, cell=cell)
    delete_logged(figures, actor=actor, action="entered_figures.removed")
    logger.info("entered_figures.removed by %s on cell #%s, %s", actor, cell.pk, year)
