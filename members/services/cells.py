"""Changes to a cell and to a superior committee: the details their documents print, and the
cell's name by date."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cell05.services import assign, changed_fields, require_perm
from cell05.text import nfc
from cell05.versions import locked
from members.models import Cell, SuperiorCommittee
from members.services.records import add_name, check_day, correct_latest_name, save_changed

# What the cell's secretary and the superior committee's office edit of their own body: the
# name printed in the header of its documents, the symbol in their numbers and the place
# written before their dates.
CELL_FIELDS = ("name", "code", "place")
COMMITTEE_FIELDS = ("name", "code", "place", "superior_name")


@transaction.atomic
def cell_update(*, actor, cell: Cell, data: dict, version: int | None = None) -> Cell:
    """The cell's name, document symbol and place name, changed by its secretary. Given the
    version the form showed, a save on a copy that someone changed meanwhile is refused
    (`cell05.versions.StaleEdit`)."""
    require_perm(actor, "members.change_cell", cell)
    cell = locked(cell, version, holds=lambda current: not changed_fields(current, data, CELL_FIELDS))
    changed = assign(cell, data, CELL_FIELDS)
    if changed:
        save_changed(cell, changed, actor=actor, action="cell.updated")
        if "name" in changed:
            correct_latest_name(cell.names, cell.name)
    return cell


@transaction.atomic
def cell_rename(*, actor, cell: Cell, name: str, on: date) -> Cell:
    """The cell takes a new name from a day: a document dated before it prints the old name."""
    require_perm(actor, "members.rename_cell", cell)
    cell = locked(cell, None)
    name = nfc(name).strip()
    if name == cell.name:
        raise ValidationError(_("The cell already bears this name."))
    check_day(cell, on)
    add_name(cell.names, cell, name, on)
    save_changed(cell, ["name"], actor=actor, action="cell.renamed")
    return cell


@transaction.atomic
def committee_update(
    *, actor, committee: SuperiorCommittee, data: dict, version: int | None = None
) -> SuperiorCommittee:
    """The superior committee's full name, document symbol and place name, changed by its
    office."""
    require_perm(actor, "members.change_committee", committee)
    committee = locked(
        committee, version, holds=lambda current: not changed_fields(current, data, COMMITTEE_FIELDS)
    )
    changed = assign(committee, data, COMMITTEE_FIELDS)
    if changed:
        save_changed(committee, changed, actor=actor, action="committee.updated")
    return committee
