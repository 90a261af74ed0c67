"""Reads of the pledges that the pages share, each scoped to what the user may see."""

from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cell05 import workflow
from cell05.history import history_rows
from members.models import Cell, Member, PartyGroup, in_cell_on
from members.rules import current_member
from members.selectors import issuers_of, reading_until, with_member_group_on
from plans.choices import ASSESSED_STATES, FILED_STATES
from plans.models import Pledge, PledgeItem, StudyYear
from plans.selectors.years import last_year_read, year_day
from plans.workflow import PLEDGE_WORKFLOW


def pledges_visible_to(user, cell: Cell) -> QuerySet[Pledge]:
    """The pledges of a cell that the user may open: all for the committee and the
    superior office, the own group's for a group leader, the own for a member."""
    pledges = Pledge.objects.filter(member__cell=cell).select_related(
        "member__cell", "member__group", "study_year", "reviewed_by"
    )
    if user.has_perm("plans.view_year_pledges", cell):
        last = last_year_read(reading_until(user, cell))
        return pledges if last is None else pledges.filter(study_year__year__lte=last)
    me = current_member(user)
    if me is None or me.cell_id != cell.pk:
        return pledges.none()
    return pledges.filter(Q(member=me) | Q(member__group__leader=me))


def pledge_for_user(user, cell: Cell, pk: int) -> Pledge:
    return get_object_or_404(pledges_visible_to(user, cell), pk=pk)


def pledge_with_items(pledge: Pledge) -> Pledge:
    """The pledge with its items and `group_name_then`, the name of its member's group on its
    year's counting day, as named then."""
    pledges = Pledge.objects.select_related(
        "member__cell", "member__group", "study_year", "reviewed_by", "evaluated_by"
    ).prefetch_related("items")
    return with_member_group_on(pledges, year_day(pledge.study_year), via="member__").get(pk=pledge.pk)


def year_pledges_version(study_year: StudyYear) -> tuple[int, int]:
    """The number of the year's pledges and the sum of their versions: it moves with every save
    of one of them, whether or not the save changes a figure."""
    totals = Pledge.objects.filter(study_year=study_year).aggregate(
        count=Count("pk"), versions=Sum("version")
    )
    return totals["count"], totals["versions"] or 0


def own_pledge(member: Member, study_year: StudyYear) -> Pledge | None:
    # With its member and cell, whose slug the link to the pledge names; by its key rather than
    # the model's order, which would join the member's group for nothing (one pledge a year).
    return (
        Pledge.objects.filter(member=member, study_year=study_year)
        .select_related("member__cell")
        .order_by("pk")
        .first()
    )


def allowed_actions(user, pledge: Pledge) -> dict[str, bool]:
    """For each action of the pledge's workflow, whether the user may take it now."""
    return workflow.allowed_actions(PLEDGE_WORKFLOW, user, pledge)


def is_returned(pledge: Pledge) -> bool:
    """Whether the pledge is back with the member, with the reviewer's comment, to submit again."""
    return pledge.state in PLEDGE_WORKFLOW["submit"].sources and bool(pledge.return_comment)


def is_assessed(pledge: Pledge) -> bool:
    """Whether the pledge prints as a self-assessment rather than as a pledge."""
    return pledge.state in ASSESSED_STATES


# What the member waits for while the pledge's next action is another's.
_WAITING = {"approve": "wait_review", "evaluate": "wait_evaluation"}


def next_step(pledge: Pledge | None, study_year: StudyYear) -> dict:
    """What the member must do next on the own pledge, and by when: the first action of the
    workflow that moves the pledge on to another state."""
    if pledge is None:
        return {"code": "write", "year": study_year.year, "deadline": study_year.pledge_deadline}
    for name in ("submit", "approve", "self_assess", "evaluate"):
        action = PLEDGE_WORKFLOW[name]
        if pledge.state in action.sources and pledge.state != action.target:
            break
    else:
        return {"code": "done", "deadline": None}
    if name == "submit":
        return {
            "code": "returned" if is_returned(pledge) else "submit",
            "deadline": study_year.pledge_deadline,
        }
    if name == "self_assess":
        # Said before the opening day too, so that the member knows when to come back.
        return {
            "code": "self_assess" if self_assessment_open(study_year) else "self_assess_later",
            "deadline": None,
            "opens_on": self_assessment_opens_on(study_year),
        }
    return {"code": _WAITING.get(name, name), "deadline": None}


def pledge_history(pledge: Pledge, *, limit: int = 100) -> list[dict]:
    """Who changed what in a pledge and its items (removed items included), newest first."""
    pledge_rows = history_rows(Pledge.history.filter(id=pledge.pk).select_related("history_user"), Pledge)
    item_rows = history_rows(
        PledgeItem.history.filter(pledge_id=pledge.pk).select_related("history_user"),
        PledgeItem,
        subject=lambda entry: entry.action,
    )
    rows = sorted([*pledge_rows, *item_rows], key=lambda row: row["when"], reverse=True)
    return rows[:limit]


def item_changes_since(pledge: Pledge, version: int) -> list[dict]:
    """What happened to a pledge's items after the given version of the pledge was saved,
    oldest first: the items live in their own history, which a refused edit also tells."""
    seen = Pledge.history.filter(id=pledge.pk, version=version).order_by("history_date", "history_id").last()
    if seen is None:
        return []
    # Every entry of the items, so that each change is compared with the entry before it.
    rows = history_rows(
        PledgeItem.history.filter(pledge_id=pledge.pk).select_related("history_user"),
        PledgeItem,
        subject=lambda entry: entry.action,
    )
    return [row for row in reversed(rows) if row["when"] > seen.history_date]


def year_pledges_for_print(study_year: StudyYear) -> QuerySet[Pledge]:
    """The year's filed pledges, each with the name of its member's group on the year's
    counting day, as named then (`group_name_then`)."""
    pledges = (
        Pledge.objects.filter(study_year=study_year, state__in=FILED_STATES)
        .select_related("member__cell__committee", "member__group", "study_year")
        .prefetch_related("items")
        .order_by("member__group__order", "member__sort_key")
    )
    return with_member_group_on(pledges, year_day(study_year), via="member__")


def pledges_as_documents(pledges, *, assessment: bool) -> list[dict]:
    """Each pledge as the document it prints: dated the day the member filed it (a
    self-assessment, the day of the self-assessment; one not yet done, today), and headed by
    the cell and its committee of that day."""
    pledges = list(pledges)
    if not pledges:
        return []
    issuer_on = issuers_of(pledges[0].member.cell)
    moment = "self_assessed_at" if assessment else "submitted_at"
    documents = []
    for pledge in pledges:
        done_at = getattr(pledge, moment)
        day = timezone.localdate(done_at) if done_at else timezone.localdate()
        documents.append({"pledge": pledge, "day": day, "issuer": issuer_on(day)})
    return documents


# The moment from which a pledge waits for each action of the to-do lists.
WAITING_SINCE = {"approve": "submitted_at", "self_assess": "reviewed_at", "evaluate": "self_assessed_at"}


def waiting_states(name: str) -> set[str]:
    """The states in which a pledge waits for the action: those it starts from, but the one
    it leads to (a self-assessment may be redone, a rating changed, and neither is then due)."""
    action = PLEDGE_WORKFLOW[name]
    return set(action.sources) - {action.target}


# Members self-assess at the year's end: from this day of the study year the self-assessments
# of approved pledges are due.
SELF_ASSESSMENT_OPENS = (12, 1)


def self_assessment_opens_on(study_year: StudyYear) -> date:
    return date(study_year.year, *SELF_ASSESSMENT_OPENS)


def self_assessment_open(study_year: StudyYear) -> bool:
    return timezone.localdate() >= self_assessment_opens_on(study_year)


def waiting_since(pledge: Pledge, name: str, study_year: StudyYear):
    """The moment from which the pledge waits for the action `name`: a self-assessment is
    waited for from its opening day, not from an approval months before."""
    since = getattr(pledge, WAITING_SINCE[name])
    if name == "self_assess":
        opens = self_assessment_opens_on(study_year)
        if since is None or timezone.localdate(since) < opens:
            return opens
    return since


def pledges_waiting_for(
    name: str,
    study_year: StudyYear,
    *,
    groups: list[PartyGroup] | None = None,
    not_of: Member | None = None,
    before=None,
) -> QuerySet[Pledge]:
    """The year's pledges of members in the cell today that wait for the action `name` of
    PLEDGE_WORKFLOW, longest waiting first: of the given groups or the whole cell, but the
    pledge of `not_of` (nobody reviews or rates the own) and, with `before`, only those
    waiting since before that moment."""
    since = WAITING_SINCE[name]
    pledges = (
        Pledge.objects.filter(study_year=study_year, state__in=waiting_states(name))
        .filter(in_cell_on(timezone.localdate(), via="member__"))
        .select_related("member__cell", "member__group__leader")
        .order_by(since, "member__sort_key")
    )
    if groups is not None:
        pledges = pledges.filter(member__group__in=groups)
    if not_of is not None:
        pledges = pledges.exclude(member=not_of)
    if before is not None:
        pledges = pledges.filter(**{f"{since}__lt": before})
    return pledges


def members_without_pledge(
    study_year: StudyYear, *, groups: list[PartyGroup] | None = None
) -> QuerySet[Member]:
    """The members in the cell today who have handed in no pledge for the year: none written,
    or one still to submit (`pledge_pk` names it; `returned_comment` and `returned_by` say why
    and by whom it was sent back, if it was), group by group."""
    pledge = Pledge.objects.filter(study_year=study_year, member=OuterRef("pk"))
    members = (
        Member.objects.filter(cell_id=study_year.cell_id)
        .current()
        .annotate(
            pledge_pk=Subquery(pledge.values("pk")[:1]),
            pledge_state=Subquery(pledge.values("state")[:1]),
            returned_comment=Subquery(pledge.values("return_comment")[:1]),
            returned_by=Subquery(pledge.values("reviewed_by__full_name")[:1]),
        )
        .filter(Q(pledge_pk__isnull=True) | Q(pledge_state__in=PLEDGE_WORKFLOW["submit"].sources))
        .select_related("cell", "group")
        .order_by("group__order", "sort_key")
    )
    if groups is not None:
        members = members.filter(group__in=groups)
    return members
