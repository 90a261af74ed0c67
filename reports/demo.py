"""The demo's years without records: the kindergarten's cell began to use cell05 in 2024, and its
2016–2023 are the figures of its own year-end reports, entered as a secretary would."""

from datetime import date

from figures.models import EnteredYearFigures
from members.demo import COMMUNE_NAME
from members.models import Cell, SuperiorCommittee
from plans.choices import DocumentDirection, DocumentKind
from reports.models import CommitteeDocument

REPORTING_CELL = "mam-non-hoa-thanh"

# Per year: the report's number and date; members, filed, rated excellent, good, fulfilled
# (filed pledges were approved and self-assessed; those admitted late in 2016 and 2018 had not
# filed yet); study sessions, attended, expected; Monday sessions held, planned; members
# inspected, supervised, inspections, supervisions, cases good, cases with shortcomings, members
# good, members with shortcomings; praised, proposals collective, individual, granted collective,
# individual.
# fmt: off
REPORTED_YEARS = [  # one report a line, as the reports list them
    (2016, "12-BC/CB", date(2016, 12, 15), (7, 6, 1, 4, 1), (1, 7, 7), (0, 0), (1, 0, 1, 0, 1, 0, 1, 0), (1, 0, 0, 0, 0)),  # noqa: E501
    (2017, "14-BC/CB", date(2017, 12, 14), (7, 7, 1, 5, 1), (2, 14, 14), (38, 42), (0, 1, 0, 1, 1, 0, 1, 0), (1, 1, 0, 1, 0)),  # noqa: E501
    (2018, "15-BC/CB", date(2018, 12, 17), (8, 7, 2, 4, 1), (2, 13, 14), (39, 43), (1, 1, 1, 1, 1, 1, 1, 1), (1, 0, 1, 0, 1)),  # noqa: E501
    (2019, "17-BC/CB", date(2019, 12, 16), (8, 8, 2, 5, 1), (2, 16, 16), (40, 43), (0, 2, 0, 1, 1, 0, 2, 0), (1, 0, 1, 0, 0)),  # noqa: E501
    (2020, "05-BC/CB", date(2020, 12, 15), (9, 9, 2, 6, 1), (2, 16, 18), (31, 43), (1, 1, 1, 1, 2, 0, 2, 0), (2, 1, 1, 1, 1)),  # noqa: E501
    (2021, "08-BC/CB", date(2021, 12, 14), (9, 9, 2, 6, 1), (2, 18, 18), (33, 42), (1, 1, 1, 1, 2, 0, 2, 0), (1, 0, 1, 0, 1)),  # noqa: E501
    (2022, "11-BC/CB", date(2022, 12, 15), (9, 9, 3, 5, 1), (2, 18, 18), (41, 43), (1, 2, 1, 1, 1, 1, 2, 1), (2, 1, 1, 1, 1)),  # noqa: E501
    (2023, "13-BC/CB", date(2023, 12, 14), (9, 9, 3, 6, 0), (2, 17, 18), (42, 43), (1, 1, 1, 1, 2, 0, 2, 0), (1, 0, 1, 0, 1)),  # noqa: E501
]
# fmt: on
PLEDGES = ("members", "pledges_filed", "rated_excellent", "rated_good", "rated_fulfilled")
STUDIES = ("study_sessions", "attended", "attendance_expected")
MONDAYS = ("monday_held", "monday_planned")
OVERSIGHT = (
    "members_inspected",
    "members_supervised",
    "inspections",
    "supervisions",
    "cases_good",
    "cases_shortcomings",
    "members_good",
    "members_shortcomings",
)
PRAISE = (
    "comrades_praised",
    "proposals_collective",
    "proposals_individual",
    "granted_collective",
    "granted_individual",
)


def load_reported_years() -> Cell | None:
    """Enter the kindergarten cell's reported years that are missing; None without the cell."""
    cell = Cell.objects.filter(slug=REPORTING_CELL).first()
    if cell is None:
        return None
    entered = set(EnteredYearFigures.objects.filter(cell=cell).values_list("year", flat=True))
    rows = []
    for year, number, day, *parts in REPORTED_YEARS:
        if year in entered:
            continue
        figures = EnteredYearFigures(
            cell=cell,
            year=year,
            report_number=number,
            report_date=day,
            party_groups=2,
            rated_not_fulfilled=0,
            cases_violation=0,
            members_violation=0,
            **{
                name: value
                for names, values in zip((PLEDGES, STUDIES, MONDAYS, OVERSIGHT, PRAISE), parts, strict=True)
                for name, value in zip(names, values, strict=True)
            },
        )
        figures.pledges_approved = figures.pledges_self_assessed = figures.pledges_filed
        figures.praises = figures.comrades_praised
        figures.full_clean()
        figures._change_reason = "demo.loaded"
        rows.append(figures)
    for figures in rows:
        figures.save()
    return cell


# The commune committee received the province's guidance of the ten-year review, the same that
# its cells cite (plans/demo/documents.py): its own report answers it.
COMMITTEE_GUIDANCE = {
    "kind": DocumentKind.GUIDANCE,
    "direction": DocumentDirection.RECEIVED,
    "number": "15-HD/BTGDVTU",
    "issued_on": date(2026, 2, 24),
    "issuer": "Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An",
    "title": "Hướng dẫn tổng kết 10 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị (khóa XII) về đẩy "
    "mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "on_directive_05": True,
}


def load_committee_register() -> CommitteeDocument | None:
    """Register the guidance the commune committee received; None without the committee."""
    committee = SuperiorCommittee.objects.filter(name=COMMUNE_NAME).first()
    if committee is None:
        return None
    document, _created = CommitteeDocument.objects.get_or_create(
        committee=committee, number=COMMITTEE_GUIDANCE["number"], defaults=COMMITTEE_GUIDANCE
    )
    return document
