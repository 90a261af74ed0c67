"""Every change to the study years, the cell's documents and the study sessions: one
function each."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from cell05 import closed_years, versions
from cell05.services import assign, require_perm, save_logged, save_logged_with_relations
from cell05.uploads import take_upload
from cell05.versions import bump
from members.models import Cell
from plans.models import CellDocument, KeyContent, StudySession, StudyYear

# What the forms edit, in the order they show it; the file and the attendees are given apart.
DOCUMENT_FIELDS = (
    "kind",
    "direction",
    "number",
    "issued_on",
    "issuer",
    "title",
    "summary",
    "on_directive_05",
)
SESSION_FIELDS = ("held_on", "form", "content")


@transaction.atomic
def study_year_save(
    *,
    actor,
    cell: Cell,
    year: int,
    theme: str,
    pledge_deadline,
    key_contents: list[str],
    study_year: StudyYear | None = None,
    version: int | None = None,
) -> StudyYear:
    """A year with its key contents: one record to the person who edits it, so an edit of the
    key contents alone raises the year's version too."""
    require_perm(actor, "plans.manage_year", cell)
    if study_year is None:
        study_year = StudyYear(cell=cell, year=year)
        action = "year.created"
    else:
        study_year = versions.locked_in(study_year, version, cell=cell)
        action = "year.updated"
    study_year.theme, study_year.pledge_deadline = theme, pledge_deadline
    bump(study_year)
    save_logged(study_year, actor=actor, action=action)
    texts = [text.strip() for text in key_contents if text.strip()]
    current = list(study_year.key_contents.values_list("text", flat=True))
    if current != texts:
        study_year.key_contents.all().delete()
        KeyContent.objects.bulk_create(
            KeyContent(study_year=study_year, order=order, text=text) for order, text in enumerate(texts, 1)
        )
    return study_year


@transaction.atomic
def document_save(
    *, actor, cell: Cell, data: dict, document: CellDocument | None = None, version: int | None = None
) -> CellDocument:
    require_perm(actor, "plans.manage_year", cell)
    if document is None:
        document, action = CellDocument(cell=cell), "document.created"
    else:
        document = versions.locked_in(document, version, cell=cell)
        action = "document.updated"
    return register_document_write(document, data, actor=actor, action=action)


def register_document_write(document, data: dict, *, actor, action: str):
    """Write a document of a register, a cell's or a committee's (reports.services.committees), once its
    owner's service has checked who acts and locked it: its fields, and its file if one came."""
    upload = data.get("file")
    assign(document, data, DOCUMENT_FIELDS)
    if isinstance(upload, UploadedFile):  # not the file the form shows as already there
        document.file_name = take_upload(upload)
        document.file = upload
    bump(document)
    save_logged(document, actor=actor, action=action)
    return document


@transaction.atomic
def session_save(
    *,
    actor,
    study_year: StudyYear,
    data: dict,
    attendees,
    session: StudySession | None = None,
    version: int | None = None,
) -> StudySession:
    require_perm(actor, "plans.manage_year", study_year.cell)
    if any(member.cell_id != study_year.cell_id for member in attendees):
        raise ValidationError(_("Only members of the cell can attend its sessions."))
    if session is None:
        session, action = StudySession(study_year=study_year), "session.created"
    else:
        session = versions.locked_in(session, version, study_year=study_year)
        action = "session.updated"
    assign(session, data, SESSION_FIELDS)
    if session.held_on.year != study_year.year:
        raise ValidationError(
            {"held_on": _("The session must be held in %(year)s.") % {"year": study_year.year}}
        )
    closed_years.refuse_records(study_year.cell_id, study_year.year)
    bump(session)
    save_logged_with_relations(session, actor=actor, action=action, relations={"attendees": attendees})
    return session
