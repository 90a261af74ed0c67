"""A report reads as a cell sends it upward: an opening that names what it answers, the parts
I to V with part II in numbered sections, the Directive cited in full at its first mention,
the results of the inspections, the limitations the records show, and "Chi ủy" only where the
cell elected one."""

import re
from datetime import date

import pytest
from django.utils.html import strip_tags

from members.choices import CellRole
from reports.choices import SectionKey
from reports.document.assembly import report_document
from reports.document.outline import SECTION_ORDER, outline
from reports.services.editing import report_create, report_update
from tests.factories import (
    make_case,
    make_document,
    make_monday_session,
    make_pledge,
    make_study_year,
    report_header,
)
from tests.reports.helpers import report_pdf_text
from tests.reports.test_drafts import DIRECTIVE_IN_FULL, PARTS

pytestmark = pytest.mark.django_db


def text_of(document: dict) -> str:
    """The body as a reader reads it: headings and paragraphs, spaces as spaces."""
    pieces = []
    for part in document["parts"]:
        if part["heading"]:
            pieces.append(f"{part['numeral']}. {part['heading']}")
        for section in part["sections"]:
            if section["number"]:
                pieces.append(f"{section['number']}. {section['heading']}")
            pieces.append(strip_tags(section["html"]))
    return " ".join(" ".join(pieces).split())


def new_report(world, **header):
    return report_create(
        actor=world.secretary.user, cell=world.cell, data=report_header(world.secretary, **header)
    )


def test_the_printed_report_opens_with_what_it_answers_then_reads_in_parts_i_to_v(world):
    text = report_pdf_text(new_report(world))

    standing_committee = world.committee.standing_committee
    opening = text.index(f"Thực hiện hướng dẫn của {standing_committee}, Chi bộ Khu phố 1 báo cáo kết quả")
    places = [text.index(heading) for heading in PARTS]
    assert opening < places[0] and places == sorted(places)
    # The first mention cites the Directive in full, and after 18/05/2021 the Conclusion too.
    assert text.index(DIRECTIVE_IN_FULL) < places[0]
    assert "Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị" in text
    assert "về việc đẩy mạnh" not in text


def test_an_empty_section_is_left_out_and_the_numbers_close_up(world):
    report = new_report(world)
    sections = {section.key: section.text for section in report.sections.all()}
    report_update(
        actor=world.secretary.user,
        report=report,
        data=report_header(world.secretary),
        sections={**sections, SectionKey.KEY_CONTENTS: "", SectionKey.RECOMMENDATIONS: ""},
    )

    text = text_of(report_document(report))

    assert "nội dung trọng tâm, đột phá" not in text
    assert "2. Sinh hoạt 15 phút đầu giờ sáng thứ Hai" in text
    assert "KIẾN NGHỊ" not in text and "V. PHƯƠNG HƯỚNG" in text


def test_the_outline_numbers_the_parts_that_have_text():
    parts = outline([{"key": SectionKey.SITUATION}, {"key": SectionKey.MONDAY}, {"key": SectionKey.TASKS}])
    assert [(part["numeral"], part["heading"]) for part in parts] == [
        ("I", "ĐẶC ĐIỂM TÌNH HÌNH"),
        ("II", "KẾT QUẢ THỰC HIỆN"),
        ("III", "PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP"),
    ]
    assert parts[1]["sections"][0]["number"] == 1
    assert list(SectionKey.values) == SECTION_ORDER


def test_the_opening_cites_the_guidance_registered_for_the_year_and_the_preview_stops_asking(world, login):
    client = login(world.secretary)
    report = new_report(world)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Thực hiện hướng dẫn của Ban Thường vụ" in page
    assert "Phần mở đầu chưa ghi số, ngày của hướng dẫn" in page

    make_document(
        world.cell,
        kind="guidance",
        direction="received",
        number="15-HD/BTGĐU",
        issued_on=date(2025, 10, 20),
        issuer="Ban Tuyên giáo Đảng ủy phường",
        title="Sơ kết 05 năm thực hiện Kết luận số 01-KL/TW",
    )
    make_document(  # a guidance of an earlier year is not the one this report answers
        world.cell, kind="guidance", direction="received", number="09-HD/BTGĐU", issued_on=date(2024, 3, 1)
    )
    later = new_report(world)

    text = text_of(report_document(later))
    assert text.startswith(
        "Thực hiện Hướng dẫn số 15-HD/BTGĐU, ngày 20/10/2025 của Ban Tuyên giáo Đảng ủy phường, Chi bộ Khu "
        "phố 1 báo cáo kết quả 05 năm thực hiện"
    )
    page = client.get(later.get_absolute_url()).content.decode()
    assert "Thực hiện hướng dẫn của" not in page
    assert "Phần mở đầu chưa ghi số, ngày của hướng dẫn" not in page


def test_a_cell_without_a_cell_committee_never_speaks_of_one(world):
    with_committee = text_of(report_document(new_report(world)))
    world.cell.members.filter(role=CellRole.COMMITTEE_MEMBER).update(role=CellRole.MEMBER)
    without = text_of(report_document(new_report(world)))

    assert "Chi ủy Chi bộ đã tổ chức quán triệt" in with_committee
    assert "Chi ủy" not in without
    assert "Chi bộ đã tổ chức quán triệt" in without


def test_the_results_of_the_inspections_and_the_limitations_come_from_the_records(world):
    year = make_study_year(world.cell, 2024)
    for member in world.cell.members.all()[:5]:
        make_pledge(member, year, state="evaluated")
    group = world.cell.groups.first()
    make_monday_session(world.cell, group, date(2024, 3, 4), state="held")
    make_monday_session(world.cell, group, date(2024, 3, 11), state="not_held")
    found_well = make_case(
        world.cell,
        [world.member, world.leader],
        kind="inspection",
        state="concluded",
        decision_date=date(2024, 4, 1),
    )
    make_case(
        world.cell,
        [world.other_group_member],
        kind="supervision",
        state="concluded",
        decision_date=date(2024, 5, 1),
        conclusion="shortcomings",
        findings="Chưa viết bài thu hoạch",
    )
    assert found_well.conclusion == "good"

    text = text_of(report_document(new_report(world, kind="yearly", start_year=2024, end_year=2024)))

    assert "Qua kiểm tra, giám sát, 02 đồng chí thực hiện tốt việc học tập, viết bài thu hoạch" in text
    assert "Hồ Chí Minh; 01 đồng chí có hạn chế, khuyết điểm đã được chỉ ra để khắc phục." in text
    limitations = text.split("III. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN")[1].split("IV.")[0]
    assert "còn 01 đảng viên chưa xây dựng bản đăng ký học tập và làm theo" in limitations
    assert "còn 01 buổi sinh hoạt 15 phút đầu giờ sáng thứ Hai theo lịch chưa được tổ chức" in limitations
    assert "01 đảng viên còn hạn chế, khuyết điểm phải khắc phục" in limitations
    assert not re.search(r"\b0{1,2} (?:đảng viên|buổi)", text)


def test_a_report_begun_before_the_opening_existed_gains_it_when_it_is_written(world):
    report = new_report(world)
    report.sections.filter(key__in=[SectionKey.OPENING, SectionKey.RECOMMENDATIONS]).delete()
    sections = {section.key: section.text for section in report.sections.all()}

    report_update(
        actor=world.secretary.user,
        report=report,
        data=report_header(world.secretary),
        sections={**sections, SectionKey.OPENING: "Thực hiện Hướng dẫn số 01-HD/ĐU, Chi bộ báo cáo như sau:"},
    )

    assert report.sections.get(key=SectionKey.OPENING).text.startswith("Thực hiện Hướng dẫn số 01-HD/ĐU")
    assert not report.sections.filter(key=SectionKey.RECOMMENDATIONS).exists()
