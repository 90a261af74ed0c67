"""The figures of every cell over a period, as of its last day, assembled from the counts of the
other modules: the totals that the superior committee's table and the reports state, and each
year's row. One function, cached, that the reports read; the counts it adds up live beside it."""

from datetime import date

from cell05.periods import Period
from figures.cache import cached_by_cells
from figures.counting import _ids, percent
from figures.counting.cells import group_counts, member_counts
from figures.counting.entered import ENTERED, _entered_in, _source
from figures.counting.oversight import commendation_counts, oversight_counts
from figures.counting.pledges import NO_PLEDGES, pledge_counts, pledge_timeliness
from figures.counting.sessions import monday_counts, study_session_counts


@cached_by_cells
def period_figures(cells, period: Period, *, detail: bool = False) -> dict[int, dict]:
    """The figures of every cell over the period, as of its last day: the totals that the
    superior committee's table and the reports state, and per year the pledges (members of
    the cell at the year's end; the rate of the period over member-years). With `detail`,
    each year also has its study sessions, Monday sessions, oversight and praise. Each year
    says its source: "records", or "entered" with the number and date of the report its
    figures come from (also listed in `entered_years`); a period that ends in an entered year
    has that report's members and groups. The number of queries grows with the years, never
    with the cells, the members or the entered years."""
    ids = _ids(cells)
    entered = _entered_in(ids, period)
    pledges = [pledge_counts(ids, year, as_of=period.last_day, entered=entered) for year in period.years]
    members = member_counts(ids, period.last_day)
    groups = group_counts(ids, period.last_day)
    monday = monday_counts(ids, period, by_year=True, entered=entered)
    oversight = oversight_counts(ids, period, entered=entered)
    commendations = commendation_counts(ids, period, entered=entered)
    if detail:
        studies = study_session_counts(ids, period, by_year=True, entered=entered)
        timeliness = pledge_timeliness(ids, period)
        oversight_years = oversight_counts(ids, period, by_year=True, entered=entered)
        praised_years = commendation_counts(ids, period, by_year=True, entered=entered)
    result = {}
    for cell_id in ids:
        years = []
        for year, of_year in zip(period.years, pledges, strict=True):
            pledge = of_year.get(cell_id, NO_PLEDGES)
            row = {
                "year": year,
                **_source(entered.get((cell_id, year))),
                "members": pledge["members"],
                "pledges": pledge["filed"],
                "pledge_rate": pledge["rate"],
                "approved": pledge["approved"],
                "self_assessed": pledge["self_assessed"],
                "ratings": pledge["ratings"],
                "monday_planned": monday[(cell_id, year)]["planned"],
                "monday_held": monday[(cell_id, year)]["held"],
            }
            if detail:
                row.update(
                    {
                        "study_sessions": studies[(cell_id, year)]["sessions"],
                        "attendance_rate": studies[(cell_id, year)]["attendance_rate"],
                        "members_inspected": oversight_years[(cell_id, year)]["members_inspected"],
                        "members_supervised": oversight_years[(cell_id, year)]["members_supervised"],
                        "comrades_praised": praised_years[(cell_id, year)]["comrades_praised"],
                        **_pledges_missing_and_late(pledge, timeliness.get((cell_id, year)), period.last_day),
                    }
                )
            years.append(row)
        filed = sum(year["pledges"] for year in years)
        member_years = sum(year["members"] for year in years)
        # The cell's size at the period's end: its records', unless the last year is entered.
        last = entered.get((cell_id, period.last_day.year))
        result[cell_id] = {
            "party_groups": last.party_groups if last else groups.get(cell_id, 0),
            "members": last.members if last else members.get(cell_id, 0),
            "years": years,
            "entered_years": [
                {"year": year["year"], "number": year["report_number"], "date": year["report_date"]}
                for year in years
                if year["source"] == ENTERED
            ],
            "pledges": filed,
            "pledge_rate": percent(filed, member_years),
            "monday_planned": sum(year["monday_planned"] for year in years),
            "monday_held": sum(year["monday_held"] for year in years),
            "members_inspected": oversight[cell_id]["members_inspected"],
            "members_supervised": oversight[cell_id]["members_supervised"],
            "cases_by_conclusion": oversight[cell_id]["by_conclusion"],
            "members_by_conclusion": oversight[cell_id]["members_by_conclusion"],
            **commendations[cell_id],
        }
    return result


def _pledges_missing_and_late(pledge: dict, timeliness: dict | None, day: date) -> dict:
    """A member without a pledge is missing one only once the year's deadline has passed (until
    then the member may still file it); a year without a deadline, or entered from a report,
    has every member without a pledge missing one."""
    if timeliness is None:
        return {"pledges_missing": pledge["members"] - pledge["filed"], "pledges_late": 0}
    passed = timeliness["deadline"] < day
    return {
        "pledges_missing": pledge["members"] - pledge["filed"] if passed else 0,
        "pledges_late": timeliness["late"],
    }
