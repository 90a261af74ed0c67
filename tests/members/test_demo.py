"""The demo's organisation over time: the district until 30/06/2025, the commune from 01/07/2025,
and the commune's other cells, each with what sets it apart (members/demo.py).
"""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from cell05.pdf import print_html
from cell05.periods import Period
from members.choices import CellRole
from members.models import Cell, CellMove, Member, SuperiorCommittee
from members.selectors import committee_of
from oversight.models import Case, Praise, RewardProposal
from plans.choices import MondayState
from plans.models import (
    MondaySession,
    StudyYear,
)
from reports.choices import ReportKind
from reports.document.assembly import unsaved_report_document
from reports.selectors import committee_table

pytestmark = pytest.mark.django_db

# The organisation over time (issue 27, point 4).


def printed(cell, **header) -> str:
    document = unsaved_report_document(cell, number=3, **header)
    return " ".join(re.sub(r"<[^>]+>", " ", print_html("reports/report_print.html", document)).split())


def test_the_demo_cell_belongs_to_the_district_until_30_06_2025_and_to_the_commune_from_01_07_2025(demo):
    cell = Cell.objects.get(slug="khoi-dang")

    assert committee_of(cell, date(2025, 6, 30)).name == "Đảng bộ huyện Yên Thành"
    assert committee_of(cell, date(2025, 7, 1)).name == "Đảng bộ xã Yên Thành"
    assert CellMove.history.get(cell_id=cell.pk).history_change_reason == "demo.loaded"
    district = committee_of(cell, date(2025, 6, 30))
    assert [user.username for user in cell.committee.staff.all()] == ["vanphong"]
    assert [user.username for user in district.staff.all()] == ["vanphonghuyen"]


def test_the_demo_cells_2021_report_names_the_district_and_its_2026_report_the_commune(demo):
    cell = Cell.objects.get(slug="khoi-dang")

    of_2021 = printed(
        cell, kind=ReportKind.FIVE_YEAR, start_year=2016, end_year=2021, report_date=date(2021, 4, 15)
    )
    of_2026 = printed(
        cell, kind=ReportKind.FIVE_YEAR, start_year=2016, end_year=2026, report_date=date(2026, 5, 15)
    )

    assert of_2021.startswith(
        "Sơ kết 05 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị Đảng bộ huyện Yên Thành"
    )
    assert "Nơi nhận: - Ban Thường vụ Huyện ủy Yên Thành (b/c), - Lưu Chi bộ." in of_2021
    assert "Đề nghị Ban Thường vụ Huyện ủy Yên Thành tiếp tục" in of_2021
    assert "xã Yên Thành" not in of_2021
    assert "Bộ Chính trị Đảng bộ xã Yên Thành Chi bộ Khối Đảng * ĐẢNG CỘNG SẢN VIỆT NAM" in of_2026
    assert "Nơi nhận: - Ban Thường vụ Đảng ủy xã Yên Thành (b/c), - Lưu Chi bộ." in of_2026
    assert "Đề nghị Ban Thường vụ Đảng ủy xã Yên Thành tiếp tục" in of_2026
    # Its proposals of 2016–2025 went to the district's Standing Committee, and it says so.
    assert "Đảng bộ huyện Yên Thành" not in of_2026


def test_the_demo_cells_five_year_report_of_2021_still_states_the_source_with_its_appendix_of_names(demo):
    cell = Cell.objects.get(slug="khoi-dang")

    text = printed(
        cell, kind=ReportKind.FIVE_YEAR, start_year=2016, end_year=2021, report_date=date(2021, 4, 15)
    )

    assert "Chi bộ Khối Đảng hiện có 05 tổ đảng, với tổng số 27 đảng viên." in text
    assert "Kế hoạch số 46-KH/HU , ngày 08/12/2016 của Ban Thường vụ Huyện ủy" in text
    appendix = text[text.index("Phụ lục") :]
    # The appendix names the members inspected, supervised, praised and proposed for a reward.
    cases = Case.objects.filter(cell=cell, start_on__lte=date(2021, 4, 15))
    named = {
        *Member.objects.filter(cases__in=cases).values_list("full_name", flat=True),
        *Praise.objects.filter(cell=cell, praised_on__lte=date(2021, 4, 15)).values_list(
            "member__full_name", flat=True
        ),
        *RewardProposal.objects.filter(cell=cell, proposed_on__lte=date(2021, 4, 15))
        .exclude(member=None)
        .values_list("member__full_name", flat=True),
    }
    assert len(named) >= 16
    assert [name for name in sorted(named) if name not in appendix] == []


def committee_rows(name: str, first: int, last: int) -> dict[str, dict]:
    committee = SuperiorCommittee.objects.get(name=name)
    period = Period.of_years(first, last, as_of=min(date(last, 12, 31), timezone.localdate()))
    return {row["cell"].slug: row for row in committee_table(committee, period)}


def test_the_commune_committees_table_shows_its_six_cells_each_with_its_difference(demo):
    this_year = timezone.localdate().year

    rows = committee_rows("Đảng bộ xã Yên Thành", this_year, this_year)

    assert set(rows) == {
        "khoi-dang",
        "thcs-hoa-thanh",
        "tieu-hoc-hoa-thanh",
        "khuyen-nong",
        "mam-non-hoa-thanh",
        "xom-tan-hop",
    }
    figures = {
        slug: (row["members"], row["party_groups"], row["pledges"], row["monday_planned"], row["monday_held"])
        for slug, row in rows.items()
    }
    behind = StudyYear.objects.get(cell__slug="thcs-hoa-thanh", year=this_year)
    assert behind.pledge_deadline < timezone.localdate()
    assert figures["thcs-hoa-thanh"][:3] == (12, 2, 8) and rows["thcs-hoa-thanh"]["pledge_rate"] < 100
    planned, held = figures["tieu-hoc-hoa-thanh"][3:]
    not_held = MondaySession.objects.filter(cell__slug="tieu-hoc-hoa-thanh", state=MondayState.NOT_HELD)
    assert 0 < held < planned and not_held.count() > held
    assert not not_held.filter(not_held_reason="").exists()
    past = MondaySession.objects.filter(day__lt=timezone.localdate())
    for slug in ("thcs-hoa-thanh", "mam-non-hoa-thanh"):
        assert figures[slug][4] and not past.filter(cell__slug=slug).exclude(state=MondayState.HELD).exists()
    assert figures["khuyen-nong"][:3] == (3, 0, 3)
    assert figures["mam-non-hoa-thanh"][:3] == (9, 2, 9) and rows["mam-non-hoa-thanh"]["pledge_rate"] == 100
    assert figures["xom-tan-hop"] == (0, 0, 0, 0, 0)
    secretaries = Member.objects.filter(role=CellRole.SECRETARY).exclude(cell__slug="khoi-dang")
    assert sorted(secretaries.values_list("user__username", flat=True)) == [
        "bithu-khuyennong",
        "bithu-mamnon",
        "bithu-thcs",
        "bithu-tieuhoc",
    ]
    for slug in rows.keys() - {"xom-tan-hop"}:
        assert set(StudyYear.objects.filter(cell__slug=slug).values_list("year", flat=True)) >= {
            2024,
            2025,
            2026,
        }


def test_the_districts_table_of_2021_to_2025_lists_the_cells_moved_away_on_01_07_2025(demo):

    rows = committee_rows("Đảng bộ huyện Yên Thành", 2021, 2025)

    assert {slug: row["moved_away_on"] for slug, row in rows.items()} == dict.fromkeys(
        ["khoi-dang", "thcs-hoa-thanh", "tieu-hoc-hoa-thanh", "khuyen-nong", "mam-non-hoa-thanh"],
        date(2025, 7, 1),
    )
    assert [year["pledges"] for year in rows["thcs-hoa-thanh"]["years"]] == [12] * 5
    # 2021–2023 from its reports, 2024–2025 from its records.
    kindergarten = rows["mam-non-hoa-thanh"]["years"]
    assert [year["pledges"] for year in kindergarten] == [9] * 5
    assert [year["source"] for year in kindergarten] == ["entered"] * 3 + ["records"] * 2


def test_the_demo_cell_of_three_members_reports_as_the_cell_never_its_committee(demo):
    cell = Cell.objects.get(slug="khuyen-nong")

    text = printed(
        cell, kind=ReportKind.YEARLY, start_year=2025, end_year=2025, report_date=date(2025, 12, 31)
    )

    assert cell.members.current().count() == 3
    assert "Chi bộ Trạm Khuyến nông Yên Thành hiện có 03 đảng viên." in text
    assert "Chi ủy" not in text


def test_loaddemo_enters_the_kindergartens_2016_to_2023_from_its_reports_and_its_review_says_so(demo):
    cell = Cell.objects.get(slug="mam-non-hoa-thanh")

    document = unsaved_report_document(
        cell,
        kind=ReportKind.FIVE_YEAR,
        start_year=2016,
        end_year=2026,
        report_date=date(2026, 5, 15),
        number=2,
    )
    text = " ".join(print_html("reports/report_print.html", document).split())

    years = {year["year"]: year for year in document["figures"]["years"]}
    assert [year for year, row in years.items() if row["source"] == "entered"] == list(range(2016, 2024))
    assert (years[2016]["members"], years[2016]["pledges"], years[2023]["pledges"]) == (7, 6, 9)
    # Each year comes from its own year-end report.
    assert "Số liệu năm 2016 theo Báo cáo số 12-BC/CB ngày 15/12/2016, năm 2017 theo" in text
    assert "năm 2023 theo Báo cáo số 13-BC/CB ngày 14/12/2023 của Chi bộ." in text
    call_command("loaddemo", stdout=None)
    assert cell.entered_years.count() == 8
