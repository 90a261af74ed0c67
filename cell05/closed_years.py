"""The years of a cell that take no records.

A cell may bring a past year in as the figures of its old report instead of records
(figures.models.EnteredYearFigures); such a year holds one or the other, never both. The services
that write a dated record (plans/, oversight/) ask here before they write; the app that keeps the
entered figures registers how to find those years, so that the apps below it need not import it.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError

# A finder answers, for a cell's id and a year, why the year takes no records, or None.
Finder = Callable[[int, int], str | None]

_finders: dict[str, Finder] = {}


def register(name: str, finder: Finder) -> None:
    _finders[name] = finder


def refuse_records(cell_id: int, year: int) -> None:
    """Raise the reason if the cell's year takes no records; called in the writing transaction,
    before the record is locked (the finder may lock the cell, which comes first)."""
    for finder in _finders.values():
        reason = finder(cell_id, year)
        if reason:
            raise ValidationError(reason)
