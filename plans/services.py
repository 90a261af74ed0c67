"""Every change to study years, documents, sessions and pledges: one function each.

A pledge changes state only through `_transition`, which locks the row, checks who acts
and whether the pledge's state allows the action, refuses an action taken on an older
copy, and records the actor in the history.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cell05.services import require_perm, save_logged
from members.models import Cell, Member
from members.rules import current_member
from plans.choices import RATING_SCORE_BANDS, TRANSITIONS, PledgeState
from plans.models import CellDocument, KeyContent, Pledge, PledgeItem, StudySession, StudyYear

ITEM_FIELDS = ("action", "aspect", "target", "timeframe")


class StaleEdit(Exception):
    """The pledge changed since the copy the person worked on; nothing was saved."""

    def __init__(self, current: Pledge):
        super().__init__(_("This pledge was changed by someone else while you were working on it."))
        self.current = current


def _locked(pledge: Pledge, version: int | None) -> Pledge:
    locked = (
        Pledge.objects.select_for_update().select_related("member__cell", "member__group").get(pk=pledge.pk)
    )
    if version is not None and locked.version != version:
        raise StaleEdit(locked)
    return locked


def _transition(*, actor, pledge: Pledge, action: str, perm: str, version: int | None) -> Pledge:
    require_perm(actor, perm, pledge)
    locked = _locked(pledge, version)
    sources, target = TRANSITIONS[action]
    if locked.state not in sources:
        raise ValidationError(
            _("A pledge that is “%(state)s” cannot be %(action)s.")
            % {"state": locked.get_state_display(), "action": ACTION_NAMES[action]}
        )
    locked.state = target
    locked.version += 1
    return locked


ACTION_NAMES = {
    "submit": _("submitted"),
    "approve": _("approved"),
    "return": _("returned"),
    "self_assess": _("self-assessed"),
    "evaluate": _("evaluated"),
}


@transaction.atomic
def pledge_start(*, actor, member: Member, study_year: StudyYear) -> Pledge:
    """The member's pledge for the year, begun as a draft if there is none yet."""
    if study_year.cell_id != member.cell_id:
        raise ValidationError(_("This year belongs to another cell."))
    draft = Pledge(member=member, study_year=study_year)
    require_perm(actor, "plans.edit_pledge", draft)
    if member.has_left:
        raise ValidationError(_("A member who has left the cell cannot file a pledge."))
    existing = Pledge.objects.filter(member=member, study_year=study_year).first()
    if existing is not None:
        return existing
    save_logged(draft, actor=actor, action="pledge.started")
    return draft


@transaction.atomic
def pledge_update(
    *, actor, pledge: Pledge, version: int, items: list[dict], reflection_text: str = ""
) -> Pledge:
    """Replace the items of a draft pledge: items with an `id` are updated, others added,
    items left out are removed."""
    require_perm(actor, "plans.edit_pledge", pledge)
    locked = _locked(pledge, version)
    if locked.state != PledgeState.DRAFT:
        raise ValidationError(_("Only a draft pledge can be edited."))
    if not items:
        raise ValidationError(_("A pledge has at least one item."))
    existing = {item.pk: item for item in locked.items.all()}
    kept = set()
    for order, data in enumerate(items, start=1):
        item = existing.get(data.get("id")) if data.get("id") else None
        if item is None:
            item = PledgeItem(pledge=locked)
        else:
            kept.add(item.pk)
        changed = (
            item.pk is None
            or item.order != order
            or any(getattr(item, field) != data[field] for field in ITEM_FIELDS)
        )
        if changed:
            item.order = order
            for field in ITEM_FIELDS:
                setattr(item, field, data[field])
            save_logged(item, actor=actor, action="pledge.item_saved")
    for pk, item in existing.items():
        if pk not in kept:
            item._change_reason = "pledge.item_removed"
            item._history_user = actor
            item.delete()
    locked.reflection_text = reflection_text
    locked.version += 1
    save_logged(locked, actor=actor, action="pledge.edited")
    return locked


@transaction.atomic
def pledge_submit(*, actor, pledge: Pledge, version: int | None = None) -> Pledge:
    locked = _transition(
        actor=actor, pledge=pledge, action="submit", perm="plans.submit_pledge", version=version
    )
    if not locked.items.exists():
        raise ValidationError(_("Write at least one item before submitting the pledge."))
    locked.submitted_at = timezone.now()
    save_logged(locked, actor=actor, action="pledge.submitted")
    return locked


@transaction.atomic
def pledge_approve(*, actor, pledge: Pledge, version: int | None = None) -> Pledge:
    locked = _transition(
        actor=actor, pledge=pledge, action="approve", perm="plans.review_pledge", version=version
    )
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = current_member(actor)
    locked.return_comment = ""
    save_logged(locked, actor=actor, action="pledge.approved")
    return locked


@transaction.atomic
def pledge_return(*, actor, pledge: Pledge, comment: str, version: int | None = None) -> Pledge:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the member should change.")})
    locked = _transition(
        actor=actor, pledge=pledge, action="return", perm="plans.review_pledge", version=version
    )
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = current_member(actor)
    locked.return_comment = comment.strip()
    save_logged(locked, actor=actor, action="pledge.returned")
    return locked


@transaction.atomic
def pledge_self_assess(*, actor, pledge: Pledge, version: int, results: dict, summary: str) -> Pledge:
    """`results` maps each item's id to (result, note); every item needs a result."""
    locked = _transition(
        actor=actor, pledge=pledge, action="self_assess", perm="plans.self_assess_pledge", version=version
    )
    items = list(locked.items.all())
    missing = [item for item in items if not results.get(item.pk, ("", ""))[0]]
    if missing:
        raise ValidationError(_("Give a result for every item."))
    for item in items:
        result, note = results[item.pk]
        if (item.result, item.result_note) != (result, note):
            item.result, item.result_note = result, note
            save_logged(item, actor=actor, action="pledge.item_assessed")
    locked.self_assessment = summary
    locked.self_assessed_at = timezone.now()
    save_logged(locked, actor=actor, action="pledge.self_assessed")
    return locked


@transaction.atomic
def pledge_evaluate(
    *, actor, pledge: Pledge, version: int, rating: str, score: int | None, comment: str
) -> Pledge:
    if score is not None:
        low, high = RATING_SCORE_BANDS[rating]
        if not low <= score <= high:
            raise ValidationError(
                {
                    "score": _("A score of %(score)s does not match this rating (%(low)s–%(high)s).")
                    % {"score": score, "low": low, "high": high}
                }
            )
    locked = _transition(
        actor=actor, pledge=pledge, action="evaluate", perm="plans.evaluate_pledge", version=version
    )
    locked.rating, locked.score, locked.evaluation_comment = rating, score, comment
    locked.evaluated_at = timezone.now()
    locked.evaluated_by = current_member(actor)
    save_logged(locked, actor=actor, action="pledge.evaluated")
    return locked


@transaction.atomic
def pledge_set_reflection_file(*, actor, pledge: Pledge, upload, version: int) -> Pledge:
    """Attach the study reflection as a file, until the cell has rated the pledge."""
    require_perm(actor, "plans.edit_pledge", pledge)
    locked = _locked(pledge, version)
    if locked.state == PledgeState.EVALUATED:
        raise ValidationError(_("The pledge has been evaluated; its reflection can no longer change."))
    locked.reflection_file = upload
    locked.reflection_file_name = upload.name[:200]
    locked.version += 1
    save_logged(locked, actor=actor, action="pledge.reflection_attached")
    return locked


def pledges_bulk_approve(*, actor, pledges) -> tuple[list[Pledge], list[tuple[Pledge, str]]]:
    """Approve each pledge on its own; one that cannot be approved does not stop the others."""
    approved, refused = [], []
    for pledge in pledges:
        try:
            approved.append(pledge_approve(actor=actor, pledge=pledge))
        except (ValidationError, PermissionDenied) as error:
            refused.append((pledge, " ".join(getattr(error, "messages", [str(error)]))))
    return approved, refused


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
) -> StudyYear:
    require_perm(actor, "plans.manage_year", cell)
    if study_year is None:
        study_year = StudyYear(cell=cell, year=year)
        action = "year.created"
    else:
        study_year = StudyYear.objects.select_for_update().get(pk=study_year.pk, cell=cell)
        action = "year.updated"
    study_year.theme, study_year.pledge_deadline = theme, pledge_deadline
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
def document_save(*, actor, cell: Cell, data: dict, document: CellDocument | None = None) -> CellDocument:
    require_perm(actor, "plans.manage_year", cell)
    if document is None:
        document, action = CellDocument(cell=cell), "document.created"
    else:
        document = CellDocument.objects.select_for_update().get(pk=document.pk, cell=cell)
        action = "document.updated"
    upload = data.get("file")
    for field in ("kind", "direction", "number", "issued_on", "issuer", "title", "summary"):
        setattr(document, field, data[field])
    if upload:
        document.file = upload
        document.file_name = upload.name[:200]
    save_logged(document, actor=actor, action=action)
    return document


@transaction.atomic
def session_save(
    *, actor, study_year: StudyYear, data: dict, attendees, session: StudySession | None = None
) -> StudySession:
    require_perm(actor, "plans.manage_year", study_year.cell)
    if any(member.cell_id != study_year.cell_id for member in attendees):
        raise ValidationError(_("Only members of the cell can attend its sessions."))
    if session is None:
        session, action = StudySession(study_year=study_year), "session.created"
    else:
        session = StudySession.objects.select_for_update().get(pk=session.pk, study_year=study_year)
        action = "session.updated"
    for field in ("held_on", "form", "content"):
        setattr(session, field, data[field])
    if session.held_on.year != study_year.year:
        raise ValidationError(
            {"held_on": _("The session must be held in %(year)s.") % {"year": study_year.year}}
        )
    save_logged(session, actor=actor, action=action)
    session.attendees.set(attendees)
    return session
