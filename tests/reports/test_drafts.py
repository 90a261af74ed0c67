"""The report's texts have no holes: every report type of a cell with nothing or almost nothing
recorded reads as a whole sentence; a draft whose figure is nothing is flagged on the preview and
cannot be made final until it is written in words; the documents cited and the title follow the
period."""

import html
import io
import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from cell05.periods import Period
from members.choices import CellRole
from members.models import Cell
from members.selectors import committee_of
from reports.choices import ReportKind, ReportState, SectionKey
from reports.document.assembly import committee_report_document, report_document
from reports.document.texts import default_title
from reports.document.tokens import TOKEN_HELP
from reports.models import Report
from reports.services.editing import committee_report_create, report_create, report_update
from reports.services.printing import GAPS_REFUSAL, pdf_once
from tests.factories import (
    make_cell,
    make_committee,
    make_group,
    make_member,
    report_header,
    write_what_is_left,
)
from tests.reports.helpers import pdf_text

pytestmark = pytest.mark.django_db

# What a hole in a report's text looks like once the figures are placed, each with what it catches.
HOLES = [
    # A period of no years: "Trong 00 năm", "Sơ kết 00 năm" (the year count once was end − start).
    (r"(?<![\d,./])0{1,2} năm\b", "a period of zero years"),
    # A zero count stated beside what it counts, in running text ("hiện có 0 tổ đảng", "00 đảng
    # viên", "đã tổ chức 0 trên 0 buổi", "biểu dương 0 đồng chí", "0 lượt cá nhân"); the
    # appendix's tables write their zeros before numbers or capitalised headers, never these words.
    (
        r"(?<![\d,./])0{1,2} (?:tổ đảng|đảng viên|buổi|đồng chí|lượt|trên|cán bộ)\b",
        "a zero count in a sentence",
    ),
    # A rate of nothing stated as an achievement: "0% cán bộ, đảng viên xây dựng bản kế hoạch".
    (r"(?<![\d,])0(?:,0)?% cán bộ", "a rate of nothing"),
    # An empty list after "như:" (the key contents): "giải quyết như: ."
    (r"như:\s*[.;,]", "an empty list of key contents"),
    # A verb whose object, a list of documents, is empty: "kịp thời ban hành  về thực hiện",
    # "ban hành để triển khai", "trong đó có ."
    (r"ban hành\s+(?:về|để|và)\b", "an empty list of documents issued"),
    (r"trong đó có\s*[.;,]", "an empty list of documents received"),
    # A conjunction with nothing after it: "… và ." (an empty last item of a list).
    (r"\svà\s*[.;,]", "a list ending on an empty item"),
    # Punctuation after a space: what remains around any other empty value ("có , và", "là .").
    (r"\s[.,;](?=\s|$)", "punctuation around an empty value"),
    # A token the program did not place, or a Python value printed as text.
    (r"\{[a-z_]+\}", "a token left unplaced"),
    (r"\bNone\b", "a missing value printed as None"),
]


def assert_no_hole(text: str) -> None:
    """The text of a report reads without a hole. Each pattern of HOLES catches one kind:
    "00 năm" (a period of no years); a count of 0 or 00 beside "tổ đảng", "đảng viên", "buổi",
    "đồng chí", "lượt", "trên" or "cán bộ" (a sentence that states nothing as a result); "0%
    cán bộ" (a rate of nothing); "như: ." (an empty list of key contents); "ban hành về/để/và"
    and "trong đó có ." (empty lists of documents issued or received); " và ." (a list whose last
    item is empty); a lone ".", "," or ";" after a space (any other empty value); "{token}" left
    unplaced; and "None"."""
    found = [
        f"{meaning}: …{text[max(0, match.start() - 60) : match.end() + 20]}…"
        for pattern, meaning in HOLES
        for match in re.finditer(pattern, text)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "text",
    [
        "Chi bộ hiện có 0 tổ đảng, với tổng số 00 đảng viên.",
        "Trong 00 năm, Chi bộ đã tổ chức 0 trên 0 buổi.",
        "Trong 02 năm, kịp thời ban hành  về thực hiện.",
        "Chi bộ đã chú trọng giải quyết như: . Qua đó",
        "Kế hoạch số 06-KH/CB và .",
        "Sau khi học tập, quán triệt, 0% cán bộ, đảng viên xây dựng",
        "Chi bộ đã biểu dương {dong_chi_bieu_duong} đồng chí.",
    ],
)
def test_the_hole_finder_finds_the_holes_of_the_issue(text):
    with pytest.raises(AssertionError):
        assert_no_hole(text)


def test_the_hole_finder_leaves_whole_sentences_and_tables_alone():
    assert_no_hole(
        "Trong 05 năm, Chi ủy Chi bộ đã tiến hành kiểm tra 07 đảng viên và giám sát 09 đảng viên về nội "
        "dung này. Năm Đảng viên Bản đăng ký % 2016 27 27 100,0 27 5 17 5 0 0/0 0 0 2017 0 0 0,0 0 0 "
        "Nơi nhận: - Ban Thường vụ Huyện ủy (b/c), - Lưu Chi bộ. Chi bộ có 10 năm, 100% cán bộ."
    )


# Every report type of a cell with nothing, or one member, recorded.

REPORT_COMMANDS = {
    "five-year 2016-2021": ("fiveyear_report", {"start": 2016, "end": 2021, "date": "2021-04-15"}),
    "yearly 2024": ("yearly_report", {"year": 2024}),
    "ten-year 2016-2026": ("fiveyear_report", {"start": 2016, "end": 2026, "date": "2026-05-15"}),
}


def empty_cell() -> Cell:
    """A cell with no members, no groups, no secretary."""
    return make_cell(make_committee("Đảng ủy xã Trống"), name="Chi bộ Thôn Mới", slug="thon-moi")


def one_member_cell() -> Cell:
    cell = make_cell(make_committee("Đảng ủy xã Một"), name="Chi bộ Thôn Một", slug="thon-mot")
    make_member(cell, make_group(cell, 1), full_name="Lò Văn Một")
    return cell


def run_report(command: str, options: dict, cell: Cell, tmp_path) -> tuple[str, str]:
    """The command's PDF as text, and what it said on stderr."""
    output = tmp_path / f"{command}.pdf"
    err = io.StringIO()
    call_command(command, cell=cell.slug, output=str(output), stdout=io.StringIO(), stderr=err, **options)
    return pdf_text(output.read_bytes()), err.getvalue()


@pytest.mark.parametrize("records", [empty_cell, one_member_cell], ids=["empty cell", "one member"])
@pytest.mark.parametrize("report", REPORT_COMMANDS, ids=list(REPORT_COMMANDS))
def test_every_report_of_a_cell_with_thin_records_has_no_hole(records, report, tmp_path):
    cell = records()
    command, options = REPORT_COMMANDS[report]
    text, said = run_report(command, options, cell, tmp_path)
    assert "BÁO CÁO" in text and cell.name in text
    assert "T/M CHI BỘ" in text
    assert "The cell has no secretary" in said
    if records is one_member_cell:
        assert_no_hole(text)
        assert "hiện có 01 tổ đảng, với tổng số 01 đảng viên" in text
    else:
        # The one hole of a cell without members is their count: a gap the command names, which
        # keeps the report from being made final; no note to the writer is printed as its text.
        assert_no_hole(text.replace(f"{cell.name} hiện có 0 đảng viên.", ""))
        assert f"{cell.name} hiện có 0 đảng viên." in text
        assert "chương trình" not in text
        gap = f"Nothing to state for Số đảng viên cuối kỳ in “Đặc điểm tình hình”: {cell.name} hiện có 0"
        assert gap in said


# The parts of a review of several years, in their order (reports/document/outline.py), as the PDF's
# text reads them; a yearly report draws no lessons, and its later parts close up.
PARTS = [
    "I. ĐẶC ĐIỂM TÌNH HÌNH",
    "II. KẾT QUẢ THỰC HIỆN",
    "1. Công tác lãnh đạo, chỉ đạo, quán triệt, triển khai thực hiện",
    "III. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN",
    "1. Hạn chế, khuyết điểm",
    "2. Nguyên nhân",
    "IV. BÀI HỌC KINH NGHIỆM",
    "V. PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP",
    "VI. KIẾN NGHỊ, ĐỀ XUẤT",
]
YEARLY_PARTS = [
    *PARTS[:6],
    "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP",
    "V. KIẾN NGHỊ, ĐỀ XUẤT",
]
DIRECTIVE_IN_FULL = (
    "Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị (khóa XII) về đẩy mạnh học tập và làm theo tư "
    "tưởng, đạo đức, phong cách Hồ Chí Minh"
)
CONCLUSION_IN_FULL = (
    "Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW"
)


def assert_reads_as_a_report(text: str, *, after_2021: bool, opening: str, yearly: bool = False) -> None:
    """The report opens with what it answers, cites the Directive (and after 18/05/2021 the
    Conclusion) in full before its first part, and reads in parts I to VI in order (I to V
    for a yearly report, which draws no lessons)."""
    parts = YEARLY_PARTS if yearly else PARTS
    places = [text.find(heading) for heading in parts]
    assert -1 not in places and places == sorted(places), dict(zip(parts, places, strict=True))
    assert ("BÀI HỌC KINH NGHIỆM" in text) is not yearly
    start = text.find("BÁO CÁO")
    assert text.find(opening, start) != -1, text[start : start + 400]
    assert -1 < text.find(DIRECTIVE_IN_FULL) < places[0]
    assert (-1 < text.find(CONCLUSION_IN_FULL) < places[0]) is after_2021
    assert "về việc đẩy mạnh" not in text


def test_every_report_of_the_demo_cell_reads_as_a_report_without_a_hole(demo, tmp_path):
    cell = Cell.objects.get(slug="khoi-dang")
    for report, (command, options) in REPORT_COMMANDS.items():
        text, said = run_report(command, options, cell, tmp_path)
        assert_no_hole(text)
        assert_reads_as_a_report(
            text,
            after_2021=report != "five-year 2016-2021",
            opening="Thực hiện Hướng dẫn số",
            yearly=report == "yearly 2024",
        )
        assert "Hoàng Văn Vĩnh" in text, report  # the demo's secretary signs
        assert "no secretary" not in said, report


def test_the_demo_committees_report_reads_as_a_report_without_a_hole(demo):
    cell = Cell.objects.get(slug="khoi-dang")
    report = committee_report_create(
        # The office of the district the demo cell belonged to in 2021.
        actor=get_user_model().objects.get(username="vanphonghuyen"),
        committee=committee_of(cell, date(2021, 4, 30)),
        data={
            "kind": ReportKind.FIVE_YEAR,
            "start_year": 2016,
            "end_year": 2021,
            "number": 3,
            "title": "",
            "place": "Yên Thành",
            "report_date": date(2021, 4, 30),
            "recipients": "- Ban Thường vụ Tỉnh ủy (b/c),\n- Lưu Văn phòng.",
            "signer_name": "",
            "signer_title": "BÍ THƯ",
        },
    )
    text = pdf_text(pdf_once(committee_report_document(report)))

    assert_no_hole(text)
    assert_reads_as_a_report(
        text, after_2021=False, opening=f"báo cáo kết quả 05 năm thực hiện {DIRECTIVE_IN_FULL}"
    )
    assert "Chi bộ Khối Đảng" in text
    # A district's report is signed by its Standing Committee; a commune's (test_committee_report)
    # by the Party committee.
    assert "T/M BAN THƯỜNG VỤ" in text and "T/M ĐẢNG ỦY" not in text


def test_the_command_prints_for_a_cell_without_a_secretary_and_says_so(tmp_path):
    cell = one_member_cell()
    output = tmp_path / "bao-cao.pdf"
    out, err = io.StringIO(), io.StringIO()

    call_command("yearly_report", cell=cell.slug, year=2024, output=str(output), stdout=out, stderr=err)

    assert output.read_bytes().startswith(b"%PDF-")
    assert "Chi bộ Thôn Một, 01/01/2024–31/12/2024" in out.getvalue()
    assert "dated 31/12/2024." in out.getvalue()
    assert "The cell has no secretary: the signature's name is left to be written by hand." in err.getvalue()
    assert "Traceback" not in err.getvalue()
    text = pdf_text(output.read_bytes())
    assert "Lò Văn Một" not in text.split("T/M CHI BỘ")[1].split("PHỤ LỤC")[0]


def test_the_preview_of_a_report_without_a_signer_says_the_name_is_written_by_hand(world, login):
    report = report_create(
        actor=world.secretary.user, cell=world.cell, data={**report_header(world.secretary), "signer": None}
    )
    page = login(world.secretary).get(report.get_absolute_url()).content.decode()
    assert 'id="report-unsigned"' in page
    signed = report_create(
        actor=world.secretary.user, cell=world.cell, data=report_header(world.secretary, number=13)
    )
    assert (
        'id="report-unsigned"' not in login(world.secretary).get(signed.get_absolute_url()).content.decode()
    )


# A figure of nothing is a gap: flagged on the preview, refused when making the report final.

SENTENCE_WITH_A_ZERO = (
    "Trong {ky_bao_cao}, các tổ đảng đã tổ chức {buoi_thu_hai_da_to_chuc} buổi sinh hoạt thứ Hai."
)
SENTENCE_IN_WORDS = "Trong {ky_bao_cao}, Chi bộ chưa tổ chức buổi sinh hoạt thứ Hai nào."


def gap_list(page: str) -> str:
    found = re.search(r'<div class="alert alert-warning" id="report-gaps">(.*?)</div>', page, re.S)
    return re.sub(r"\s+", " ", html.unescape(strip_tags(found.group(1)))) if found else ""


def test_a_zero_figure_is_listed_on_the_preview_and_blocks_the_final_report_until_written_in_words(
    world, login, run_jobs
):
    client = login(world.secretary)
    report = report_create(actor=world.secretary.user, cell=world.cell, data=report_header(world.secretary))
    write_what_is_left(report, world.secretary.user)
    assert gap_list(client.get(report.get_absolute_url()).content.decode()) == ""
    report_update(
        actor=world.secretary.user, report=report, data={}, sections={SectionKey.MONDAY: SENTENCE_WITH_A_ZERO}
    )
    finalise = reverse("reports:report_finalise", kwargs={"slug": world.cell.slug, "pk": report.pk})

    preview = client.get(report.get_absolute_url()).content.decode()
    gaps = gap_list(preview)
    assert 'id="make-final"' not in preview
    with translation.override("vi"):
        section, meaning = str(SectionKey.MONDAY.label), str(TOKEN_HELP["buoi_thu_hai_da_to_chuc"])
        refusal = str(GAPS_REFUSAL)
    assert f"{section} — {meaning}" in gaps
    assert "các tổ đảng đã tổ chức 0 buổi sinh hoạt thứ Hai" in gaps

    refused = client.post(finalise, follow=True)

    assert html.unescape(refused.content.decode()).count(refusal) == 1
    report.refresh_from_db()
    assert (report.state, report.final_figures, bool(report.final_pdf)) == (ReportState.DRAFT, None, False)

    report_update(
        actor=world.secretary.user, report=report, data={}, sections={SectionKey.MONDAY: SENTENCE_IN_WORDS}
    )
    preview = client.get(report.get_absolute_url()).content.decode()
    assert (gap_list(preview), 'id="make-final"' in preview) == ("", True)
    client.post(finalise)
    run_jobs()  # the worker lays out the PDF and makes the report final with it
    report.refresh_from_db()
    assert report.state == ReportState.FINAL
    assert report.final_pdf.read().startswith(b"%PDF-")
    assert "Chi bộ chưa tổ chức buổi sinh hoạt thứ Hai nào" in pdf_text(report.final_pdf.open().read())


# The documents cited and the title follow the period.


def test_a_report_after_18_05_2021_cites_conclusion_01_and_the_five_year_report_of_2021_does_not(tmp_path):
    cell = one_member_cell()
    before, _said = run_report(
        "fiveyear_report", {"start": 2016, "end": 2021, "date": "2021-04-15"}, cell, tmp_path
    )
    after, _said = run_report("yearly_report", {"year": 2022}, cell, tmp_path)
    assert "Chỉ thị số 05-CT/TW" in before
    assert "Kết luận số 01-KL/TW" not in before
    assert "Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị" in after
    assert "Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW của Bộ Chính trị" in after


@pytest.mark.parametrize(("day", "cites"), [(date(2021, 5, 17), False), (date(2021, 5, 19), True)])
def test_conclusion_01_is_cited_from_its_date(world, day, cites):
    report = report_create(
        actor=world.secretary.user,
        cell=world.cell,
        data=report_header(world.secretary, kind="yearly", start_year=2021, end_year=2021, report_date=day),
    )
    text = " ".join(strip_tags(section["html"]) for section in report_document(report)["sections"])
    assert ("Kết luận số 01-KL/TW" in text) is cites
    assert ("Kết luận số 01-KL/TW" in default_title(report.period, ReportKind.FIVE_YEAR, 5)) is cites


def test_the_default_title_names_a_review_of_ten_years_and_a_summary_of_three():
    ten_years = Period(date(2016, 1, 1), date(2026, 5, 15))
    assert default_title(ten_years, ReportKind.FIVE_YEAR, 10).startswith(
        "Tổng kết 10 năm thực hiện Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW"
    )
    assert default_title(Period.of_years(2017, 2019), ReportKind.FIVE_YEAR, 3) == (
        "Sơ kết 03 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị"
    )
    assert default_title(Period.of_years(2024, 2024), ReportKind.YEARLY, 1) == (
        "Kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2024"
    )


def test_a_report_of_2017_to_2019_counts_three_years_in_its_title_and_text(tmp_path):
    text, _said = run_report("fiveyear_report", {"start": 2017, "end": 2019}, one_member_cell(), tmp_path)
    assert "Sơ kết 03 năm" in text
    assert "Trong 03 năm" in text
    assert "02 năm" not in text
    assert Report.objects.count() == 0  # the command records nothing


def test_a_cell_secretary_signs_the_command_report(tmp_path):
    cell = one_member_cell()
    cell.members.update(role=CellRole.SECRETARY)
    text, said = run_report("yearly_report", {"year": 2024}, cell, tmp_path)
    assert "Lò Văn Một" in text.split("T/M CHI BỘ")[1]
    assert "no secretary" not in said
