"""Reads shared by the pages and the reports: scoped lists and the figures of a period."""

from datetime import date, timedelta

from django.db.models import Count, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from cell05 import workflow
from members.models import Cell
from members.rules import current_member
from members.selectors import group_name_then
from oversight.choices import CaseState, Conclusion
from oversight.models import Case, Praise, Programme, RewardProposal
from oversight.workflow import CASE_WORKFLOW


def cases_visible_to(user, cell: Cell) -> QuerySet[Case]:
    """All the cell's cases for the committee and the superior office; for a member, the
    concluded cases about him or her; nothing for anybody else."""
    cases = Case.objects.filter(cell=cell).select_related("cell", "programme")
    if user.has_perm("oversight.view_cases", cell):
        return cases
    member = current_member(user)
    if member is None or member.cell_id != cell.pk:
        return cases.none()
    return cases.filter(state=CaseState.CONCLUDED, members=member)


def case_for_user(user, cell: Cell, pk: int) -> Case:
    """The case, with the supervision it was turned from and the inspection it became, which
    its page shows and the conversion's guard reads."""
    cases = cases_visible_to(user, cell).select_related("converted_from", "converted_to")
    return get_object_or_404(cases.prefetch_related("members"), pk=pk)


def case_list(user, cell: Cell, *, year: int | None = None) -> QuerySet[Case]:
    cases = cases_visible_to(user, cell).prefetch_related("members").order_by("-decision_date", "-pk")
    if year:
        cases = cases.filter(decision_date__year=year)
    return cases


def programmes_of_cell(cell: Cell) -> QuerySet[Programme]:
    return Programme.objects.filter(cell=cell).annotate(case_count=Count("cases")).order_by("-year")


def conclusion_rows(by_conclusion: dict[str, int]) -> list[tuple[str, str, int]]:
    """The cases counted per conclusion, with the conclusions' labels, in their order."""
    return [(value, label, by_conclusion.get(value, 0)) for value, label in Conclusion.choices]


def praises_of_cell(cell: Cell) -> QuerySet[Praise]:
    return Praise.objects.filter(cell=cell).select_related("member").order_by("-praised_on")


def with_group_names(proposals: QuerySet[RewardProposal]) -> QuerySet[RewardProposal]:
    """Each proposal with `group_name_then`, the name its party group bore on the proposal's
    day: the collective as the proposal named it."""
    return proposals.annotate(group_name_then=group_name_then(OuterRef("proposed_on"), via="group__"))


def proposals_of_cell(cell: Cell) -> QuerySet[RewardProposal]:
    return with_group_names(
        RewardProposal.objects.filter(cell=cell).select_related("member", "group").order_by("-proposed_on")
    )


def case_allowed_actions(user, case) -> dict[str, bool]:
    """For each action of the case's workflow, whether the user may take it now."""
    return workflow.allowed_actions(CASE_WORKFLOW, user, case)


# A case's conclusion or fix counts as due this many days before its date.
DUE_SOON_DAYS = 7


def cases_due(cell: Cell, today: date) -> list[Case]:
    """The cell's cases whose conclusion (by their end) or fix (by its date, not yet done) is
    due within DUE_SOON_DAYS or overdue, the earliest first; each with `due_on` and `due`
    ("conclude" or "fix"), as the case's workflow says which may happen now."""
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    # A case still planned is to be started and concluded by its end as well.
    to_conclude = CASE_WORKFLOW["start"].sources | CASE_WORKFLOW["conclude"].sources
    to_fix = CASE_WORKFLOW["mark_remedied"].sources
    cases = list(
        Case.objects.filter(cell=cell)
        .filter(
            Q(state__in=to_conclude, end_on__lte=horizon)
            | Q(state__in=to_fix, remedy_due__lte=horizon, remedy_done_on__isnull=True)
        )
        .select_related("cell")
        .prefetch_related("members")
    )
    for case in cases:
        case.due = "conclude" if case.state in to_conclude else "fix"
        case.due_on = case.end_on if case.due == "conclude" else case.remedy_due
    return sorted(cases, key=lambda case: (case.due_on, case.pk))
