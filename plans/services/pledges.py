"""Every change to a pledge: one function each.

A pledge changes state only through `_transition`, which locks the row, checks who acts
and whether the pledge's state allows the action, refuses an action taken on an older
copy, and records the actor in the history.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cell05 import closed_years, versions
from cell05.services import assign, delete_logged, save_logged
from cell05.uploads import REFLECTION_KINDS, take_upload
from cell05.versions import bump
from cell05.workflow import check_state, move, permits, require_role
from members.models import Member
from members.rules import current_member
from plans import notices
from plans.choices import RATING_SCORE_BANDS
from plans.models import Pledge, PledgeItem, StudyYear
from plans.workflow import PLEDGE_WORKFLOW

ITEM_FIELDS = ("action", "aspect", "target", "timeframe")


# Set when a pledge begins and never changed: a locked pledge's saves need not check them again.
PLEDGE_IDENTITY = ("member", "study_year")


def _locked(pledge: Pledge, version: int | None, holds=None) -> Pledge:
    return versions.locked(
        pledge, version, queryset=Pledge.objects.select_related("member__cell", "member__group"), holds=holds
    )


def _transition(*, actor, pledge: Pledge, action: str, version: int | None, holds=None) -> Pledge:
    """Lock the pledge and move it as the workflow's `action` does; the actor's role is checked
    first, then the locked pledge's state. `holds` tells a form sent again after its save from a
    conflict (`cell05.versions.locked`)."""
    require_role(PLEDGE_WORKFLOW, action, actor, pledge)
    locked = _locked(pledge, version, holds)
    check_state(
        PLEDGE_WORKFLOW,
        action,
        locked,
        REFUSAL.get(action, _("A pledge that is “%(state)s” cannot be %(action)s.")),
    )
    move(PLEDGE_WORKFLOW, action, locked)
    bump(locked)
    return locked


# The refusals that say more than the general one.
REFUSAL = {
    "edit": gettext_lazy("Only a draft pledge can be edited."),
    "attach_reflection": gettext_lazy("The pledge has been evaluated; its reflection can no longer change."),
}


def _saved(locked: Pledge, *, actor, action: str) -> None:
    # The one-pledge constraint is of the identity, and the check constraints are validated by
    # the form that sets their fields (EvaluateForm); the database enforces all three.
    save_logged(
        locked,
        actor=actor,
        action=PLEDGE_WORKFLOW[action].history,
        unchanged=PLEDGE_IDENTITY,
        constraints=False,
    )


@transaction.atomic
def pledge_start(*, actor, member: Member, study_year: StudyYear) -> Pledge:
    """The member's pledge for the year, begun as a draft if there is none yet."""
    if study_year.cell_id != member.cell_id:
        raise ValidationError(_("This year belongs to another cell."))
    draft = Pledge(member=member, study_year=study_year)
    require_role(PLEDGE_WORKFLOW, "edit", actor, draft)
    if member.has_left:
        raise ValidationError(_("A member who has left the cell cannot file a pledge."))
    existing = Pledge.objects.filter(member=member, study_year=study_year).order_by("pk").first()
    if existing is not None:
        return existing
    closed_years.refuse_records(study_year.cell_id, study_year.year)
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
    transaction: "save and submit" never leaves a saved draft that was meant to be handed in.
    The same form sent again after it was saved (and submitted) is `AlreadySaved`."""
    locked = _transition(
        actor=actor,
        pledge=pledge,
        action="edit",
        version=version,
        holds=lambda current: _holds(current, items=items, reflection_text=reflection_text, submit=submit),
    )
    if not items:
        raise ValidationError(_("A pledge has at least one item."))
    existing = {item.pk: item for item in locked.items.all()}
    kept = set()
    for order, data in enumerate(items, start=1):
        item = existing.get(data["id"]) if data.get("id") else None
        if item is None:
            item = PledgeItem(pledge=locked)
        else:
            kept.add(item.pk)
        if assign(item, data, ITEM_FIELDS) or item.order != order:
            item.order = order
            save_logged(item, actor=actor, action="pledge.item_saved", unchanged=("pledge",))
    for pk, item in existing.items():
        if pk not in kept:
            delete_logged(item, actor=actor, action="pledge.item_removed")
    locked.reflection_text = reflection_text
    _saved(locked, actor=actor, action="edit")
    if submit:
        return pledge_submit(actor=actor, pledge=locked, version=locked.version)
    return locked


def _holds(pledge: Pledge, *, items: list[dict], reflection_text: str, submit: bool) -> bool:
    """Whether the pledge already holds what the edit form sends: the same items in the same
    order (a resent form knows no id of the items its first send added) and the same
    reflection; and, for "save and submit", it has been handed in."""
    if submit and permits(PLEDGE_WORKFLOW, "submit", pledge):
        return False
    stored = [
        [getattr(item, field) for field in ITEM_FIELDS] for item in pledge.items.order_by("order", "pk")
    ]
    sent = [[data.get(field) for field in ITEM_FIELDS] for data in items]
    return pledge.reflection_text == reflection_text and stored == sent


@transaction.atomic
def pledge_submit(*, actor, pledge: Pledge, version: int | None = None) -> Pledge:
    # A draft begun before the year's figures were entered from a report cannot be filed after.
    closed_years.refuse_records(pledge.study_year.cell_id, pledge.study_year.year)
    locked = _transition(actor=actor, pledge=pledge, action="submit", version=version)
    locked.submitted_at = timezone.now()
    _saved(locked, actor=actor, action="submit")
    notices.pledge_submitted(locked)
    return locked


@transaction.atomic
def pledge_approve(*, actor, pledge: Pledge, version: int | None = None) -> Pledge:
    locked = _transition(actor=actor, pledge=pledge, action="approve", version=version)
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = current_member(actor)
    locked.return_comment = ""
    _saved(locked, actor=actor, action="approve")
    notices.pledge_approved(locked)
    return locked


@transaction.atomic
def pledge_return(*, actor, pledge: Pledge, comment: str, version: int | None = None) -> Pledge:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the member should change.")})
    locked = _transition(actor=actor, pledge=pledge, action="return", version=version)
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = current_member(actor)
    locked.return_comment = comment.strip()
    _saved(locked, actor=actor, action="return")
    notices.pledge_returned(locked)
    return locked


@transaction.atomic
def pledge_self_assess(*, actor, pledge: Pledge, version: int, results: dict, summary: str) -> Pledge:
    """`results` maps each item's id to (result, note); every item needs a result."""
    locked = _transition(actor=actor, pledge=pledge, action="self_assess", version=version)
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
    # first day, and the reports dated in between count it so (figures.counting).
    locked.self_assessed_at = locked.self_assessed_at or timezone.now()
    _saved(locked, actor=actor, action="self_assess")
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
    locked = _transition(actor=actor, pledge=pledge, action="evaluate", version=version)
    locked.rating, locked.score, locked.evaluation_comment = rating, score, comment
    # A rating given again corrects the record, not the day the member was rated.
    locked.evaluated_at = locked.evaluated_at or timezone.now()
    locked.evaluated_by = current_member(actor)
    _saved(locked, actor=actor, action="evaluate")
    notices.pledge_evaluated(locked)
    return locked


@transaction.atomic
def pledge_set_reflection_file(*, actor, pledge: Pledge, upload, version: int) -> Pledge:
    """Attach the study reflection as a file, until the cell has rated the pledge."""
    locked = _transition(actor=actor, pledge=pledge, action="attach_reflection", version=version)
    locked.reflection_file_name = take_upload(upload, REFLECTION_KINDS)
    locked.reflection_file = upload
    _saved(locked, actor=actor, action="attach_reflection")
    return locked


@transaction.atomic
def pledges_bulk_approve(*, actor, pledges) -> tuple[list[Pledge], list[tuple[Pledge, str]]]:
    """Approve the pledges in one transaction, so that a request stopped half-way approves none;
    one that cannot be approved (its own savepoint) does not stop the others."""
    approved, refused = [], []
    for pledge in pledges:
        try:
            approved.append(pledge_approve(actor=actor, pledge=pledge))
        except (ValidationError, PermissionDenied) as error:
            refused.append((pledge, " ".join(getattr(error, "messages", [str(error)]))))
    return approved, refused
