"""Part III names limitations and their causes, and a review of several years draws its
lessons: the drafts propose, as clauses for the secretary to rewrite, what the records support
(a group's Monday sessions not held, pledges filed late, members found with shortcomings,
pledges missing once the deadline has passed); the causes and the lessons are the secretary's
to write, and a report that names no cause cannot be made final."""

import io
import re
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from reports.choices import ReportState, SectionKey
from reports.document.assembly import committee_report_document, report_document
from reports.services.editing import committee_report_create, report_update
from reports.services.printing import report_finalise
from tests.factories import (
    WRITTEN_BY_HAND,
    make_case,
    make_monday_session,
    make_pledge,
    make_study_year,
    report_header,
    write_what_is_left,
)
from tests.reports.helpers import pdf_text, report_pdf_text
from tests.reports.test_drafts import gap_list, one_member_cell
from tests.reports.test_outline import new_report, text_of

pytestmark = pytest.mark.django_db

PLEDGE = "bản đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"


def on(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9))


def yearly_2024(world, day: date = date(2024, 12, 20)):
    return new_report(world, kind="yearly", start_year=2024, end_year=2024, report_date=day)


def limitations_of(report) -> str:
    text = text_of(report_document(report))
    return text.split("1. Hạn chế, khuyết điểm")[1].split("2. Nguyên nhân")[0]


# Each clause the records support: the record that supports it (True) or its contrary (False).


def monday_sessions(world, not_held: bool):
    make_monday_session(world.cell, world.group1, date(2024, 3, 4), state="held")
    make_monday_session(world.cell, world.group2, date(2024, 3, 11), state="not_held" if not_held else "held")


def late_pledge(world, late: bool):
    year = make_study_year(world.cell, 2024, pledge_deadline=date(2024, 3, 15))
    for member in world.cell.members.all():
        submitted = date(2024, 4, 2) if late and member == world.member else date(2024, 3, 1)
        make_pledge(member, year, state="approved", submitted_at=on(submitted))


def shortcomings(world, found: bool):
    make_case(
        world.cell,
        [world.other_group_member],
        kind="supervision",
        state="concluded",
        decision_date=date(2024, 5, 1),
        conclusion="shortcomings" if found else "good",
        findings="Chưa viết bài thu hoạch" if found else "Thực hiện tốt",
    )


CLAUSES = {
    "a group's Monday sessions not held": (
        monday_sessions,
        "còn 01 buổi sinh hoạt 15 phút đầu giờ sáng thứ Hai theo lịch chưa được tổ chức "
        "(Tổ đảng số 2: 01 buổi)",
    ),
    "a pledge filed after the deadline": (late_pledge, "01 đảng viên nộp bản đăng ký sau thời hạn"),
    "a member found with shortcomings": (
        shortcomings,
        "qua kiểm tra, giám sát, 01 đảng viên còn hạn chế, khuyết điểm phải khắc phục",
    ),
}


@pytest.mark.parametrize("exists", [True, False], ids=["record", "no record"])
@pytest.mark.parametrize("clause", CLAUSES, ids=list(CLAUSES))
def test_each_proposed_limitation_appears_when_its_record_exists_and_not_otherwise(world, clause, exists):
    make_record, wording = CLAUSES[clause]
    make_record(world, exists)

    limitations = limitations_of(yearly_2024(world))

    assert (wording in limitations) is exists, limitations


def pledges_but_one(world):
    year = make_study_year(world.cell, 2024, pledge_deadline=date(2024, 3, 15))
    for member in world.cell.members.exclude(pk=world.member.pk):
        make_pledge(member, year, state="approved", submitted_at=on(date(2024, 3, 1)))


@pytest.mark.parametrize(
    ("day", "listed"),
    [(date(2024, 3, 15), False), (date(2024, 3, 16), True)],
    ids=["on the deadline", "the day after"],
)
def test_the_missing_pledges_are_a_limitation_only_once_the_deadline_has_passed(world, day, listed):
    pledges_but_one(world)

    limitations = limitations_of(yearly_2024(world, day))

    assert (f"còn 01 đảng viên chưa xây dựng {PLEDGE}" in limitations) is listed, limitations


def test_a_cell_that_filed_no_pledge_is_told_so_only_after_the_deadline(world):
    make_study_year(world.cell, 2024, pledge_deadline=date(2024, 3, 15))
    before = limitations_of(yearly_2024(world, date(2024, 2, 20)))
    after = limitations_of(yearly_2024(world, date(2024, 4, 1)))

    assert PLEDGE not in before
    assert f"Chi bộ chưa tổ chức cho đảng viên xây dựng {PLEDGE}" in after


def test_the_work_not_begun_names_the_directive(world):
    limitations = limitations_of(yearly_2024(world))
    assert "Chi bộ chưa tiến hành kiểm tra, giám sát đảng viên về việc thực hiện Chỉ thị số 05-CT/TW." in (
        limitations
    )


def test_a_report_whose_records_show_no_limitation_asks_for_them(world):
    late_pledge(world, False)
    monday_sessions(world, False)
    shortcomings(world, False)

    limitations = limitations_of(yearly_2024(world))

    assert limitations.strip().endswith("vẫn còn một số hạn chế, khuyết điểm: […].")


def test_the_command_prints_part_iii_with_the_causes_to_write_and_says_so(tmp_path):
    cell = one_member_cell()
    output = tmp_path / "bao-cao.pdf"
    err = io.StringIO()
    call_command(
        "yearly_report", cell=cell.slug, year=2024, output=str(output), stdout=io.StringIO(), stderr=err
    )
    text = pdf_text(output.read_bytes())
    part_iii = text.split("III. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN")[1].split("IV. PHƯƠNG HƯỚNG")[0]

    assert "1. Hạn chế, khuyết điểm" in part_iii
    assert "2. Nguyên nhân" in part_iii
    assert "Nguyên nhân khách quan: […]. Nguyên nhân chủ quan: […]." in " ".join(part_iii.split())
    assert (
        "Still to write in “Nguyên nhân”, nguyên nhân của hạn chế, khuyết điểm (khách quan, chủ quan): "
        "Nguyên nhân khách quan: […]." in err.getvalue()
    )


def test_a_report_that_names_no_cause_cannot_be_made_final(world, login):
    client = login(world.secretary)
    report = new_report(world)
    finalise = reverse("reports:report_finalise", kwargs={"slug": world.cell.slug, "pk": report.pk})

    preview = client.get(report.get_absolute_url()).content.decode()
    gaps = gap_list(preview)
    assert "Nguyên nhân — nguyên nhân của hạn chế, khuyết điểm" in gaps
    assert "Nguyên nhân khách quan: […]." in gaps
    assert 'id="make-final"' not in preview
    client.post(finalise)
    report.refresh_from_db()
    assert (report.state, report.final_figures) == (ReportState.DRAFT, None)

    write_what_is_left(report, world.secretary.user)
    preview = client.get(report.get_absolute_url()).content.decode()
    assert (gap_list(preview), 'id="make-final"' in preview) == ("", True)
    report = report_finalise(actor=world.secretary.user, report=report)
    assert report.state == ReportState.FINAL
    assert f"Nguyên nhân khách quan: {WRITTEN_BY_HAND}." in pdf_text(report.final_pdf.open().read())


def test_a_report_begun_without_a_section_of_causes_has_the_gap_until_they_are_written(world, login):
    report = new_report(world)
    write_what_is_left(report, world.secretary.user)
    report.sections.filter(key=SectionKey.CAUSES).delete()
    assert [gap["section"] for gap in report_document(report)["gaps"]] == [SectionKey.CAUSES.label]

    report_update(
        actor=world.secretary.user,
        report=report,
        data={},
        sections={SectionKey.CAUSES: "Nguyên nhân chủ quan: chưa thường xuyên đôn đốc."},
    )

    assert report_document(report)["gaps"] == []


def test_a_review_of_several_years_draws_lessons_and_a_yearly_report_does_not(world):
    review = report_pdf_text(new_report(world))
    yearly = report_pdf_text(yearly_2024(world))

    assert "IV. BÀI HỌC KINH NGHIỆM" in review
    assert "Qua 05 năm thực hiện" in review and "rút ra một số bài học kinh nghiệm: […]." in review
    assert review.index("IV. BÀI HỌC KINH NGHIỆM") < review.index("V. PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP")
    assert "VI. KIẾN NGHỊ, ĐỀ XUẤT" in review
    assert "BÀI HỌC KINH NGHIỆM" not in yearly
    assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP" in yearly


def test_a_review_that_becomes_a_yearly_report_neither_prints_nor_asks_for_its_lessons(world):
    report = new_report(world)
    report_update(
        actor=world.secretary.user,
        report=report,
        data=report_header(world.secretary, kind="yearly", start_year=2025, end_year=2025),
        sections={},
    )
    report.refresh_from_db()
    document = report_document(report)

    assert "BÀI HỌC KINH NGHIỆM" not in text_of(document)
    assert SectionKey.LESSONS.label not in [gap["section"] for gap in document["gaps"]]


def editor_labels(client, report) -> dict[str, str]:
    url = reverse("reports:report_edit", kwargs={"slug": report.cell.slug, "pk": report.pk})
    page = client.get(url).content.decode()
    return dict(re.findall(r'<label\s+for="id_section-(\w+)"[^>]*>\s*([^<]+?)\s*<', page))


def test_the_editor_labels_part_iii_and_the_lessons_as_they_print(world, login):
    client = login(world.secretary)
    review, yearly = new_report(world), yearly_2024(world)

    with translation.override("vi"):
        labels = editor_labels(client, review)
    printed = text_of(report_document(review))

    assert labels["limitations"] == "Hạn chế, khuyết điểm"
    assert labels["causes"] == "Nguyên nhân"
    assert labels["lessons"] == "Bài học kinh nghiệm"
    assert f"1. {labels['limitations']} " in printed and f"2. {labels['causes']} " in printed
    assert f"IV. {labels['lessons'].upper()}" in printed
    assert "lessons" not in editor_labels(client, yearly)


# The committee's report: the same part III over its cells, naming the cells.


def committee_report(world, **header):
    return committee_report_create(
        actor=world.staff,
        committee=world.committee,
        data={
            "kind": "five_year",
            "start_year": 2021,
            "end_year": 2025,
            "number": 4,
            "title": "",
            "place": "Ba Đình",
            "report_date": date(2025, 12, 15),
            "recipients": "- Lưu Văn phòng.",
            "signer_name": "",
            "signer_title": "BÍ THƯ",
            **header,
        },
    )


def test_the_committees_part_iii_names_the_cell_whose_monday_sessions_were_not_held(world):
    make_monday_session(world.cell, world.group1, date(2024, 3, 4), state="held")
    make_monday_session(world.cell, world.group2, date(2024, 3, 11), state="not_held")

    report = committee_report(world)
    document = committee_report_document(report)
    text = text_of(document)

    assert (
        "còn 01 buổi sinh hoạt 15 phút đầu giờ sáng thứ Hai theo lịch chưa được tổ chức "
        "(Chi bộ Khu phố 1: 01 buổi)" in text
    )
    assert (
        "các chi bộ chưa tiến hành kiểm tra, giám sát đảng viên về việc thực hiện Chỉ thị số 05-CT/TW" in text
    )
    assert "IV. BÀI HỌC KINH NGHIỆM" in text
    written_by_hand = {"Nguyên nhân", "Bài học kinh nghiệm"}
    assert written_by_hand <= {str(gap["section"]) for gap in document["gaps"]}

    write_what_is_left(report, world.staff)
    assert not written_by_hand & {str(gap["section"]) for gap in committee_report_document(report)["gaps"]}
