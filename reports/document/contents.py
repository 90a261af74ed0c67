"""The figures a report holds, from the counting engine (`figures/counting/`): a cell's report
with the records it cites, and a superior committee's, its cells' figures summed."""

from datetime import date

from django.db.models import Count, Q

from cell05.periods import Period
from figures.counting import percent
from figures.counting.oversight import cases_started, concluded_by
from figures.counting.period import period_figures
from figures.counting.sessions import monday_not_held_by_group
from figures.models import EnteredYearFigures
from members.choices import CellRole
from members.models import Cell, Member, SuperiorCommittee, held_role_on, in_cell_on
from members.selectors import belongings_of, cell_name_on, cells_of_committee, group_names_on
from oversight.choices import Conclusion, ProposalOutcome
from oversight.models import Praise, RewardProposal
from oversight.selectors import with_group_names
from plans.choices import DocumentDirection, DocumentKind, Rating
from plans.models import CellDocument, KeyContent, StudyYear
from reports.models import CommitteeDocument

# A cell's report: the figures and the records it cites


def report_figures(cell: Cell, period: Period) -> dict:
    """All the figures of a cell's report over the period, and the records it cites, as they
    stood on the period's last day. A plain dict of numbers and strings: a final report keeps it."""
    figures = period_figures([cell], period, detail=True)[cell.pk]
    end = period.last_day
    cases = cases_started([cell], period).annotate(concluded=Count("pk", filter=concluded_by(end)))
    proposals = RewardProposal.objects.filter(
        cell=cell, proposed_on__gte=period.first_day, proposed_on__lte=end
    )
    guidance = _guidance(CellDocument.objects.filter(cell=cell), end)
    belongings = belongings_of(cell)
    not_held = monday_not_held_by_group([cell], period).get(cell.pk, {})
    group_names = group_names_on(not_held, end)
    return {
        "cell": cell_name_on(cell, end),
        # The superior committee of the figures' day; the document's header names the one of
        # its own date (reports.document.assembly.report_document).
        "committee": _belonging_on(belongings, end).committee.name,
        # A cell of fewer than nine full members elects no cell committee (Điều lệ Đảng): its
        # secretary leads, and the report says "Chi bộ", never "Chi ủy".
        "cell_committee": Member.objects.filter(in_cell_on(end), cell=cell)
        .filter(held_role_on(end, CellRole.COMMITTEE_MEMBER))
        .exists(),
        "guidance": guidance,
        "first_day": period.first_day.isoformat(),
        "as_of": end.isoformat(),
        "start_year": period.first_day.year,
        "end_year": end.year,
        **figures,
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
            # The plans that open a period are issued in the months before it; the register's
            # documents about anything else are not cited.
            for document in CellDocument.objects.filter(
                cell=cell,
                on_directive_05=True,
                issued_on__gte=date(period.first_day.year - 1, 1, 1),
                issued_on__lte=end,
                kind__in=[DocumentKind.PLAN, DocumentKind.REGULATION, DocumentKind.DECISION],
            ).order_by("issued_on", "pk")
        ],
        # The groups whose Monday sessions on the rota were not held, in the order of their turns.
        "monday_not_held_by_group": [
            {"group": group_names[group_id], "count": count} for group_id, count in not_held.items()
        ],
        "key_contents": list(
            dict.fromkeys(
                KeyContent.objects.filter(study_year__cell=cell, study_year__year__in=list(period.years))
                .order_by("study_year__year", "order")
                .values_list("text", flat=True)
            )
        ),
        "themes": [
            {"year": year, "theme": theme}
            for year, theme in StudyYear.objects.filter(cell=cell, year__in=list(period.years))
            .order_by("year")
            .values_list("year", "theme")
        ],
        "cases": [
            {
                "kind": case.kind,
                "kind_label": str(case.get_kind_display()),
                "decision_number": case.decision_number,
                "decision_date": case.decision_date.isoformat(),
                "members": [member.full_name for member in case.members.all()],
                "conclusion": str(case.get_conclusion_display()) if case.concluded else "",
            }
            for case in cases.prefetch_related("members").order_by("decision_date", "pk")
        ],
        "praises": [
            {
                "member": praise.member.full_name,
                "praised_on": praise.praised_on.isoformat(),
                "reason": praise.reason,
            }
            for praise in Praise.objects.filter(
                cell=cell, praised_on__gte=period.first_day, praised_on__lte=end
            )
            .select_related("member")
            .order_by("praised_on", "pk")
        ],
        # The Standing Committees the proposals went to, each that of its day: a recorded
        # proposal's, or the report's of a year entered with proposals.
        "proposals_to": list(
            dict.fromkeys(
                _belonging_on(belongings, day).committee.standing_committee
                for day in sorted(
                    [
                        *proposals.values_list("proposed_on", flat=True),
                        *EnteredYearFigures.objects.filter(
                            cell=cell, year__in=list(period.years), report_date__lte=end
                        )
                        .filter(Q(proposals_collective__gt=0) | Q(proposals_individual__gt=0))
                        .values_list("report_date", flat=True),
                    ]
                )
            )
        ),
        "proposals": [
            {
                "target": proposal.target,
                "target_label": str(proposal.get_target_display()),
                "beneficiary": proposal.beneficiary,
                "number": proposal.number,
                "proposed_on": proposal.proposed_on.isoformat(),
                "outcome": str(
                    proposal.get_outcome_display()
                    if _decided_by(proposal, end)
                    else ProposalOutcome.PENDING.label
                ),
            }
            for proposal in with_group_names(proposals.select_related("member", "group")).order_by(
                "proposed_on", "pk"
            )
        ],
    }


def _guidance(register, end: date) -> dict | None:
    """The guidance from above that a report of `end` answers, from its writer's register (a
    cell's or a committee's documents): the latest received in the report's year that is marked
    as being on the Directive."""
    guidance = (
        register.filter(
            kind=DocumentKind.GUIDANCE,
            direction=DocumentDirection.RECEIVED,
            on_directive_05=True,
            issued_on__gte=date(end.year, 1, 1),
            issued_on__lte=end,
        )
        .order_by("-issued_on", "-pk")
        .first()
    )
    return guidance and {
        "number": guidance.number,
        "issued_on": guidance.issued_on.isoformat(),
        "issuer": guidance.issuer,
        "title": guidance.title,
    }


def _belonging_on(belongings, day: date):
    """Of a cell's belongings (the earliest first, the last open), the one holding the day."""
    return next(span for span in belongings if span.last_day is None or day <= span.last_day)


def _decided_by(proposal: RewardProposal, day: date) -> bool:
    return proposal.outcome != ProposalOutcome.PENDING and (
        proposal.decision_date is None or proposal.decision_date <= day
    )


# A superior committee's report: its cells' figures, summed, and each cell's row

SUMMED = (
    "party_groups",
    "members",
    "pledges",
    "monday_planned",
    "monday_held",
    "members_inspected",
    "members_supervised",
    "comrades_praised",
    "praises",
    "proposals_collective",
    "proposals_individual",
    "granted_collective",
    "granted_individual",
)


def committee_cells_figures(committee: SuperiorCommittee, period: Period, *, detail: bool = False) -> list:
    """(cell, its figures, the day it moved away or None) for every cell the committee reads
    over the period, by name: a cell under it now with its whole history, a cell that has
    moved away as of the day before its move. One call of the engine per such day."""
    cells = cells_of_committee(committee, period.first_day, period.last_day)
    figures = {}
    for last_day in {last_day for _cell, last_day, _moved in cells}:
        within = [cell for cell, day, _moved in cells if day == last_day]
        figures.update(period_figures(within, Period(period.first_day, last_day), detail=detail))
    # A move after the period's last day is not yet news on that day: the cell was still under it.
    return [
        (cell, figures[cell.pk], moved_on if moved_on and moved_on <= period.last_day else None)
        for cell, _last_day, moved_on in cells
    ]


def committee_figures(committee: SuperiorCommittee, period: Period, *, progress=None) -> dict:
    """The figures of a committee's report: every cell's, from the same engine, summed (a member
    is in one cell, so members inspected or praised add up), with the rate over all member-years
    and each cell's row for the appendix. `progress(done, total, message)` follows the years."""
    rows = [
        {"cell": cell.name, "moved_away_on": moved_away_on and moved_away_on.isoformat(), **figures}
        for cell, figures, moved_away_on in committee_cells_figures(committee, period, detail=True)
    ]
    years = []
    for index, year in enumerate(period.years):
        # A cell that moved away has no figures of the years after its move.
        of_year = [of_cell for row in rows for of_cell in row["years"] if of_cell["year"] == year]
        members = sum(row["members"] for row in of_year)
        filed = sum(row["pledges"] for row in of_year)
        years.append(
            {
                "year": year,
                "members": members,
                "pledges": filed,
                "pledge_rate": percent(filed, members),
                "approved": sum(row["approved"] for row in of_year),
                "self_assessed": sum(row["self_assessed"] for row in of_year),
                "ratings": {
                    rating: sum(row["ratings"][rating] for row in of_year) for rating in Rating.values
                },
                "monday_planned": sum(row["monday_planned"] for row in of_year),
                "monday_held": sum(row["monday_held"] for row in of_year),
                "members_inspected": sum(row["members_inspected"] for row in of_year),
                "members_supervised": sum(row["members_supervised"] for row in of_year),
                "comrades_praised": sum(row["comrades_praised"] for row in of_year),
                "pledges_missing": sum(row["pledges_missing"] for row in of_year),
                "pledges_late": sum(row["pledges_late"] for row in of_year),
            }
        )
        if progress:
            progress(index + 1, len(period.years), year)
    member_years = sum(year["members"] for year in years)
    for row in rows:
        # Beside a cell's members, the pledges of the same year: those of the report's last year;
        # none for a cell that moved away before it or whose records begin after it.
        last = {of_year["year"]: of_year for of_year in row.pop("years")}.get(period.last_day.year)
        counted = last is not None and last["members"] > 0
        row["last_year_pledges"] = last["pledges"] if counted else None
        row["last_year_pledge_rate"] = last["pledge_rate"] if counted else None
    return {
        "committee": committee.name,
        "guidance": _guidance(CommitteeDocument.objects.filter(committee=committee), period.last_day),
        "first_day": period.first_day.isoformat(),
        "as_of": period.last_day.isoformat(),
        "start_year": period.first_day.year,
        "end_year": period.last_day.year,
        "cells_count": len(rows),
        "cells_all_pledged": sum(1 for row in rows if row["members"] and row["pledge_rate"] >= 100),
        **{name: sum(row[name] for row in rows) for name in SUMMED},
        "pledge_rate": percent(sum(year["pledges"] for year in years), member_years),
        "cases_by_conclusion": {
            value: sum(row["cases_by_conclusion"][value] for row in rows) for value in Conclusion.values
        },
        "members_by_conclusion": {
            value: sum(row["members_by_conclusion"][value] for row in rows) for value in Conclusion.values
        },
        "years": years,
        "cells": rows,
    }
