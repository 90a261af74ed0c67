"""The printed report reads like a Party document (Hướng dẫn 36-HD/VPTW): the date line, the
recipients and the signature, tables that keep their rows whole, a chart whose labels all show
and that reads in black and white, numbers kept with their words, one rule for counts."""

import io
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader
from weasyprint import HTML

from cell05.pdf import StaticFilesFetcher, html_to_pdf, render_pdf, static_base_url
from reports.document.assembly import report_document
from reports.document.chart import RATINGS, pledge_chart
from reports.document.wording import count, section_html
from reports.services.editing import report_create
from tests.factories import report_header

SVG = "{http://www.w3.org/2000/svg}"
# Liberation Serif, in ems, measured apart from the chart's own figures: digits are 0.5 wide and
# rise 0.68 above the baseline; accented letters ("Xuất sắc") rise to 0.92, letters are at most
# 0.6 wide on average; descenders reach 0.22 below the baseline.
DIGIT_WIDTH, LETTER_WIDTH, DIGIT_TOP, LETTER_TOP, BOTTOM = 0.5, 0.6, 0.68, 0.92, 0.22
PT_PER_MM = 72 / 25.4


# --- reading a PDF as a reader sees it -------------------------------------------------------


def text_of(pdf: bytes) -> str:
    """The text of every page, its whitespace made single spaces."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def runs(page) -> list[dict]:
    """The pieces of text of a page: text, x from the left edge in points, size in points, font.
    WeasyPrint draws in CSS pixels under a 0.75 scale: points are pixels × 0.75."""
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            font = str(font_dict.get("/BaseFont", "")) if font_dict else ""
            found.append(
                {
                    "text": text.strip(),
                    "x": tm[4] * cm[0] + cm[4],
                    "size": round(font_size * cm[0], 1),
                    "font": font.split("+", 1)[-1],
                }
            )

    page.extract_text(visitor_text=visit)
    return found


def run_starting(pdf: bytes, text: str) -> dict:
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for run in runs(page):
            if run["text"].startswith(text):
                return run
    raise AssertionError(f"no text starts with {text!r}")


# --- the report -----------------------------------------------------------------------------


def make_report(world, **header):
    return report_create(
        actor=world.secretary.user, cell=world.cell, data=report_header(world.secretary, **header)
    )


def print_context(report) -> dict:
    """What the print template lays out, with the chart of reports/document/chart.py."""
    document = report_document(report)
    document["chart"] = pledge_chart(document["figures"])
    return document


def print_pdf(report) -> bytes:
    return render_pdf("reports/report_print.html", print_context(report))


@pytest.mark.django_db
def test_date_line_starts_with_the_reports_place(world):
    pdf = print_pdf(make_report(world, place="Ba Đình"))

    assert "Ba Đình, ngày 15 tháng 12 năm 2025" in text_of(pdf)


@pytest.mark.django_db
def test_date_line_takes_the_cells_place_when_the_report_has_none(world):
    world.cell.place = "Quốc Oai"
    world.cell.save()

    pdf = print_pdf(make_report(world, place=""))

    assert "Quốc Oai, ngày 15 tháng 12 năm 2025" in text_of(pdf)


@pytest.mark.django_db
def test_date_line_without_any_place_has_no_leading_comma(world):
    pdf = print_pdf(make_report(world, place=""))

    date_line = run_starting(pdf, "Ngày 15 tháng 12 năm 2025")
    assert date_line["text"] == "Ngày 15 tháng 12 năm 2025"
    assert ", ngày 15 tháng 12" not in page_texts(pdf)[0]


@pytest.mark.django_db
def test_appendix_names_the_report_it_belongs_to(world):
    pdf = print_pdf(make_report(world, number=12, report_date=date(2025, 12, 15)))

    appendix = next(text for text in page_texts(pdf) if "PHỤ LỤC" in text)
    assert "Kèm theo Báo cáo số 12-BC/CB, ngày 15 tháng 12 năm 2025 của Chi bộ Khu phố 1" in appendix


@pytest.mark.django_db
def test_recipients_title_stands_alone_at_the_left_margin_in_14_pt_upright_and_the_list_in_12_pt(world):
    pdf = print_pdf(make_report(world))

    title = run_starting(pdf, "Nơi nhận:")
    first = run_starting(pdf, "- Ban Thường vụ Đảng ủy phường (b/c),")
    signature = run_starting(pdf, "T/M CHI BỘ")
    assert title["text"] == "Nơi nhận:"
    assert title["x"] == pytest.approx(30 * PT_PER_MM, abs=1)  # the left margin of the page
    assert (title["size"], title["font"]) == (14, "Liberation-Serif")  # upright, not bold
    assert (first["size"], first["font"]) == (12, "Liberation-Serif")
    assert first["x"] == pytest.approx(title["x"], abs=1)
    assert signature["x"] > 105 * PT_PER_MM  # the signature sits in the right half


@pytest.mark.django_db
def test_recipients_title_is_underlined_and_upright_as_laid_out(world):
    with translation.override("vi"):
        html = render_to_string("reports/report_print.html", print_context(make_report(world)))
    document = HTML(string=html, base_url=static_base_url(), url_fetcher=StaticFilesFetcher()).render()

    title = next(box for box in boxes(document) if getattr(box, "text", "") == "Nơi nhận:")
    assert "underline" in title.style["text_decoration_line"]
    assert title.style["font_style"] == "normal"
    assert title.style["font_weight"] == 400


def boxes(document):
    def walk(box):
        yield box
        for child in getattr(box, "children", ()):
            yield from walk(child)

    for page in document.pages:
        yield from walk(page._page_box)


# --- tables ---------------------------------------------------------------------------------

ROW_TEXT = (
    "Nội dung kiểm tra việc thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị, viết dài cho hàng "
    "của bảng trải ra nhiều dòng trong ô của nó"
)


def table_pdf(rows: int) -> bytes:
    """A table whose rows have from one to five lines, so that page ends fall inside rows."""
    body = "".join(
        f"<tr><td>Kiểm tra hàng{number:03d}</td>"
        f"<td>{' '.join([ROW_TEXT] * (number % 5))} cuối{number:03d}</td></tr>"
        for number in range(rows)
    )
    return html_to_pdf(
        '<html><head><link rel="stylesheet" href="css/print.css"></head><body>'
        '<table class="items"><thead><tr><th>Loại tiêu đề</th><th>Nội dung</th></tr></thead>'
        f"<tbody>{body}</tbody></table></body></html>"
    )


def test_a_table_row_never_splits_across_pages_and_the_header_repeats_on_every_page():
    pages = page_texts(table_pdf(60))

    assert len(pages) >= 3
    for number in range(60):
        first = [index for index, text in enumerate(pages) if f"hàng{number:03d}" in text]
        last = [index for index, text in enumerate(pages) if f"cuối{number:03d}" in text]
        assert first == last, f"row {number} split across pages {first} and {last}"
    assert all("Loại tiêu đề" in text for text in pages)


# --- the chart ------------------------------------------------------------------------------


def year_figures(year: int, members: int, pledges: int, ratings: tuple[int, int, int, int]) -> dict:
    return {
        "year": year,
        "members": members,
        "pledges": pledges,
        "ratings": dict(zip(RATINGS, ratings, strict=True)),
        "monday_planned": 0,
        "monday_held": 0,
    }


SPANS = {
    "1 year": [year_figures(2021, 27, 27, (5, 17, 5, 0))],
    "5 years": [year_figures(2016 + index, 27, 27, (5, 16, 6, 0)) for index in range(5)],
    "11 years": [year_figures(2016 + index, 120, 118 - index, (30, 60, 20, index)) for index in range(11)],
    "11 years, none rated": [year_figures(2016 + index, 27, 27, (0, 0, 0, 0)) for index in range(11)],
    "all zero": [year_figures(2016 + index, 0, 0, (0, 0, 0, 0)) for index in range(5)],
    "one pledge": [year_figures(2021, 1, 1, (0, 0, 1, 0))],
}


def chart_svg(years: list[dict]) -> ET.Element:
    """The chart as the appendix draws it, parsed."""
    template = Template('{% include "reports/_report_appendix.html" %}')
    context = {"report": None, "figures": {"years": years, "cases": [], "praises": [], "proposals": []}}
    # The drawing as it is laid out, whether or not the appendix prints it (one year's is not).
    context["chart"] = pledge_chart(context["figures"]) | {"printed": True}
    with translation.override("vi"):
        html = template.render(Context(context))
    svg = re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0)
    return ET.fromstring(svg)  # noqa: S314 - the output of our own template


def text_box(element: ET.Element) -> tuple[float, float, float, float]:
    """The box a label's glyphs may cover, from its position, anchor and font size."""
    size = float(element.get("font-size"))
    text = element.text or ""
    width = sum(DIGIT_WIDTH if character.isdigit() else LETTER_WIDTH for character in text) * size
    rise = DIGIT_TOP if text.isdigit() else LETTER_TOP
    x, y = float(element.get("x")), float(element.get("y"))
    anchor = element.get("text-anchor", "start")
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return left, y - rise * size, left + width, y + BOTTOM * size


@pytest.mark.parametrize("span", SPANS, ids=list(SPANS))
def test_every_chart_label_lies_inside_the_drawing(span):
    svg = chart_svg(SPANS[span])
    width, height = float(svg.get("width")), float(svg.get("height"))
    assert svg.get("viewBox") == f"0 0 {svg.get('width')} {svg.get('height')}"

    labels = list(svg.iter(f"{SVG}text"))
    assert labels
    for label in labels:
        left, top, right, bottom = text_box(label)
        assert top >= 0 and bottom <= height, f"{label.text!r} cut at the top or the bottom"
        assert left >= 0 and right <= width, f"{label.text!r} cut at a side"


@pytest.mark.parametrize("span", ["1 year", "5 years", "11 years"])
def test_the_number_of_pledges_is_written_above_each_bar(span):
    svg = chart_svg(SPANS[span])

    values = [element.text for element in svg.iter(f"{SVG}text") if element.get("class") == "chart-value"]
    years = [element.text for element in svg.iter(f"{SVG}text") if element.get("class") == "chart-year"]
    assert values == [str(year["pledges"]) for year in SPANS[span]]
    assert years == [str(year["year"]) for year in SPANS[span]]


def test_chart_reads_in_black_and_white_each_rating_with_its_own_fill_shown_in_the_legend():
    chart = pledge_chart({"years": SPANS["5 years"] + [year_figures(2021, 27, 27, (0, 0, 0, 0))]})
    svg = chart_svg(SPANS["5 years"])

    legend = {entry["key"]: entry["fill"] for entry in chart["legend"]}
    assert set(legend) == {*RATINGS, "not_rated"}
    assert len(set(legend.values())) == len(legend)  # no two parts look alike
    for bar in chart["bars"]:
        for segment in bar["segments"]:
            assert segment["fill"] == legend[segment["key"]]
    for fill in legend.values():
        if fill.startswith("#"):  # a plain fill is a grey: it prints the same without colour
            digits = fill[1:] if len(fill) == 7 else "".join(digit * 2 for digit in fill[1:])
            assert digits[0:2] == digits[2:4] == digits[4:6], fill
        else:  # a pattern, defined in the drawing, drawn in black and white only
            pattern_id = fill.removeprefix("url(#").removesuffix(")")
            pattern = next(p for p in svg.iter(f"{SVG}pattern") if p.get("id") == pattern_id)
            colours = {e.get(a) for e in pattern.iter() for a in ("fill", "stroke") if e.get(a)}
            assert colours <= {"#000", "#fff"}, colours
    legend_texts = {element.text for element in svg.iter(f"{SVG}text")}
    assert {"Xuất sắc", "Tốt", "Hoàn thành", "Không hoàn thành"} <= legend_texts


def test_chart_segments_stack_up_to_the_pledges_and_leave_the_unrated_part_white():
    chart = pledge_chart({"years": [year_figures(2021, 27, 27, (5, 10, 0, 0))]})

    bar = chart["bars"][0]
    assert [(segment["key"], segment["count"]) for segment in bar["segments"]] == [
        ("excellent", 5),
        ("good", 10),
        ("not_rated", 12),
    ]
    assert bar["top"] == min(segment["y"] for segment in bar["segments"])
    assert sum(segment["height"] for segment in bar["segments"]) == bar["height"]


def test_chart_of_no_year_draws_nothing():
    assert pledge_chart({"years": []})["bars"] == []
    html = render_to_string(
        "reports/_report_appendix.html",
        {"report": None, "figures": {"years": [], "cases": [], "praises": [], "proposals": []}, "chart": {}},
    )
    assert "<svg" not in html


# --- numbers and their words ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "written"),
    [
        (0, "0"),
        (1, "01"),
        (5, "05"),
        (7, "07"),
        (9, "09"),
        (10, "10"),
        (27, "27"),
        (100, "100"),
        (1000, "1000"),
    ],
)
def test_count_writes_one_to_nine_with_a_leading_zero_and_ten_and_more_plain(number, written):
    assert count(number) == written


def test_count_refuses_a_negative_number():
    with pytest.raises(ValueError):
        count(-1)


def test_count_filter_writes_counts_in_templates_by_the_same_rule():
    template = Template("{% load party_format %}{{ a|count }} năm, {{ b|count }} đảng viên, {{ c|count }}")

    assert template.render(Context({"a": 5, "b": 27, "c": None})) == "05 năm, 27 đảng viên, "


def test_a_number_stays_with_its_word_and_a_document_number_stays_whole():
    html = section_html(
        "Trong {so_nam} năm, kiểm tra {so} đảng viên theo Chỉ thị số 05-CT/TW.", {"so_nam": "05", "so": "27"}
    )

    assert "05\u00a0năm" in html
    assert "27\u00a0đảng viên" in html
    assert '<span class="nowrap">05-CT/TW</span>' in html


def test_a_date_may_break_between_its_parts_but_each_part_stays_whole():
    html = section_html("Kế hoạch số 06-KH/CB, ngày 16 tháng 01 năm 2017 và 15/04/2021.", {})

    assert "ngày\u00a016 tháng\u00a001 năm\u00a02017" in html
    assert '<span class="nowrap">15/04/2021</span>' in html
    assert "01\u00a0năm" not in html
