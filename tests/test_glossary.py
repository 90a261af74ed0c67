"""The interface's Vietnamese follows locale/glossary.md: one term per concept, one register.

The checks are functions over (source name, text) pairs, so that any text of the application
(the catalogue, the templates, the report drafts, the demonstration data) can be read by the
same rules: `forbidden_uses(pairs, glossary_variants())`.
"""

import ast
import gettext
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from django.utils import translation

from plans.choices import PledgeState
from reports.choices import ReportState

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "locale" / "glossary.md"
CATALOGUE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.mo"
TERMS = "Terms"
REGISTER = "Register of messages"

# The report print templates and drafts and the demonstration data are being rewritten (issue
# 16): check them here once they follow the glossary.
# The report drafts and the demonstration data are documents: they follow the terms, and quote
# Hồ Chí Minh, who writes "Hãy …", so the register of messages is not theirs.
DOCUMENT_MODULES = {
    "reports/document/texts.py",
    "reports/document/tokens.py",
    "reports/document/committee_texts.py",
    "members/demo.py",
    "oversight/demo.py",
}
DOCUMENT_PACKAGES = {"plans/demo"}
# Its patterns recognise the old spellings ("khoá") in what the secretary types, on purpose; the
# Monday module corrects the holidays library's "Nguyên Đán".
MODULES_THAT_READ_VARIANTS = {"reports/document/wording.py", "plans/services/monday.py"}
PRODUCT_PACKAGES = [
    "cell05",
    "jobs",
    "members",
    "notifications",
    "plans",
    "oversight",
    "reports",
    "operations",
]


@dataclass(frozen=True)
class Variant:
    table: str
    concept: str
    text: str

    @property
    def pattern(self) -> re.Pattern:
        # Whole words only, case as written (the glossary's matching rules).
        return re.compile(rf"(?<!\w){re.escape(self.text)}(?!\w)")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def parse_glossary(markdown: str) -> list[Variant]:
    """The forbidden variants of each table of the glossary, under its `## ` heading: the last
    column's backticked texts."""
    variants = []
    table = ""
    for line in nfc(markdown).splitlines():
        if line.startswith("## "):
            table = line[3:].strip()
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) < 4 or cells[0] in {"concept", ""} or set(cells[0]) <= {"-"}:
            continue
        variants += [Variant(table, cells[0], text) for text in re.findall(r"`([^`]+)`", cells[-1])]
    return variants


@cache
def glossary_variants(*tables: str) -> tuple[Variant, ...]:
    """The glossary's forbidden variants, of the tables named (all if none)."""
    variants = parse_glossary(GLOSSARY.read_text(encoding="utf-8"))
    return tuple(variant for variant in variants if not tables or variant.table in tables)


def forbidden_uses(texts: Iterable[tuple[str, str]], variants: Iterable[Variant]) -> list[str]:
    """Each place where a text uses a forbidden variant: "source: `variant` (concept) in «…»"."""
    variants = list(variants)
    found = []
    for source, text in texts:
        text = nfc(text)
        for variant in variants:
            for match in variant.pattern.finditer(text):
                excerpt = text[max(0, match.start() - 30) : match.end() + 30].replace("\n", " ")
                found.append(f"{source}: `{variant.text}` ({variant.concept}) in «{excerpt}»")
    return found


def catalogue_texts() -> list[tuple[str, str]]:
    """Every msgstr of the compiled Vietnamese catalogue (kept equal to its source by
    tests/test_i18n.py), named by its msgid."""
    with CATALOGUE.open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    pairs = []
    for key, msgstr in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid:  # the header
            pairs.append((f"django.po «{msgid.replace(chr(4), ' | ')}»", msgstr))
    return pairs


def template_texts() -> list[tuple[str, str]]:
    """The text of every template: what is Vietnamese in it is written there, the rest is
    English msgids and markup, which no variant matches."""
    folder = ROOT / "templates"
    return [
        (f"templates/{name}", path.read_text(encoding="utf-8"))
        for path in sorted(folder.rglob("*.html"))
        if (name := path.relative_to(folder).as_posix())
    ]


def is_document(name: str) -> bool:
    return name in DOCUMENT_MODULES or any(name.startswith(f"{folder}/") for folder in DOCUMENT_PACKAGES)


def python_texts(*, documents: bool = False) -> list[tuple[str, str]]:
    """The string literals of the product's modules (their migrations aside), by file and line:
    the Vietnamese written in code, such as the member list's column headers; with `documents`,
    those of the report drafts and the demonstration data alone."""
    pairs = []
    for package in PRODUCT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if (
                "migrations" in path.parts
                or name in MODULES_THAT_READ_VARIANTS
                or is_document(name) != documents
            ):
                continue
            pairs += [
                (f"{name}:{node.lineno}", node.value)
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
            ]
    return pairs


ADDRESS = re.compile(r"(?<!\w)bạn(?!\w)", re.IGNORECASE)
IMPERATIVE_START = re.compile(r"^\W*(hãy|vui lòng)(?!\w)", re.IGNORECASE)


def register_faults(texts: Iterable[tuple[str, str]]) -> list[str]:
    """Messages that call the user "bạn", or begin with "Hãy"/"Vui lòng", in any case."""
    return [
        f"{source}: «{text}»"
        for source, text in texts
        if ADDRESS.search(nfc(text)) or IMPERATIVE_START.search(nfc(text))
    ]


def test_glossary_forbids_the_variants_issue_16_names():
    texts = {variant.text for variant in glossary_variants()}
    assert {"thứ 2", "hàng năm", "năm học tập", "bản nháp", "phiên bản", "tin mới nhất", "tổ trực"} <= texts
    assert {"Việc tôi sẽ làm", "Hoạt động của chi bộ", "chạy nền", "quý 2"} <= texts
    assert {"bạn", "Vui lòng", "Hãy"} <= {variant.text for variant in glossary_variants(REGISTER)}


def test_glossary_forbids_the_variants_the_review_of_documents_names():
    texts = {variant.text for variant in glossary_variants(TERMS)}
    named = {"khuyết điểm, hạn chế", "vai trò trong chi bộ", "ngày vào Đảng chính thức", "Tết Nguyên Đán"}
    assert named <= texts


def test_glossary_forbids_the_variants_the_review_of_the_reports_names():
    texts = {variant.text for variant in glossary_variants(TERMS)}
    named = {"bản kế hoạch cá nhân", "chủ đề hằng năm", "phục vụ nhân dân", "đảm bảo", "mạng diện rộng"}
    assert named <= texts


def test_the_cells_yearly_programme_is_a_kế_hoạch_in_the_interface():
    # Not a forbidden variant: a committee's report says "chương trình kiểm tra, giám sát".
    assert [text for _source, text in catalogue_texts() if "hương trình kiểm tra" in text] == []
    with translation.override("vi"):
        heading = translation.gettext("Programme of %(year)s") % {"year": 2026}
    assert heading == "Kế hoạch kiểm tra, giám sát năm 2026"


def test_a_story_has_a_title_and_a_document_a_trích_yếu():
    with translation.override("vi"):
        titles = (translation.pgettext("story", "Title"), translation.gettext("Title"))
    assert titles == ("Tên bài", "Trích yếu")


def test_glossary_has_a_table_of_terms_and_one_of_the_register():
    assert {variant.table for variant in glossary_variants()} == {TERMS, REGISTER}


def test_catalogue_uses_no_forbidden_variant():
    assert forbidden_uses(catalogue_texts(), glossary_variants()) == []


def test_templates_use_no_forbidden_variant():
    assert forbidden_uses(template_texts(), glossary_variants()) == []


def test_vietnamese_written_in_code_uses_no_forbidden_variant():
    assert forbidden_uses(python_texts(), glossary_variants()) == []


def test_report_drafts_and_demonstration_data_use_no_forbidden_term():
    texts = python_texts(documents=True)
    assert {source.split(":")[0] for source, _text in texts} >= DOCUMENT_MODULES
    assert forbidden_uses(texts, glossary_variants(TERMS)) == []


def test_no_message_calls_the_user_bạn_or_begins_with_hãy_or_vui_lòng():
    assert register_faults(catalogue_texts()) == []


@pytest.mark.parametrize("variant", glossary_variants(), ids=lambda variant: variant.text)
def test_every_forbidden_variant_is_found_in_a_sentence(variant):
    text = f"Chi bộ {variant.text}, rồi tiếp."
    assert forbidden_uses([("sample", text)], [variant]) == [
        f"sample: `{variant.text}` ({variant.concept}) in «{text}»"
    ]


def test_forbidden_variant_is_found_in_decomposed_unicode():
    decomposed = unicodedata.normalize("NFD", "Sinh hoạt hàng tuần")
    assert len(forbidden_uses([("sample", decomposed)], glossary_variants(TERMS))) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Sinh hoạt 15 phút đầu giờ sáng thứ Hai hằng tuần.",
        "Buổi sinh hoạt thứ Hai ngày 15/05/2021.",
        "Buổi thứ hai; lần thứ hai.",
        "Đã tổ chức 10 lượt; hoán đổi hai lượt.",
        "Báo cáo quý II; Quý IV.",
        "Đồng chí Bí thư chi bộ; Phó Bí thư; Ban Chấp hành Đảng bộ khóa XII.",
        "Chi bộ xây dựng kế hoạch hằng năm.",
    ],
)
def test_texts_that_follow_the_glossary_pass(text):
    assert forbidden_uses([("sample", text)], glossary_variants()) == []


def test_ordinal_and_day_are_told_apart_by_case():
    found = forbidden_uses([("sample", "Buổi thứ hai, sinh hoạt thứ hai, thứ Hai")], glossary_variants(TERMS))
    assert [finding.split(" (")[0] for finding in found] == ["sample: `sinh hoạt thứ hai`"]


@pytest.mark.parametrize(
    "text",
    [
        "Bạn chưa có thông báo nào.",
        "Mời bạn đăng nhập.",
        "Hãy chọn năm.",
        "vui lòng gửi lại.",
        "— Hãy thử lại.",
    ],
)
def test_register_check_finds_bạn_and_imperatives(text):
    assert register_faults([("sample", text)]) == [f"sample: «{text}»"]


@pytest.mark.parametrize(
    "text", ["Đề nghị đồng chí thử lại.", "Chưa chọn năm.", "Đồng chí hãy… (a quotation)"]
)
def test_register_check_passes_the_register_of_the_glossary(text):
    assert register_faults([("sample", text)]) == []


def test_a_pledge_being_written_and_a_report_not_yet_issued_have_different_names():
    with translation.override("vi"):
        names = [str(PledgeState.DRAFT.label), str(ReportState.DRAFT.label), str(ReportState.FINAL.label)]
    assert names == ["Đang xây dựng", "Dự thảo", "Đã ban hành"]
