"""The superior committee's office: its register of documents, and the committee a cell belongs
to over time (each act a move)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cell05 import versions
from cell05.services import require_perm, save_logged
from figures.counting.records import first_record_day
from members.models import Cell, CellMove, SuperiorCommittee
from members.selectors import belongings_of
from plans.services.years import register_document_write
from reports.models import CommitteeDocument


@transaction.atomic
def committee_document_save(
    *,
    actor,
    committee: SuperiorCommittee,
    data: dict,
    document: CommitteeDocument | None = None,
    version: int | None = None,
) -> CommitteeDocument:
    """A document of the committee's register, recorded or corrected by its office, as a cell's
    (plans.services.years.document_save)."""
    require_perm(actor, "reports.manage_committee_reports", committee)
    if document is None:
        document, action = CommitteeDocument(committee=committee), "document.created"
    else:
        document = versions.locked_in(document, version, committee=committee)
        action = "document.updated"
    return register_document_write(document, data, actor=actor, action=action)


# The cell's superior committee over time: each act is a move (members.models.CellMove).


def _check_belonging(committee: SuperiorCommittee, first_day, last_day) -> None:
    """A committee holds a cell only on days a committee of its kind existed."""
    for day in (first_day, last_day):
        if day is not None and not committee.existed_on(day):
            raise ValidationError(
                _(
                    "%(committee)s could not hold the cell on %(day)s: the district-level committees "
                    "ended on 30/06/2025, and the special zones began on 01/07/2025."
                )
                % {"committee": committee.issuing_name, "day": f"{day:%d/%m/%Y}"}
            )


def _record_move(*, actor, cell: Cell, from_committee, to_committee, moved_on) -> CellMove:
    move = CellMove(cell=cell, from_committee=from_committee, to_committee=to_committee, moved_on=moved_on)
    save_logged(move, actor=actor, action="cell.moved")
    return move


@transaction.atomic
def cell_move(*, actor, cell: Cell, committee: SuperiorCommittee, moved_on) -> CellMove:
    """The cell moves under `committee` from the day `moved_on`: its documents dated before it
    stay addressed to the committee it leaves, whose office reads it up to the day before."""
    require_perm(actor, "members.move_cell_to", committee)
    cell = Cell.objects.select_for_update().select_related("committee").get(pk=cell.pk)
    if committee.pk == cell.committee_id:
        raise ValidationError(_("The cell already belongs to this committee."))
    if moved_on > timezone.localdate():
        raise ValidationError(
            {"moved_on": _("A move is recorded once it has happened: this day is in the future.")}
        )
    since = belongings_of(cell)[-1].first_day
    if since is not None and moved_on <= since:
        raise ValidationError(
            {
                "moved_on": _(
                    "The cell has belonged to %(committee)s since %(day)s: it moves after that day."
                )
                % {"committee": cell.committee.issuing_name, "day": f"{since:%d/%m/%Y}"}
            }
        )
    first = first_record_day(cell)
    if first is not None and moved_on <= first:
        raise ValidationError(
            {
                "moved_on": _(
                    "The cell's records begin on %(day)s: a move on or before that day would leave "
                    "%(committee)s none of them. Record the committee it belonged to before instead."
                )
                % {"day": f"{first:%d/%m/%Y}", "committee": cell.committee.issuing_name}
            }
        )
    _check_belonging(cell.committee, None, moved_on - timedelta(days=1))
    _check_belonging(committee, moved_on, timezone.localdate())
    move = _record_move(
        actor=actor, cell=cell, from_committee=cell.committee, to_committee=committee, moved_on=moved_on
    )
    cell.committee = committee
    save_logged(cell, actor=actor, action="cell.moved", update_fields=["committee"], clean=False)
    return move


@transaction.atomic
def cell_former_committee_add(*, actor, cell: Cell, committee: SuperiorCommittee, last_day) -> CellMove:
    """The committee the cell belonged to up to `last_day`, before every move recorded: the
    past of a cell that begins to use the program (its documents of those days are addressed
    to that committee)."""
    require_perm(actor, "members.record_former_committee", cell)
    cell = Cell.objects.select_for_update().select_related("committee").get(pk=cell.pk)
    earliest = belongings_of(cell)[0]
    if earliest.committee.pk == committee.pk:
        raise ValidationError({"committee": _("The cell already belonged to this committee on that day.")})
    if last_day >= timezone.localdate():
        raise ValidationError({"last_day": _("This day has not passed yet.")})
    if earliest.last_day is not None and last_day >= earliest.last_day:
        raise ValidationError(
            {
                "last_day": _("The cell belonged to %(committee)s until %(day)s: give an earlier day.")
                % {"committee": earliest.committee.issuing_name, "day": f"{earliest.last_day:%d/%m/%Y}"}
            }
        )
    _check_belonging(committee, last_day, None)
    _check_belonging(earliest.committee, last_day + timedelta(days=1), None)
    return _record_move(
        actor=actor,
        cell=cell,
        from_committee=committee,
        to_committee=earliest.committee,
        moved_on=last_day + timedelta(days=1),
    )
