"""Every change to study years, documents, sessions, pledges, and the Monday sessions with
their story library: one function each.

A pledge changes state only through `_transition`, which locks the row, checks who acts
and whether the pledge's state allows the action, refuses an action taken on an older
copy, and records the actor in the history.
"""

from datetime import date, timedelta

import holidays
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cell05 import versions
from cell05.periods import FIRST_YEAR, LAST_YEAR
from cell05.services import require_perm, save_logged, save_logged_with_relations
from cell05.uploads import REFLECTION_KINDS, take_upload
from cell05.versions import bump
from members.models import Cell, Member, PartyGroup
from members.rules import current_member
from plans.choices import RATING_SCORE_BANDS, RECORDED_MONDAY_STATES, TRANSITIONS, MondayState, PledgeState
from plans.models import (
    CellDocument,
    KeyContent,
    MondayDayOff,
    MondaySession,
    Pledge,
    PledgeItem,
    Story,
    StudySession,
    StudyYear,
)

ITEM_FIELDS = ("action", "aspect", "target", "timeframe")


# Set when a pledge begins and never changed: a locked pledge's saves need not check them again.
PLEDGE_IDENTITY = ("member", "study_year")


def _locked(pledge: Pledge, version: int | None) -> Pledge:
    return versions.locked(
        pledge, version, queryset=Pledge.objects.select_related("member__cell", "member__group")
    )


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
    bump(locked)
    return locked


# Defined at import, so lazy: translated in the language of the refusal, not of the import.
ACTION_NAMES = {
    "submit": gettext_lazy("submitted"),
    "approve": gettext_lazy("approved"),
    "return": gettext_lazy("returned"),
    "self_assess": gettext_lazy("self-assessed"),
    "evaluate": gettext_lazy("evaluated"),
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
    draft.full_clean(validate_constraints=False)
    try:
        # A double tap on "begin" sends two requests: the database's one-pledge constraint
        # lets one insert through, and the other gets the pledge it made.
        with transaction.atomic():
            save_logged(draft, actor=actor, action="pledge.started", clean=False)
    except IntegrityError:
        return Pledge.objects.get(member=member, study_year=study_year)
    return draft


@transaction.atomic
def pledge_update(
    *, actor, pledge: Pledge, version: int, items: list[dict], reflection_text: str = "", submit: bool = False
) -> Pledge:
    """Replace the items of a draft pledge: items with an `id` are updated, others added,
    items left out are removed. With `submit`, the saved pledge is submitted in the same
    transaction: "save and submit" never leaves a saved draft that was meant to be handed in."""
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
            save_logged(item, actor=actor, action="pledge.item_saved", unchanged=("pledge",))
    for pk, item in existing.items():
        if pk not in kept:
            item._change_reason = "pledge.item_removed"
            item._history_user = actor
            item.delete()
    locked.reflection_text = reflection_text
    bump(locked)
    save_logged(locked, actor=actor, action="pledge.edited", unchanged=PLEDGE_IDENTITY)
    if submit:
        return pledge_submit(actor=actor, pledge=locked, version=locked.version)
    return locked


@transaction.atomic
def pledge_submit(*, actor, pledge: Pledge, version: int | None = None) -> Pledge:
    locked = _transition(
        actor=actor, pledge=pledge, action="submit", perm="plans.submit_pledge", version=version
    )
    if not locked.items.exists():
        raise ValidationError(_("Write at least one item before submitting the pledge."))
    locked.submitted_at = timezone.now()
    save_logged(locked, actor=actor, action="pledge.submitted", unchanged=PLEDGE_IDENTITY)
    return locked


@transaction.atomic
def pledge_approve(*, actor, pledge: Pledge, version: int | None = None) -> Pledge:
    locked = _transition(
        actor=actor, pledge=pledge, action="approve", perm="plans.review_pledge", version=version
    )
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = current_member(actor)
    locked.return_comment = ""
    save_logged(locked, actor=actor, action="pledge.approved", unchanged=PLEDGE_IDENTITY)
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
    save_logged(locked, actor=actor, action="pledge.returned", unchanged=PLEDGE_IDENTITY)
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
    # A self-assessment written again corrects the record: the member had self-assessed on the
    # first day, and the reports dated in between count it so (reports.figures).
    locked.self_assessed_at = locked.self_assessed_at or timezone.now()
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
    # A rating given again corrects the record, not the day the member was rated.
    locked.evaluated_at = locked.evaluated_at or timezone.now()
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
    locked.reflection_file_name = take_upload(upload, REFLECTION_KINDS)
    locked.reflection_file = upload
    bump(locked)
    save_logged(locked, actor=actor, action="pledge.reflection_attached")
    return locked


def _locked_in(record, version: int | None, **scope):
    """The record's row, locked, looked up among the records of its cell or year only."""
    return versions.locked(record, version, queryset=type(record).objects.filter(**scope))


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
    version: int | None = None,
) -> StudyYear:
    """A year with its key contents: one record to the person who edits it, so an edit of the
    key contents alone raises the year's version too."""
    require_perm(actor, "plans.manage_year", cell)
    if study_year is None:
        study_year = StudyYear(cell=cell, year=year)
        action = "year.created"
    else:
        study_year = _locked_in(study_year, version, cell=cell)
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
        document = _locked_in(document, version, cell=cell)
        action = "document.updated"
    upload = data.get("file")
    for field in ("kind", "direction", "number", "issued_on", "issuer", "title", "summary"):
        setattr(document, field, data[field])
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
        session = _locked_in(session, version, study_year=study_year)
        action = "session.updated"
    for field in ("held_on", "form", "content"):
        setattr(session, field, data[field])
    if session.held_on.year != study_year.year:
        raise ValidationError(
            {"held_on": _("The session must be held in %(year)s.") % {"year": study_year.year}}
        )
    bump(session)
    save_logged_with_relations(session, actor=actor, action=action, relations={"attendees": attendees})
    return session


# The Monday sessions and the story library


def public_holidays(year: int, language: str | None = None) -> dict[date, str]:
    """Vietnam's public holidays of the year, the lunar ones (Tết, Giỗ Tổ Hùng Vương) included,
    with the days the government moves or adds ("observed", "substituted")."""
    return dict(holidays.country_holidays("VN", years=year, language=language).items())


def mondays(year: int) -> list[date]:
    first = date(year, 1, 1)
    day = first + timedelta(days=(7 - first.weekday()) % 7)
    days = []
    while day.year == year:
        days.append(day)
        day += timedelta(days=7)
    return days


def rota_plan(cell: Cell, year: int) -> list[MondaySession]:
    """The sessions (unsaved) that the year's rota lacks: one on every Monday that is neither a
    public holiday, nor marked off by the cell, nor already has a session. The groups take turns
    in their order, each turn after the group of the latest session before that day."""
    groups = list(PartyGroup.objects.filter(cell=cell).order_by("order"))
    if not groups:
        raise ValidationError(_("The cell has no party group to take the turns."))
    skipped = set(public_holidays(year)) | set(
        MondayDayOff.objects.filter(cell=cell, day__year=year).values_list("day", flat=True)
    )
    existing = dict(MondaySession.objects.filter(cell=cell, day__year=year).values_list("day", "group_id"))
    before = (
        MondaySession.objects.filter(cell=cell, day__lt=date(year, 1, 1))
        .order_by("-day")
        .values_list("group_id", flat=True)
        .first()
    )
    positions = {group.pk: index for index, group in enumerate(groups)}
    last = positions.get(before)
    planned = []
    for day in sorted(set(existing) | set(mondays(year))):
        if day in existing:
            last = positions.get(existing[day], last)
            continue
        if day in skipped:
            continue
        last = 0 if last is None else (last + 1) % len(groups)
        planned.append(MondaySession(cell=cell, day=day, group=groups[last], state=MondayState.PLANNED))
    return planned


def rota_create(*, cell: Cell, year: int, actor=None) -> list[MondaySession]:
    """Create the sessions the year's rota lacks; also run by the monday_rota command, which
    acts for nobody. Regenerating never duplicates a session."""
    with transaction.atomic():
        Cell.objects.select_for_update().filter(pk=cell.pk).first()  # one generation at a time
        created = rota_plan(cell, year)
        for session in created:
            save_logged(session, actor=actor, action="monday.planned")
    return created


@transaction.atomic
def monday_rota_generate(*, actor, cell: Cell, year: int) -> list[MondaySession]:
    require_perm(actor, "plans.manage_monday", cell)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Choose a year between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return rota_create(cell=cell, year=year, actor=actor)


@transaction.atomic
def monday_day_off_mark(*, actor, cell: Cell, day: date, reason: str) -> tuple[MondayDayOff, bool]:
    """Mark a Monday off. Its session goes only if it is still planned: a session recorded as
    held or not held stays. Says whether a session was removed."""
    require_perm(actor, "plans.manage_monday", cell)
    day_off = MondayDayOff(cell=cell, day=day, reason=reason.strip())
    save_logged(day_off, actor=actor, action="monday.day_off_marked")
    session = MondaySession.objects.select_for_update().filter(cell=cell, day=day).first()
    if session is None or session.state in RECORDED_MONDAY_STATES:
        return day_off, False
    session._change_reason = "monday.removed_for_day_off"
    session._history_user = actor
    session.delete()
    return day_off, True


@transaction.atomic
def monday_sessions_swap(
    *, actor, first: MondaySession, second: MondaySession
) -> tuple[MondaySession, MondaySession]:
    """Two planned sessions of a cell exchange their groups, with the reader and the material
    a group may already have chosen."""
    if first.cell_id != second.cell_id:
        raise ValidationError(_("Both sessions must belong to the same cell."))
    require_perm(actor, "plans.manage_monday", first.cell)
    if first.pk == second.pk:
        raise ValidationError(_("Choose two different sessions."))
    locked = {
        session.pk: session
        for session in MondaySession.objects.select_for_update().filter(pk__in=[first.pk, second.pk])
    }
    one, other = locked[first.pk], locked[second.pk]
    if one.state != MondayState.PLANNED or other.state != MondayState.PLANNED:
        raise ValidationError(_("Only planned sessions can be swapped."))
    for field in ("group_id", "reader_id", "story_id"):
        first_value, second_value = getattr(one, field), getattr(other, field)
        setattr(one, field, second_value)
        setattr(other, field, first_value)
    for session in (one, other):
        bump(session)
        save_logged(session, actor=actor, action="monday.swapped")
    return one, other


RECORD_FIELDS = ("state", "reader", "story", "attendance", "note", "not_held_reason")


@transaction.atomic
def monday_session_record(
    *, actor, session: MondaySession, data: dict, version: int | None = None
) -> MondaySession:
    """What happened at a session: held (who read what, to how many) or not held (and why).
    The leader of the group on duty records it, or the cell committee."""
    require_perm(actor, "plans.record_monday_session", session)
    locked = versions.locked(session, version, queryset=MondaySession.objects.select_related("cell", "group"))
    reader, story = data.get("reader"), data.get("story")
    if reader is not None and (
        reader.cell_id != locked.cell_id
        or not Member.objects.filter(pk=reader.pk, cell_id=locked.cell_id).as_of(locked.day).exists()
    ):
        raise ValidationError({"reader": _("The reader must be a member of the cell.")})
    if story is not None and story.cell_id != locked.cell_id:
        raise ValidationError({"story": _("The material must come from the cell's library.")})
    for field in RECORD_FIELDS:
        setattr(locked, field, data.get(field))
    locked.note = (locked.note or "").strip()
    locked.not_held_reason = (locked.not_held_reason or "").strip()
    if locked.state != MondayState.NOT_HELD:
        locked.not_held_reason = ""
    bump(locked)
    save_logged(locked, actor=actor, action="monday.recorded")
    return locked


@transaction.atomic
def story_save(
    *, actor, cell: Cell, data: dict, story: Story | None = None, version: int | None = None
) -> Story:
    require_perm(actor, "plans.manage_monday", cell)
    if story is None:
        story, action = Story(cell=cell), "story.created"
    else:
        story = _locked_in(story, version, cell=cell)
        action = "story.updated"
    for field in ("title", "kind", "source", "text"):
        setattr(story, field, data[field])
    bump(story)
    save_logged(story, actor=actor, action=action)
    return story
