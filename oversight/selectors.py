"""Reads shared by the pages and the reports: scoped lists and the figures of a period."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from members.models import Cell
from members.rules import current_member
from oversight.choices import CaseKind, CaseState, Conclusion, ProposalOutcome, ProposalTarget
from oversight.models import Case, Praise, Programme, RewardProposal


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
    return get_object_or_404(cases_visible_to(user, cell).prefetch_related("members"), pk=pk)


def case_list(user, cell: Cell, *, year: int | None = None) -> QuerySet[Case]:
    cases = cases_visible_to(user, cell).prefetch_related("members").order_by("-decision_date", "-pk")
    if year:
        cases = cases.filter(decision_date__year=year)
    return cases


def programmes_of_cell(cell: Cell) -> QuerySet[Programme]:
    return Programme.objects.filter(cell=cell).annotate(case_count=Count("cases")).order_by("-year")


def _period(queryset, field: str, start: date, end: date):
    return queryset.filter(**{f"{field}__gte": start, f"{field}__lte": end})


def oversight_figures(cell: Cell, start: date, end: date, *, directive_05_only: bool = True) -> dict:
    """Members inspected and supervised in the period (distinct members, not cases), and the
    concluded cases by conclusion. A case counts in the period of its decision."""
    cases = _period(Case.objects.filter(cell=cell), "decision_date", start, end)
    if directive_05_only:
        cases = cases.filter(on_directive_05=True)
    distinct = cases.values("kind").annotate(
        members=Count("members", distinct=True), cases=Count("pk", distinct=True)
    )
    by_kind = {row["kind"]: row for row in distinct}
    concluded = cases.filter(state=CaseState.CONCLUDED).values("conclusion").annotate(count=Count("pk"))
    by_conclusion = {row["conclusion"]: row["count"] for row in concluded}
    return {
        "members_inspected": by_kind.get(CaseKind.INSPECTION, {}).get("members", 0),
        "members_supervised": by_kind.get(CaseKind.SUPERVISION, {}).get("members", 0),
        "inspections": by_kind.get(CaseKind.INSPECTION, {}).get("cases", 0),
        "supervisions": by_kind.get(CaseKind.SUPERVISION, {}).get("cases", 0),
        "by_conclusion": [(value, label, by_conclusion.get(value, 0)) for value, label in Conclusion.choices],
    }


def commendation_figures(cell: Cell, start: date, end: date) -> dict:
    """Comrades praised by the cell (distinct members) and proposals for a reward (each
    proposal is one "lượt"), for collectives and for individuals, and how many were granted."""
    praises = _period(Praise.objects.filter(cell=cell), "praised_on", start, end)
    proposals = _period(RewardProposal.objects.filter(cell=cell), "proposed_on", start, end)
    counts = proposals.aggregate(
        collective=Count("pk", filter=Q(target=ProposalTarget.COLLECTIVE)),
        individual=Count("pk", filter=Q(target=ProposalTarget.INDIVIDUAL)),
        collective_granted=Count(
            "pk", filter=Q(target=ProposalTarget.COLLECTIVE, outcome=ProposalOutcome.GRANTED)
        ),
        individual_granted=Count(
            "pk", filter=Q(target=ProposalTarget.INDIVIDUAL, outcome=ProposalOutcome.GRANTED)
        ),
    )
    return {
        "comrades_praised": praises.values("member").distinct().count(),
        "praises": praises.count(),
        "proposals_collective": counts["collective"],
        "proposals_individual": counts["individual"],
        "granted_collective": counts["collective_granted"],
        "granted_individual": counts["individual_granted"],
    }


def praises_of_cell(cell: Cell) -> QuerySet[Praise]:
    return Praise.objects.filter(cell=cell).select_related("member").order_by("-praised_on")


def proposals_of_cell(cell: Cell) -> QuerySet[RewardProposal]:
    return RewardProposal.objects.filter(cell=cell).select_related("member", "group").order_by("-proposed_on")


def period_of_request(params, default_years: tuple[int, int]) -> tuple[int, int]:
    """The years a page's figures cover, from ?start=YYYY&end=YYYY, within sensible bounds."""
    try:
        first = int(params.get("start", default_years[0]))
        last = int(params.get("end", default_years[1]))
    except ValueError:
        return default_years
    if not (2000 <= first <= last <= 2100):
        return default_years
    return first, last


def oversight_figures_by_year(cell: Cell, first: int, last: int) -> list[dict]:
    """The figures of each year of a period, for the table of the oversight page."""
    return [
        {"year": year, **oversight_figures(cell, date(year, 1, 1), date(year, 12, 31))}
        for year in range(first, last + 1)
    ]
