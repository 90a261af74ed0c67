"""The printed appendix and the pages around it, as a reader sees them (issue 28): a share of
nothing is "—", a table never leaves one row alone on its last page, the cell's name stays on one
line, each column of the commendations says what it holds, no chart that compares nothing; and
the interface items that go with it."""

import io
import re
from datetime import date
from urllib.parse import unquote

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from cell05.pdf import html_to_pdf, render_pdf
from jobs.models import Job
from reports.document.chart import pledge_chart
from reports.models import CommitteeReport
from tests.factories import make_case, make_committee_guidance, write_what_is_left
from tests.reports.helpers import header, url
from tests.reports.test_committee_report import (
    committee_report_in,
    two_cells,  # noqa: F401 - a fixture, used by name
)
from tests.reports.test_print_form import SPANS, make_report, page_texts, print_context, print_pdf

pytestmark = pytest.mark.django_db


def page_lines(pdf: bytes) -> list[str]:
    """Every printed line, its spaces made single (a no-break space is a space to a reader)."""
    return [
        " ".join(line.split())
        for page in PdfReader(io.BytesIO(pdf)).pages
        for line in page.extract_text().splitlines()
        if line.strip()
    ]


def words(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def appendix_of(pdf: bytes) -> str:
    texts = page_texts(pdf)
    start = next(index for index, text in enumerate(texts) if "PHỤ LỤC" in text)
    return " ".join(texts[start:])


# --- a share of nothing -----------------------------------------------------------------------


def test_a_year_with_no_monday_session_planned_and_no_member_prints_a_dash_not_zero_of_zero(world):
    document = print_context(make_report(world))
    year = document["figures"]["years"][0]
    year.update(
        members=0,
        pledges=0,
        pledge_rate=0.0,
        self_assessed=0,
        ratings=dict.fromkeys(year["ratings"], 0),
        monday_planned=0,
        monday_held=0,
        members_inspected=0,
        members_supervised=0,
    )

    appendix = appendix_of(render_pdf("reports/report_print.html", document))

    assert f"{year['year']} 0 0 — 0 0 0 0 0 — 0 0" in appendix
    assert "0/0" not in appendix


@pytest.mark.usefixtures("two_cells")
def test_the_committees_appendix_prints_a_dash_for_monday_sessions_of_a_cell_that_planned_none(world):
    from reports.document.assembly import committee_report_document

    report = committee_report_in(world)
    document = committee_report_document(report)
    for row in document["figures"]["cells"]:
        row.update(monday_planned=0, monday_held=0)
    document["figures"].update(monday_planned=0, monday_held=0)
    for year in document["figures"]["years"]:
        year.update(monday_planned=0, monday_held=0)

    appendix = appendix_of(render_pdf("reports/report_print.html", document))

    assert "0/0" not in appendix
    assert re.search(r"Chi bộ Khu phố 1 \d+ \d+ \S+ \S+ —", appendix)


# --- tables across pages ----------------------------------------------------------------------


def rows_pdf(rows: int) -> bytes:
    body = "".join(f"<tr><td>hàng{number:03d}</td><td>Nội dung</td></tr>" for number in range(rows))
    return html_to_pdf(
        '<html><head><link rel="stylesheet" href="css/print.css"></head><body>'
        '<table class="items"><thead><tr><th>Loại tiêu đề</th><th>Nội dung</th></tr></thead>'
        f"<tbody>{body}</tbody></table></body></html>"
    )


@pytest.mark.parametrize("rows", [30, 31, 45])
def test_a_table_that_breaks_never_leaves_its_last_row_alone_under_the_repeated_header(rows):
    # 30 rows of one line filled the first page with 29 and left the last alone on the second.
    pages = page_texts(rows_pdf(rows))

    assert len(pages) == 2
    assert all("Loại tiêu đề" in text for text in pages)
    assert pages[-1].count("hàng") >= 2
    assert sum(text.count("hàng") for text in pages) == rows


# --- the line that names the report -----------------------------------------------------------


def test_the_appendix_keeps_the_cells_name_whole_on_one_line(world):
    world.cell.name = "Chi bộ Trường Tiểu học Hoa Thành"
    world.cell.save()

    pdf = render_pdf("reports/report_print.html", print_context(make_report(world, number=12)))

    lines = page_lines(pdf)
    start = lines.index("PHỤ LỤC")
    assert lines[start + 1 : start + 3] == [
        "Kèm theo Báo cáo số 12-BC/CB, ngày 15 tháng 12 năm 2025",
        "của Chi bộ Trường Tiểu học Hoa Thành",
    ]


# --- the commendations ------------------------------------------------------------------------


def with_commendations(world) -> dict:
    document = print_context(make_report(world))
    document["figures"]["praises"] = [
        {"member": "Nguyễn Thị Đào", "praised_on": "2025-03-20", "reason": "Gương mẫu nơi cư trú"}
    ]
    document["figures"]["proposals"] = [
        {
            "target": "collective",
            "target_label": "Tập thể",
            "beneficiary": "Tổ đảng số 1",
            "number": "01-TTr/CB",
            "proposed_on": "2025-05-02",
            "outcome": "Được khen thưởng",
        }
    ]
    return document


def test_a_praise_prints_its_day_and_its_reason_under_headings_that_say_so(world):
    appendix = appendix_of(render_pdf("reports/report_print.html", with_commendations(world)))

    assert (
        "Ngày biểu dương Đảng viên Lý do biểu dương "
        "20/03/2025 Nguyễn Thị Đào Gương mẫu nơi cư trú" in appendix
    )


def test_a_proposal_prints_its_number_and_outcome_and_no_praise_prints_a_dash_for_a_number(world):
    appendix = appendix_of(render_pdf("reports/report_print.html", with_commendations(world)))

    assert (
        "Đề nghị khen thưởng Đảng viên, tập thể Số và ký hiệu Kết quả "
        "Tập thể Tổ đảng số 1 01-TTr/CB Được khen thưởng" in appendix
    )
    assert "Nguyễn Thị Đào —" not in appendix


def test_the_cases_column_holds_documents_and_says_so(world):
    make_case(
        world.cell,
        [world.member],
        kind="supervision",
        state="concluded",
        decision_number="11-KH/CB",
        decision_date=date(2023, 3, 1),
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
    )
    document = print_context(make_report(world))

    appendix = appendix_of(render_pdf("reports/report_print.html", document))

    assert "Loại Văn bản Đảng viên Kết luận Giám sát 11-KH/CB" in appendix
    assert "Quyết định" not in appendix


def test_without_cases_praise_or_proposal_the_appendix_says_there_was_none(world):
    appendix = appendix_of(render_pdf("reports/report_print.html", print_context(make_report(world))))

    assert "thực hiện Chỉ thị 05 Không có trong thời gian báo cáo." in appendix
    assert "Biểu dương, khen thưởng Không có trong thời gian báo cáo." in appendix


# --- the chart --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "printed"), [("1 year", False), ("all zero", False), ("one pledge", False), ("5 years", True)]
)
def test_a_chart_is_printed_only_where_it_compares_years(span, printed):
    assert pledge_chart({"years": SPANS[span]})["printed"] is printed


def test_the_appendix_of_a_cell_without_pledges_prints_no_chart(world):
    document = print_context(make_report(world))
    for year in document["figures"]["years"]:
        year.update(members=0, pledges=0, ratings=dict.fromkeys(year["ratings"], 0))
    document["chart"] = pledge_chart(document["figures"])

    with translation.override("vi"):
        html = render_to_string("reports/_report_appendix.html", document)

    assert "<svg" not in html
    assert "Số bản đăng ký từng năm" not in html


# --- the committee's report -------------------------------------------------------------------


@pytest.mark.usefixtures("two_cells")
def test_the_committees_final_report_downloads_under_its_number_title_and_version(world, login, run_jobs):
    client = login(world.staff)
    client.post(url("committee_report_create", world), {**header(), "recipients": ""})
    report = CommitteeReport.objects.get()
    write_what_is_left(report, world.staff)
    client.post(url("committee_report_finalise", world, report))
    run_jobs()
    job = Job.objects.get()
    assert job.progress_message == "Hoàn thành"

    download = client.post(url("committee_report_print", world, report))

    # The name of a cell's report and of the draft's print: number, title and version, cut to
    # what a file system holds.
    assert download["Content-Type"] == "application/pdf"
    saved_as = unquote(download["Content-Disposition"].split("filename*=UTF-8''", 1)[1])
    assert saved_as == job.result_name
    assert saved_as.startswith("07-BC-ĐU Sơ kết 02 năm thực hiện Chỉ thị số 05-CT-TW")


# --- one print template, two kinds of report ---------------------------------------------------


@pytest.mark.usefixtures("two_cells")
def test_a_committees_report_put_together_in_english_still_signs_in_vietnamese(world):
    from reports.document.assembly import committee_report_document

    report = committee_report_in(world, signer_title="PHÓ BÍ THƯ", signer_name="Lê Thị Phó")
    with translation.override("en"):
        document = committee_report_document(report)

    text = " ".join(page_lines(render_pdf("reports/report_print.html", document)))

    assert "T/M ĐẢNG ỦY K/T BÍ THƯ PHÓ BÍ THƯ Lê Thị Phó" in text
    assert "On behalf" not in text


@pytest.mark.usefixtures("two_cells")
def test_the_preview_signs_as_the_printed_report_for_a_cell_and_for_a_committee(world, login):
    cell_report = make_report(world)
    committee_report = committee_report_in(world, signer_title="PHÓ BÍ THƯ", signer_name="Lê Thị Phó")

    cell_preview = words(login(world.secretary).get(cell_report.get_absolute_url()))
    committee_preview = words(login(world.staff).get(committee_report.get_absolute_url()))

    assert "T/M CHI BỘ BÍ THƯ Hoàng Văn Bí" in cell_preview
    assert "T/M CHI BỘ BÍ THƯ Hoàng Văn Bí" in " ".join(page_lines(print_pdf(cell_report)))
    assert "T/M ĐẢNG ỦY K/T BÍ THƯ PHÓ BÍ THƯ Lê Thị Phó" in committee_preview


# --- the interface ----------------------------------------------------------------------------


def test_a_supervision_states_its_result_and_an_inspection_its_conclusion(world, login):
    supervision = make_case(world.cell, [world.member], kind="supervision", state="concluded")
    inspection = make_case(world.cell, [world.member], kind="inspection", state="concluded")
    client = login(world.secretary)

    assert "Kết quả giám sát: Thực hiện tốt" in words(client.get(supervision.get_absolute_url()))
    assert "Kết luận: Thực hiện tốt" not in words(client.get(supervision.get_absolute_url()))
    assert "Kết luận: Thực hiện tốt" in words(client.get(inspection.get_absolute_url()))


def test_the_committees_register_says_a_documents_kind_once_as_the_cells_does(world, login):
    world.committee.documents.all().delete()
    make_committee_guidance(
        world.committee,
        number="56-HD/BTGTU",
        issued_on=date(2025, 3, 5),
        title="Hướng dẫn tổng kết 10 năm thực hiện Chỉ thị",
    )

    page = words(
        login(world.staff).get(reverse("reports:committee_document_list", kwargs={"pk": world.committee.pk}))
    )

    assert "56-HD/BTGTU 05/03/2025 Hướng dẫn tổng kết 10 năm thực hiện Chỉ thị" in page
    assert "Hướng dẫn: Hướng dẫn" not in page
