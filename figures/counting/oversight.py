"""The counts of inspection, supervision and commendation under Article 30: the cases carried
out and concluded by a day and the members they concern, the comrades praised and the
proposals for a reward and their outcomes, with those of the entered years."""

from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, ExtractYear

from cell05.periods import Period
from figures.counting import _ids, _keys
from figures.counting.entered import Entered, _known
from oversight.choices import CaseKind, CaseState, Conclusion, ProposalOutcome, ProposalTarget
from oversight.models import Case, Praise, RewardProposal


def cases_started(cells, period: Period, *, directive_05_only: bool = True):
    """The cases carried out ("đã tiến hành") in the period: started within it. A case still
    planned was never started; one recorded without a start counts from its decision."""
    cases = Case.objects.filter(cell__in=_ids(cells)).exclude(state=CaseState.PLANNED)
    if directive_05_only:
        cases = cases.filter(on_directive_05=True)
    return cases.alias(started_on=Coalesce("start_on", "decision_date")).filter(
        started_on__gte=period.first_day, started_on__lte=period.last_day
    )


def concluded_by(day: date) -> Q:
    """A case concluded by that day (its end is the day of the conclusion)."""
    return Q(state=CaseState.CONCLUDED) & (Q(end_on__isnull=True) | Q(end_on__lte=day))


def oversight_counts(
    cells,
    period: Period,
    *,
    directive_05_only: bool = True,
    by_year: bool = False,
    entered: Entered | None = None,
) -> dict:
    """Members inspected and supervised (distinct members, not cases), the cases, and the
    cases concluded by the period's end by conclusion, with their members (each member once, by
    the latest conclusion about the member); with those of the
    entered years (their reports on Directive 05: distinct within a year, added up between
    years). Keyed by cell id, or by (cell id, year of the start)."""
    cases = cases_started(cells, period, directive_05_only=directive_05_only).annotate(
        year=ExtractYear(Coalesce("start_on", "decision_date"))
    )
    group = ["cell", "year"] if by_year else ["cell"]

    def key(row):
        return tuple(row[name] for name in group) if by_year else row["cell"]

    result = {
        cell_id: {
            "members_inspected": 0,
            "members_supervised": 0,
            "inspections": 0,
            "supervisions": 0,
            "by_conclusion": dict.fromkeys(Conclusion.values, 0),
            "members_by_conclusion": dict.fromkeys(Conclusion.values, 0),
        }
        for cell_id in _keys(_ids(cells), period, by_year)
    }
    plural = {CaseKind.INSPECTION: "inspections", CaseKind.SUPERVISION: "supervisions"}
    people = {CaseKind.INSPECTION: "members_inspected", CaseKind.SUPERVISION: "members_supervised"}
    for row in (
        cases.values(*group, "kind")
        .annotate(members=Count("members", distinct=True), cases=Count("pk", distinct=True))
        .order_by()
    ):
        result[key(row)][people[row["kind"]]] = row["members"]
        result[key(row)][plural[row["kind"]]] = row["cases"]
    concluded = cases.filter(concluded_by(period.last_day))
    for row in concluded.values(*group, "conclusion").annotate(count=Count("pk")).order_by():
        result[key(row)]["by_conclusion"][row["conclusion"]] = row["count"]
    # A member checked twice counts once, by the latest conclusion: the members found to do well
    # and those found with shortcomings never add up to more than the members checked.
    latest = {}
    for row in (
        concluded.filter(members__isnull=False)
        .values(*group, "members", "conclusion")
        .order_by(Coalesce("end_on", "start_on", "decision_date"), "pk")
    ):
        latest[(key(row), row["members"])] = row["conclusion"]
    for (case_key, _member), conclusion in latest.items():
        result[case_key]["members_by_conclusion"][conclusion] += 1
    for (cell_id, year), entry in _known(_ids(cells), period, entered):
        row = result[(cell_id, year) if by_year else cell_id]
        for name in ("members_inspected", "members_supervised", "inspections", "supervisions"):
            row[name] += getattr(entry, name)
        for value in Conclusion.values:
            row["by_conclusion"][value] += entry.cases_by_conclusion[value]
            row["members_by_conclusion"][value] += entry.members_by_conclusion[value]
    return result


def granted_by(day: date) -> Q:
    """A proposal granted by that day: an outcome decided later was still awaited then."""
    return Q(outcome=ProposalOutcome.GRANTED) & (Q(decision_date__isnull=True) | Q(decision_date__lte=day))


COMMENDATION_FIGURES = (
    "comrades_praised",
    "praises",
    "proposals_collective",
    "proposals_individual",
    "granted_collective",
    "granted_individual",
)


def commendation_counts(
    cells, period: Period, *, by_year: bool = False, entered: Entered | None = None
) -> dict:
    """Comrades praised (distinct members) and praises, proposals for a reward (each one a
    "lượt") for collectives and individuals, and those granted by the period's end; with those
    of the entered years. Keyed by cell id, or by (cell id, year)."""
    ids = _ids(cells)
    result = {key: dict.fromkeys(COMMENDATION_FIGURES, 0) for key in _keys(ids, period, by_year)}

    def rows(queryset, day_field, **counts):
        group = ["cell", f"{day_field}__year"] if by_year else ["cell"]
        for row in queryset.values(*group).annotate(**counts).order_by():
            key = (row.pop("cell"), row.pop(f"{day_field}__year")) if by_year else row.pop("cell")
            result[key].update(row)

    rows(
        Praise.objects.filter(
            cell__in=ids, praised_on__gte=period.first_day, praised_on__lte=period.last_day
        ),
        "praised_on",
        comrades_praised=Count("member", distinct=True),
        praises=Count("pk"),
    )
    granted = granted_by(period.last_day)
    rows(
        RewardProposal.objects.filter(
            cell__in=ids, proposed_on__gte=period.first_day, proposed_on__lte=period.last_day
        ),
        "proposed_on",
        proposals_collective=Count("pk", filter=Q(target=ProposalTarget.COLLECTIVE)),
        proposals_individual=Count("pk", filter=Q(target=ProposalTarget.INDIVIDUAL)),
        granted_collective=Count("pk", filter=Q(target=ProposalTarget.COLLECTIVE) & granted),
        granted_individual=Count("pk", filter=Q(target=ProposalTarget.INDIVIDUAL) & granted),
    )
    for (cell_id, year), entry in _known(ids, period, entered):
        row = result[(cell_id, year) if by_year else cell_id]
        for name in COMMENDATION_FIGURES:
            row[name] += getattr(entry, name)
    return result
