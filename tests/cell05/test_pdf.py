"""The PDF exporter: Vietnamese text, the embedded font, A4 pages, page numbers, and a fetcher
that reads the project's static files and nothing else."""

import re
import unicodedata
import urllib.request
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from pypdf import PdfReader

from cell05 import pdf
from cell05.pdf import ForbiddenURL, StaticFilesFetcher, html_to_pdf, pdf_response, render_pdf

HEADER = {
    "issuer_superior": "ĐẢNG BỘ HUYỆN QUỐC OAI",
    "issuer": "CHI BỘ KHỐI ĐẢNG",
    "number": "Số 12-BC/CB",
    "place_date": "Quốc Oai, ngày 15 tháng 4 năm 2021",
}
VIETNAMESE = ["Chi bộ Khối Đảng", "Hồ Chí Minh", "Đảng Cộng sản Việt Nam", "Nguyễn Thị Đào"]
# No digit in it, so that any digit in a top margin is a page number.
FILLER = "Nội dung báo cáo của chi bộ về việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."
TOP_MARGIN = 20 * 72 / 25.4  # 20 mm in points
TEST_TEMPLATES = Path(__file__).resolve().parent / "templates"


@pytest.fixture(autouse=True)
def pdf_test_templates(settings):
    """The test documents of tests/cell05/templates, next to the project's templates. Only here:
    changing the templates' setting makes Django compile every template again."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES]}, *settings.TEMPLATES[1:]]


def document(paragraphs) -> bytes:
    return render_pdf("pdf_tests/document.html", {**HEADER, "paragraphs": paragraphs})


def pages(pdf_bytes: bytes):
    return PdfReader(BytesIO(pdf_bytes)).pages


def text_of(pdf_bytes: bytes) -> str:
    return "\n".join(page.extract_text() for page in pages(pdf_bytes))


def top_margin_text(page) -> str:
    """The text printed in the top margin of a page (PDF y grows upwards)."""
    top = float(page.mediabox.top) - TOP_MARGIN
    parts = []

    def visit(text, cm, tm, font_dict, font_size):
        if tm[4] * cm[1] + tm[5] * cm[3] + cm[5] > top:
            parts.append(text)

    page.extract_text(visitor_text=visit)
    return "".join(parts).strip()


def font_names(pdf_bytes: bytes) -> set[str]:
    """The /BaseFont of every font the pages use, without the subset tag ("ABCDEF+")."""
    return {
        str(font.get_object()["/BaseFont"]).removeprefix("/").split("+", 1)[-1]
        for page in pages(pdf_bytes)
        for font in page["/Resources"]["/Font"].values()
    }


@pytest.fixture
def fetches(monkeypatch):
    """Every URL WeasyPrint asked the fetcher for, with "served" or "refused"."""
    calls = []
    fetch = StaticFilesFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = fetch(self, url, headers)
        except ForbiddenURL:
            calls.append((url, "refused"))
            raise
        calls.append((url, "served"))
        return response

    monkeypatch.setattr(StaticFilesFetcher, "fetch", spy)
    return calls


@pytest.fixture
def reads(monkeypatch):
    """Every file the fetcher opened, and no network or file access through urllib at all."""
    opened = []

    def recording_open(path, mode="r"):
        opened.append(path)
        return open(path, mode)

    monkeypatch.setattr(pdf, "open", recording_open, raising=False)

    def no_urllib(self, url, *args, **kwargs):
        raise AssertionError(f"urllib opened {url}")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_urllib)
    return opened


def test_vietnamese_text_comes_out_of_the_pdf_as_written():
    text = text_of(document([f"{words}." for words in VIETNAMESE]))

    for words in [*VIETNAMESE, *HEADER.values(), "ĐẢNG CỘNG SẢN VIỆT NAM"]:
        assert unicodedata.is_normalized("NFC", words)
        assert words in text


def test_pdf_embeds_liberation_serif_from_the_static_files_and_no_other_font(fetches):
    names = font_names(document(["Chi bộ Khối Đảng."]))

    # WeasyPrint names the fonts after family and style: "Liberation-Serif-Bold".
    assert {name.replace("-", "") for name in names} == {
        "LiberationSerif",
        "LiberationSerifBold",
        "LiberationSerifItalic",
    }
    static = "https://cell05.invalid/static/"
    served = {url.removeprefix(static) for url, outcome in fetches if outcome == "served"}
    assert served == {
        "css/print.css",
        "fonts/LiberationSerif-Regular.ttf",
        "fonts/LiberationSerif-Bold.ttf",
        "fonts/LiberationSerif-Italic.ttf",
        "fonts/LiberationSerif-BoldItalic.ttf",
    }


def test_pages_are_a4():
    page = pages(document(["Chi bộ Khối Đảng."]))[0]

    assert float(page.mediabox.width) == pytest.approx(595, abs=1)
    assert float(page.mediabox.height) == pytest.approx(842, abs=1)


def test_page_numbers_are_printed_at_the_top_from_the_second_page_on():
    document_pages = pages(document([FILLER] * 60))

    assert len(document_pages) >= 3
    assert top_margin_text(document_pages[0]) == ""
    for number, page in enumerate(document_pages[1:], start=2):
        assert top_margin_text(page) == str(number)


def test_page_numbers_are_upright_14_pt_and_centred_over_the_text():
    """Hướng dẫn 36-HD/VPTW: Arabic figures, 14 pt, upright, centred in the top margin."""
    page = pages(document([FILLER] * 60))[1]
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if (
            text.strip() == "2"
            and tm[4] * cm[1] + tm[5] * cm[3] + cm[5] > float(page.mediabox.top) - TOP_MARGIN
        ):
            found.append((tm[4] * cm[0] + cm[4], font_size * cm[0], str(font_dict["/BaseFont"])))

    page.extract_text(visitor_text=visit)

    assert len(found) == 1
    x, size, font = found[0]
    assert size == pytest.approx(14, abs=0.1)
    assert font.split("+", 1)[-1] == "Liberation-Serif"  # upright, not bold
    text_centre = (30 + (210 - 15)) / 2 * 72 / 25.4  # between the left and right margins
    assert x + 14 * 0.5 / 2 == pytest.approx(text_centre, abs=2)


def test_document_naming_outside_urls_renders_without_fetching_them(fetches, reads):
    text = text_of(render_pdf("pdf_tests/outside_urls.html", {}))

    assert "Chi bộ Khối Đảng" in text
    refused = {url for url, outcome in fetches if outcome == "refused"}
    assert refused == {
        "file:///etc/passwd",
        "https://cell05.invalid/media/uploads/style.css",
        "https://example.com/x.png",
        "file:///etc/hostname",
    }
    static = Path(settings.BASE_DIR, "static")
    assert reads
    assert all(Path(path).is_relative_to(static) for path in reads)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://example.com/static/css/print.css",
        "http://cell05.invalid/static/css/print.css",
        "https://cell05.invalid/media/uploads/photo.png",
        "https://cell05.invalid/static/../cell05/settings.py",
        "https://cell05.invalid/static/%2e%2e/cell05/settings.py",
        "https://cell05.invalid/static//etc/passwd",
        "https://cell05.invalid/static/css/missing.css",
        "ftp://cell05.invalid/static/css/print.css",
    ],
)
def test_fetcher_refuses_anything_but_a_static_file(url, reads):
    with pytest.raises(ForbiddenURL):
        StaticFilesFetcher().fetch(url)
    assert reads == []


def test_fetcher_serves_static_files_and_data_urls():
    fetcher = StaticFilesFetcher()

    stylesheet = fetcher.fetch("https://cell05.invalid/static/css/print.css?v=1#top")
    inline = fetcher.fetch("data:text/plain;charset=utf-8,Chi%20b%E1%BB%99")

    assert stylesheet.content_type == "text/css"
    assert b"@font-face" in stylesheet.read()
    assert inline.read().decode() == "Chi bộ"


def test_fetcher_serves_hashed_names_of_collected_static_files(settings, tmp_path, fetches):
    """In production {% static %} names the collected, hashed copy ("print.1a2b3c4d5e6f.css")."""
    settings.STATIC_ROOT = str(tmp_path / "collected")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    names = font_names(document(["Chi bộ Khối Đảng."]))

    served = [url for url, outcome in fetches if outcome == "served"]
    assert len(served) == 5
    assert all(re.search(r"\.[0-9a-f]{12}\.(css|ttf)$", url) for url in served)
    assert {name.replace("-", "") for name in names} >= {"LiberationSerif", "LiberationSerifBold"}


def test_html_to_pdf_makes_a_pdf_of_plain_html():
    result = html_to_pdf("<p>Đảng Cộng sản Việt Nam</p>")

    assert result.startswith(b"%PDF-")
    assert "Đảng Cộng sản Việt Nam" in text_of(result)


@pytest.mark.parametrize(
    ("name", "filename", "encoded"),
    [
        (
            "Bản đăng ký Nguyễn Thị Đào 2021",
            "ban-dang-ky-nguyen-thi-dao-2021.pdf",
            "B%E1%BA%A3n%20%C4%91%C4%83ng%20k%C3%BD%20Nguy%E1%BB%85n%20Th%E1%BB%8B%20%C4%90%C3%A0o%202021.pdf",
        ),
        ("ĐẢNG BỘ HUYỆN.pdf", "dang-bo-huyen.pdf", "%C4%90%E1%BA%A2NG%20B%E1%BB%98%20HUY%E1%BB%86N.pdf"),
        (unicodedata.normalize("NFD", "Đảng viên"), "dang-vien.pdf", "%C4%90%E1%BA%A3ng%20vi%C3%AAn.pdf"),
        ("***", "document.pdf", "document.pdf"),
    ],
)
def test_pdf_response_shows_the_pdf_inline_under_a_vietnamese_and_an_ascii_name(name, filename, encoded):
    response = pdf_response(b"%PDF-1.7 test", name)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"inline; filename=\"{filename}\"; filename*=UTF-8''{encoded}"
    assert response["Content-Disposition"].isascii()
    assert response.content == b"%PDF-1.7 test"
