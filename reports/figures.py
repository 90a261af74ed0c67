"""Every figure of a period, computed from the cell's records as of the period's end.

A plain dict of numbers and strings (JSON-serialisable, so that a final report can freeze it),
built with a number of queries that depends on the years of the period, not on the members.
"""

from datetime import date

from django.db.models import Count, Q

from members.models import Cell, Member
from oversight.models import Case, Praise, RewardProposal
from oversight.selectors import commendation_figures, oversight_figures
from plans.choices import APPROVED_STATES, ASSESSED_STATES, FILED_STATES, DocumentKind, MondayState, Rating
from plans.models import CellDocument, KeyContent, MondaySession, Pledge, StudySession, StudyYear


def period_end(end_year: int, as_of: date) -> date:
    """The last day the figures count: the report's date, or the end of its last year."""
    return min(as_of, date(end_year, 12, 31))


def members_on(day: date) -> Q:
    """The members in the cell on that day, as a condition on Member."""
    return (Q(joined_on__isnull=True) | Q(joined_on__lte=day)) & (
        Q(left_on__isnull=True) | Q(left_on__gt=day)
    )


def on_member(condition: Q, prefix: str) -> Q:
    """The same condition, on a relation to Member (e.g. pledges' member__)."""
    children = []
    for child in condition.children:
        if isinstance(child, Q):
            children.append(on_member(child, prefix))
        else:
            children.append((f"{prefix}{child[0]}", child[1]))
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _in_cell_on(stays: list[tuple], day: date) -> int:
    """How many of the members' stays in the cell, (joined_on, left_on), cover the day."""
    return sum((joined is None or joined <= day) and (left is None or left > day) for joined, left in stays)


def year_figures(cell: Cell, year: int, end: date, stays: list[tuple]) -> dict:
    """The figures of one year of the period, counted up to `end` within that year; `stays`
    are the (joined_on, left_on) of every member of the cell, read once for all the years."""
    last_day = min(end, date(year, 12, 31))
    first_day = date(year, 1, 1)
    in_cell = members_on(last_day)
    members = Member.objects.filter(cell=cell).filter(in_cell).count()
    study_year = StudyYear.objects.filter(cell=cell, year=year).first()
    pledges = Pledge.objects.filter(study_year=study_year).filter(on_member(in_cell, "member__"))
    counts = pledges.aggregate(
        filed=Count("pk", filter=Q(state__in=FILED_STATES)),
        approved=Count("pk", filter=Q(state__in=APPROVED_STATES)),
        self_assessed=Count("pk", filter=Q(state__in=ASSESSED_STATES)),
        **{rating: Count("pk", filter=Q(rating=rating)) for rating in Rating.values},
    )
    sessions = StudySession.objects.filter(study_year=study_year, held_on__lte=last_day).annotate(
        attended=Count("attendees")
    )
    attended = sum(session.attended for session in sessions)
    expected = sum(_in_cell_on(stays, session.held_on) for session in sessions)
    monday = MondaySession.objects.filter(cell=cell, day__gte=first_day, day__lte=last_day).aggregate(
        planned=Count("pk"), held=Count("pk", filter=Q(state=MondayState.HELD))
    )
    oversight = oversight_figures(cell, first_day, last_day)
    return {
        "year": year,
        "theme": study_year.theme if study_year else "",
        "members": members,
        "pledges": counts["filed"],
        "pledge_rate": _percent(counts["filed"], members),
        "approved": counts["approved"],
        "self_assessed": counts["self_assessed"],
        "ratings": {rating: counts[rating] for rating in Rating.values},
        "study_sessions": len(sessions),
        "attendance_rate": _percent(attended, expected),
        "monday_planned": monday["planned"],
        "monday_held": monday["held"],
        "members_inspected": oversight["members_inspected"],
        "members_supervised": oversight["members_supervised"],
        "comrades_praised": Praise.objects.filter(cell=cell, praised_on__year=year, praised_on__lte=last_day)
        .values("member")
        .distinct()
        .count(),
    }


def report_figures(cell: Cell, *, start_year: int, end_year: int, as_of: date) -> dict:
    """All the figures of a report on the years start_year..end_year, as of `as_of`."""
    start, end = date(start_year, 1, 1), period_end(end_year, as_of)
    stays = list(Member.objects.filter(cell=cell).values_list("joined_on", "left_on"))
    years = [year_figures(cell, year, end, stays) for year in range(start_year, end.year + 1)]
    in_cell = members_on(end)
    cases = Case.objects.filter(
        cell=cell, on_directive_05=True, decision_date__gte=start, decision_date__lte=end
    )
    oversight = oversight_figures(cell, start, end)
    commendations = commendation_figures(cell, start, end)
    proposals = RewardProposal.objects.filter(cell=cell, proposed_on__gte=start, proposed_on__lte=end)
    praises = Praise.objects.filter(cell=cell, praised_on__gte=start, praised_on__lte=end).select_related(
        "member"
    )
    member_years = sum(year["members"] for year in years)
    return {
        "cell": cell.name,
        "committee": cell.committee.name,
        "start_year": start_year,
        "end_year": end_year,
        "as_of": end.isoformat(),
        "year_count": end_year - start_year,
        "party_groups": cell.groups.count(),
        "members": Member.objects.filter(cell=cell).filter(in_cell).count(),
        "years": years,
        "pledge_rate": _percent(sum(year["pledges"] for year in years), member_years),
        "documents": [
            {
                "kind": document.kind,
                "kind_label": str(document.get_kind_display()),
                "direction": document.direction,
                "number": document.number,
                "issued_on": document.issued_on.isoformat(),
                "issuer": document.issuer,
                "title": document.title,
            }
            for document in CellDocument.objects.filter(
                cell=cell,
                issued_on__gte=date(start_year - 1, 1, 1),
                issued_on__lte=end,
                kind__in=[DocumentKind.PLAN, DocumentKind.REGULATION, DocumentKind.DECISION],
            ).order_by("issued_on")
        ],
        "key_contents": list(
            dict.fromkeys(
                KeyContent.objects.filter(
                    study_year__cell=cell, study_year__year__gte=start_year, study_year__year__lte=end.year
                )
                .order_by("study_year__year", "order")
                .values_list("text", flat=True)
            )
        ),
        "monday_planned": sum(year["monday_planned"] for year in years),
        "monday_held": sum(year["monday_held"] for year in years),
        "members_inspected": oversight["members_inspected"],
        "members_supervised": oversight["members_supervised"],
        "cases_by_conclusion": {value: count for value, _label, count in oversight["by_conclusion"]},
        **{
            name: commendations[name]
            for name in (
                "comrades_praised",
                "proposals_collective",
                "proposals_individual",
                "granted_collective",
                "granted_individual",
            )
        },
        "cases": [
            {
                "kind": case.kind,
                "kind_label": str(case.get_kind_display()),
                "decision_number": case.decision_number,
                "decision_date": case.decision_date.isoformat(),
                "members": [member.full_name for member in case.members.all()],
                "conclusion": str(case.get_conclusion_display()) if case.conclusion else "",
            }
            for case in cases.prefetch_related("members").order_by("decision_date", "pk")
        ],
        "praises": [
            {
                "member": praise.member.full_name,
                "praised_on": praise.praised_on.isoformat(),
                "reason": praise.reason,
            }
            for praise in praises.order_by("praised_on", "pk")
        ],
        "proposals": [
            {
                "target": proposal.target,
                "target_label": str(proposal.get_target_display()),
                "beneficiary": proposal.beneficiary,
                "number": proposal.number,
                "proposed_on": proposal.proposed_on.isoformat(),
                "outcome": str(proposal.get_outcome_display()),
            }
            for proposal in proposals.select_related("member", "group").order_by("proposed_on", "pk")
        ],
    }
