"""The Vietnamese of the printed reports as the review of 2026-12-07 (section E) asked: the
sentences a secretary would write, worded from the records."""

import html
import re
from datetime import date

import pytest
from django.utils import translation
from django.utils.html import strip_tags

from cell05.periods import Period
from figures.counting.period import period_figures
from oversight.choices import Conclusion
from reports.choices import ReportKind, SectionKey
from reports.document import assembly
from reports.document.outline import PARTS
from tests.factories import StudySessionFactory, make_case, make_monday_session, make_pledge, make_study_year

pytestmark = pytest.mark.django_db

THEME_2024 = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường"


def yearly_text(cell, year: int = 2024) -> str:
    document = assembly.unsaved_report_document(
        cell,
        kind=ReportKind.YEARLY,
        start_year=year,
        end_year=year,
        report_date=date(year, 12, 20),
        number=1,
    )
    text = " ".join(html.unescape(strip_tags(section["html"])) for section in document["sections"])
    return re.sub(r"\s+", " ", text)


def test_monday_sessions_read_as_held_of_planned_with_the_rate_in_vietnamese_decimals(world):
    make_study_year(world.cell, 2024)
    for day in (date(2024, 3, 4), date(2024, 3, 11)):
        make_monday_session(world.cell, world.group1, day, "held")
    make_monday_session(world.cell, world.group1, date(2024, 3, 18), "not_held")

    text = yearly_text(world.cell)

    assert "các tổ đảng đã tổ chức 02/03 buổi theo lịch (đạt 66,7%)" in text
    assert "trên" not in text.split("các tổ đảng đã tổ chức")[1][:20]


def test_all_monday_sessions_held_read_as_đủ_and_100_per_cent(world):
    make_study_year(world.cell, 2024)
    make_monday_session(world.cell, world.group1, date(2024, 3, 4), "held")

    assert "các tổ đảng đã tổ chức đủ 01/01 buổi theo lịch (đạt 100%)" in yearly_text(world.cell)


def test_a_member_checked_twice_counts_once_by_the_latest_conclusion(world):
    make_case(
        world.cell,
        [world.member, world.leader],
        kind="inspection",
        state="concluded",
        decision_date=date(2024, 3, 1),
        end_on=date(2024, 3, 20),
    )
    make_case(
        world.cell,
        [world.member],
        state="concluded",
        decision_date=date(2024, 9, 1),
        end_on=date(2024, 9, 20),
        conclusion=Conclusion.SHORTCOMINGS,
    )

    counted = period_figures([world.cell], Period.of_years(2024, 2024))[world.cell.pk][
        "members_by_conclusion"
    ]
    assert counted == {Conclusion.GOOD: 1, Conclusion.SHORTCOMINGS: 1, Conclusion.VIOLATION: 0}
    text = yearly_text(world.cell)
    assert "Qua kiểm tra, giám sát, 01 đồng chí thực hiện tốt việc học tập" in text
    assert "; 01 đồng chí có hạn chế, khuyết điểm đã được chỉ ra để khắc phục." in text
    assert "hầu hết" not in text


def test_a_yearly_report_names_its_chuyên_đề_when_the_cell_studied_it(world):
    year = make_study_year(world.cell, 2024, theme=THEME_2024)
    StudySessionFactory(study_year=year, held_on=date(2024, 2, 20))
    make_pledge(world.member, year, state="evaluated")

    text = yearly_text(world.cell)

    assert (
        f"Đồng thời triển khai nghiêm túc việc học tập, quán triệt chuyên đề năm 2024 “{THEME_2024}”." in text
    )
    assert (
        "Sau khi học tập, quán triệt, 16,7% đảng viên xây dựng bản đăng ký học tập và làm theo tư tưởng, đạo "
        "đức, phong cách Hồ Chí Minh theo chuyên đề của năm." in text
    )
    assert "chủ đề" not in text and "bản kế hoạch cá nhân" not in text


def test_a_year_with_nothing_done_claims_no_study_and_praises_no_commendation(world):
    make_study_year(world.cell, 2024)

    text = yearly_text(world.cell)

    assert "triển khai nghiêm túc việc học tập" not in text
    assert "quan tâm thực hiện" not in text
    assert "Chi bộ chưa biểu dương, đề nghị khen thưởng tập thể, cá nhân nào" in text
    assert (
        "Chi bộ chưa ghi nhận bản đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh của "
        "đảng viên." in text
    )


def test_a_review_states_every_years_pledges_and_the_year_still_short(world):
    for year in (2024, 2025):
        study_year = make_study_year(world.cell, year)
        members = world.cell.members.all() if year == 2024 else [world.member]
        for member in members:
            make_pledge(member, study_year, state="evaluated")
    document = assembly.unsaved_report_document(
        world.cell,
        kind=ReportKind.FIVE_YEAR,
        start_year=2024,
        end_year=2025,
        report_date=date(2025, 12, 20),
        number=1,
    )
    implementation = next(s for s in document["sections"] if s["key"] == SectionKey.IMPLEMENTATION)
    text = re.sub(r"\s+", " ", html.unescape(strip_tags(implementation["html"])))

    others = world.cell.members.count() - 1
    assert (
        "Hằng năm, 100% đảng viên xây dựng bản đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ "
        f"Chí Minh theo chuyên đề của năm; năm 2025 còn {others:02d} đồng chí chưa đăng ký." in text
    )


def test_the_editor_labels_each_section_with_its_printed_heading():
    with translation.override("vi"):
        for part in PARTS:
            for key, heading in part.sections:
                if key != SectionKey.OPENING:
                    assert str(SectionKey(key).label).lower() == (heading or part.heading).lower(), key
