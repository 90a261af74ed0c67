"""Reads of the reports' pages: scoped lists, the figures and texts of a report, the
superior committee's table of its cells."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cell05.history import history_rows
from members.models import Cell, Member, SuperiorCommittee
from members.rules import superior_committee_ids
from oversight.choices import CaseKind, ProposalTarget
from oversight.models import Case, Praise, RewardProposal
from plans.choices import FILED_STATES, MondayState
from plans.models import MondaySession, Pledge
from reports.choices import HISTORY_ACTIONS, SectionKey
from reports.drafts import tokens
from reports.figures import members_on, on_member, period_end, report_figures
from reports.formatting import section_html
from reports.models import Job, Report, ReportSection


def reports_of_cell(cell: Cell) -> QuerySet[Report]:
    return (
        Report.objects.filter(cell=cell).select_related("cell", "signer").order_by("-report_date", "-version")
    )


def report_of_cell(cell: Cell, pk: int) -> Report:
    return get_object_or_404(
        Report.objects.select_related("cell__committee", "signer").prefetch_related("sections"),
        cell=cell,
        pk=pk,
    )


def figures_of_report(report: Report) -> dict:
    """The frozen figures of a final report; the live ones of a draft."""
    if report.final_figures is not None:
        return report.final_figures
    return report_figures(
        report.cell, start_year=report.start_year, end_year=report.end_year, as_of=report.report_date
    )


def report_document(report: Report, *, sections=None) -> dict:
    """Everything the preview and the PDF lay out: header, sections with their figures placed,
    the appendix and the chart. `sections` serve a report that is not saved (the command)."""
    figures = figures_of_report(report)
    values = tokens(figures, report.cell)
    sections = sorted(
        report.sections.all() if sections is None else sections,
        key=lambda section: SECTION_ORDER.index(section.key),
    )
    return {
        "report": report,
        "figures": figures,
        "tokens": values,
        "sections": [
            {
                "key": section.key,
                "label": section.get_key_display(),
                "html": section_html(section.text, values),
            }
            for section in sections
        ],
        "recipients": [line.strip() for line in report.recipients.splitlines() if line.strip()],
        "chart": pledge_chart(figures),
        "as_of": date.fromisoformat(figures["as_of"]),
    }


SECTION_ORDER = list(SectionKey.values)

CHART_WIDTH, CHART_HEIGHT, CHART_LEFT, CHART_BOTTOM = 460, 200, 36, 24
RATING_COLOURS = {
    "excellent": "#b3131b",
    "good": "#e4606d",
    "fulfilled": "#f4b183",
    "not_fulfilled": "#7f7f7f",
}


def pledge_chart(figures: dict) -> dict:
    """Pledges and ratings per year as stacked bars, in whole units of an SVG drawing."""
    years = figures["years"]
    top = max([year["members"] for year in years] + [1])
    plot_height = CHART_HEIGHT - CHART_BOTTOM - 10
    slot = (CHART_WIDTH - CHART_LEFT) // max(len(years), 1)
    bars = []
    for index, year in enumerate(years):
        x = CHART_LEFT + index * slot + slot // 4
        base = CHART_HEIGHT - CHART_BOTTOM
        segments = []
        for rating, colour in RATING_COLOURS.items():
            height = round(plot_height * year["ratings"][rating] / top)
            if height:
                base -= height
                segments.append({"y": base, "height": height, "colour": colour})
        pledged = round(plot_height * year["pledges"] / top)
        bars.append(
            {
                "year": year["year"],
                "x": x,
                "width": slot // 2,
                "label_x": x + slot // 4,
                "segments": segments,
                "pledge_y": CHART_HEIGHT - CHART_BOTTOM - pledged,
                "pledges": year["pledges"],
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "axis_y": CHART_HEIGHT - CHART_BOTTOM,
        "left": CHART_LEFT,
        "bars": bars,
        "colours": RATING_COLOURS,
        "top": top,
    }


def committees_for_user(user) -> QuerySet[SuperiorCommittee]:
    committees = SuperiorCommittee.objects.order_by("name")
    return committees if user.is_superuser else committees.filter(pk__in=superior_committee_ids(user))


def committee_for_user(user, pk: int) -> SuperiorCommittee:
    return get_object_or_404(committees_for_user(user), pk=pk)


def committee_table(
    committee: SuperiorCommittee, *, start_year: int, end_year: int, as_of: date
) -> list[dict]:
    """The main figures of every cell of the committee for a year or a period, in a fixed
    number of queries whatever the number of cells. The counts clear the models' ordering
    (`order_by()`): it is not emitted in a GROUP BY, but its joins were (each pledge's study
    year to its cell and committee, each member to its group)."""
    start, end = date(start_year, 1, 1), period_end(end_year, as_of)
    in_cell = (Q(joined_on__isnull=True) | Q(joined_on__lte=end)) & (
        Q(left_on__isnull=True) | Q(left_on__gt=end)
    )
    cells = list(
        Cell.objects.filter(committee=committee)
        .annotate(group_count=Count("groups", distinct=True))
        .order_by("name")
    )
    members = dict(
        Member.objects.filter(cell__in=cells)
        .filter(in_cell)
        .values_list("cell")
        .annotate(count=Count("pk"))
        .order_by()
    )
    # Per year, the members in the cell at the year's end and their filed pledges, per cell.
    pledges, member_years = {}, {}
    for year in range(start_year, end.year + 1):
        on_day = members_on(min(end, date(year, 12, 31)))
        for cell_id, count in (
            Member.objects.filter(cell__in=cells)
            .filter(on_day)
            .values_list("cell")
            .annotate(count=Count("pk"))
            .order_by()
        ):
            member_years[cell_id] = member_years.get(cell_id, 0) + count
        for cell_id, count in (
            Pledge.objects.filter(member__cell__in=cells, study_year__year=year, state__in=FILED_STATES)
            .filter(on_member(on_day, "member__"))
            .values_list("member__cell")
            .annotate(count=Count("pk"))
            .order_by()
        ):
            pledges[cell_id] = pledges.get(cell_id, 0) + count
    monday = {
        row["cell"]: row
        for row in MondaySession.objects.filter(cell__in=cells, day__gte=start, day__lte=end)
        .values("cell")
        .annotate(planned=Count("pk"), held=Count("pk", filter=Q(state=MondayState.HELD)))
        .order_by()
    }
    cases = {
        (row["cell"], row["kind"]): row["members"]
        for row in Case.objects.filter(
            cell__in=cells, on_directive_05=True, decision_date__gte=start, decision_date__lte=end
        )
        .values("cell", "kind")
        .annotate(members=Count("members", distinct=True))
        .order_by()
    }
    praised = dict(
        Praise.objects.filter(cell__in=cells, praised_on__gte=start, praised_on__lte=end)
        .values_list("cell")
        .annotate(count=Count("member", distinct=True))
        .order_by()
    )
    proposals = {
        row["cell"]: row
        for row in RewardProposal.objects.filter(cell__in=cells, proposed_on__gte=start, proposed_on__lte=end)
        .values("cell")
        .annotate(
            collective=Count("pk", filter=Q(target=ProposalTarget.COLLECTIVE)),
            individual=Count("pk", filter=Q(target=ProposalTarget.INDIVIDUAL)),
        )
        .order_by()
    }
    rows = []
    for cell in cells:
        filed, expected = pledges.get(cell.pk, 0), member_years.get(cell.pk, 0)
        rows.append(
            {
                "cell": cell,
                "groups": cell.group_count,
                "members": members.get(cell.pk, 0),
                "pledges": filed,
                "pledge_rate": round(100 * filed / expected, 1) if expected else 0.0,
                "monday_planned": monday.get(cell.pk, {}).get("planned", 0),
                "monday_held": monday.get(cell.pk, {}).get("held", 0),
                "members_inspected": cases.get((cell.pk, CaseKind.INSPECTION), 0),
                "members_supervised": cases.get((cell.pk, CaseKind.SUPERVISION), 0),
                "comrades_praised": praised.get(cell.pk, 0),
                "proposals_collective": proposals.get(cell.pk, {}).get("collective", 0),
                "proposals_individual": proposals.get(cell.pk, {}).get("individual", 0),
            }
        )
    return rows


def report_history(report: Report) -> list[dict]:
    """Who changed what in a report and its sections, newest first."""
    report_rows = history_rows(
        Report.history.filter(id=report.pk).select_related("history_user"), Report, labels=HISTORY_ACTIONS
    )
    section_rows = history_rows(
        ReportSection.history.filter(report_id=report.pk).select_related("history_user"),
        ReportSection,
        labels=HISTORY_ACTIONS,
        subject=lambda entry: entry.get_key_display(),
    )
    return sorted([*report_rows, *section_rows], key=lambda row: row["when"], reverse=True)


def committee_table_context(committee: SuperiorCommittee, first: int, last: int) -> dict:
    """What the committee's table shows and prints, for the years first–last, as of today."""
    as_of = min(timezone.localdate(), date(last, 12, 31))
    rows = committee_table(committee, start_year=first, end_year=last, as_of=as_of)
    return {"committee": committee, "first": first, "last": last, "as_of": as_of, "rows": rows}


def jobs_of_user(user) -> QuerySet[Job]:
    """The jobs a person asked for; an administrator sees every job."""
    jobs = Job.objects.select_related("cell", "committee", "requested_by")
    return jobs if user.is_superuser else jobs.filter(requested_by=user)


def job_for_user(user, pk) -> Job:
    return get_object_or_404(jobs_of_user(user), pk=pk)
