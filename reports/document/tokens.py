"""The figures that a report's texts name as {tokens}: the value of each, worded from the figures
of the period as a Party document writes them (counts, rates, citations of the documents it
answers), and what each means, shown beside the editor and in the list of a draft's gaps. The
texts are Vietnamese whatever language the page is read in (see `texts`)."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from oversight.choices import Conclusion
from plans.choices import DocumentDirection, DocumentKind
from reports.choices import ReportKind
from reports.document.wording import citation_date, padded, percent

KIND_WORDS = {
    DocumentKind.PLAN: "Kế hoạch",
    DocumentKind.REGULATION: "Quy định",
    DocumentKind.DECISION: "Quyết định",
}

# The documents that the report answers: the Directive, and since 18/05/2021 the Conclusion
# under which the work goes on. Their first mention is the full citation.
DIRECTIVE_05 = (
    "Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị (khóa XII) về đẩy mạnh học tập và làm theo "
    "tư tưởng, đạo đức, phong cách Hồ Chí Minh"
)
CONCLUSION_01 = (
    "Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW"
)
CONCLUSION_01_DATE = date(2021, 5, 18)

# What each token means, shown beside the editor and in the list of a draft's gaps.
COMMON_TOKEN_HELP = {
    "so_dang_vien": _("members at the end of the period"),
    "so_nam": _("the years the report names, as its header sets them"),
    "ky_bao_cao": _("the period in words (05 năm, năm 2021)"),
    "so_ket_tong_ket": _("“sơ kết”, or “tổng kết” for a review of 10 years or more"),
    "van_ban_chi_dao": _("the documents the report answers, cited in full"),
    "chi_thi": _("the documents the report answers, cited briefly"),
    "ty_le_dang_ky": _("members with a yearly pledge, per cent"),
    "con_chua_dang_ky": _("the years in which members had no pledge on the report's date, with their count"),
    "chua_dang_ky": _("members without a pledge after the year's deadline, per year"),
    "dang_ky_sau_han": _("members who filed their pledge after the year's deadline, per year"),
    "buoi_thu_hai_ke_hoach": _("Monday sessions planned"),
    "buoi_thu_hai_da_to_chuc": _("Monday sessions held"),
    "ty_le_thu_hai": _("Monday sessions held of those planned, per cent"),
    "buoi_chua_to_chuc": _("Monday sessions planned and not held"),
    "dang_vien_kiem_tra": _("members inspected on Directive 05"),
    "dang_vien_giam_sat": _("members supervised on Directive 05"),
    "dang_vien_thuc_hien_tot": _("members whose inspection or supervision found they did well"),
    "dang_vien_han_che": _("members whose inspection or supervision pointed out shortcomings"),
    "dang_vien_vi_pham": _("members whose inspection or supervision found a violation"),
    "dong_chi_bieu_duong": _("comrades praised by the cell"),
    "luot_tap_the": _("proposals for collectives"),
    "luot_ca_nhan": _("proposals for individuals"),
}
TOKEN_HELP = {
    "ten_chi_bo": _("the cell's name"),
    "so_to_dang": _("party groups"),
    "huong_dan_cap_tren": _("the superior committee's guidance that the report answers"),
    "chuyen_de": _("the year's theme with its title, or the yearly themes of a review"),
    "van_ban_chi_bo": _("the cell's plans"),
    "van_ban_cap_tren": _("the superior committee's plans"),
    "quy_dinh_chi_bo": _("the cell's regulations, with their subjects from the register"),
    "noi_dung_dot_pha": _("key and breakthrough contents"),
    "ban_thuong_vu": _("the superior Standing Committee on the report's date"),
    "ban_thuong_vu_khen_thuong": _("the Standing Committees the proposals for a reward went to"),
    "to_chua_sinh_hoat": _("the party groups whose Monday sessions were not held, with their count"),
    **COMMON_TOKEN_HELP,
}


def _citation(document: dict, *, with_issuer: bool) -> str:
    word = KIND_WORDS.get(document["kind"], document["kind_label"])
    text = f"{word} số {document['number']}, {citation_date(date.fromisoformat(document['issued_on']))}"
    return f"{text} của {document['issuer']}" if with_issuer else text


def _regulation(document: dict) -> str:
    """ "Quy định số 02-QĐ/CB về chuẩn mực đạo đức …": the regulation's subject is its title in
    the register, so that a corrected title corrects the report."""
    # The figures frozen by a report made final before titles were read hold none.
    title = document.get("title", "").strip().removeprefix("Quy định").strip()
    cited = f"Quy định số {document['number']}"
    return f"{cited} {_about(title)}" if title else cited


def _about(title: str) -> str:
    """A document's title after "về": "Sơ kết 05 năm…" reads "về sơ kết 05 năm…"; a title that
    begins with a name ("Chỉ thị số…", "Hồ Chí Minh") keeps its capital."""
    title = title.strip().rstrip(".")
    if title.startswith("về "):
        return title
    first = title.split(" ", 1)[0]
    if first in NAMES_THAT_KEEP_THEIR_CAPITAL:
        return f"về {title}"
    return f"về {title[:1].lower()}{title[1:]}"


NAMES_THAT_KEEP_THEIR_CAPITAL = {
    *("Chỉ", "Nghị", "Kết", "Quy", "Kế", "Hướng", "Quyết"),  # a document's kind: "Chỉ thị số …"
    *("Hồ", "Bác", "Đảng", "Nhân"),  # Hồ Chí Minh, Bác, Đảng, Nhân dân
}


def _guidance(figures: dict, standing_committee: str) -> str:
    """The superior committee's guidance that the report answers, cited in full; without one
    in the register, its Standing Committee's guidance in general words (the preview asks for
    its number)."""
    if not figures.get("guidance"):
        return f"hướng dẫn của {standing_committee}"
    return guidance_citation(figures["guidance"])


def guidance_citation(guidance: dict) -> str:
    """A guidance of the register cited by its number, date and issuer: "Hướng dẫn số
    15-HD/BTGDVTU, ngày 05/3/2026 của Ban Tuyên giáo và Dân vận Tỉnh ủy". Its subject, the
    review of the Directive, is what the opening states next: said once."""
    issued = citation_date(date.fromisoformat(guidance["issued_on"]))
    return f"Hướng dẫn số {guidance['number']}, {issued} của {guidance['issuer']}"


def _under_conclusion_01(figures: dict) -> bool:
    return date.fromisoformat(figures["as_of"]) >= CONCLUSION_01_DATE


def _period_words(figures: dict, kind: str, span: int) -> str:
    if kind == ReportKind.YEARLY or figures["start_year"] == figures["end_year"]:
        return f"năm {figures['end_year']}"
    return f"{padded(span)} năm"


def _members_per_year(figures: dict, count) -> str:
    """ "02 đảng viên (năm 2018), 01 đảng viên (năm 2020)": `count` of each year's figures,
    the years of none left out; in a report of one year, the count alone."""
    counted = [(year["year"], count(year)) for year in figures["years"]]
    counted = [(year, number) for year, number in counted if number > 0]
    if len(figures["years"]) == 1:
        return f"{padded(counted[0][1])} đảng viên" if counted else ""
    return ", ".join(f"{padded(number)} đảng viên (năm {year})" for year, number in counted)


def without_pledge(figures: dict) -> str:
    """The members without a pledge once the year's deadline had passed, per year. Empty when
    every member filed, or may still file."""
    # The figures frozen by a report made final before deadlines were read count every member
    # without a pledge.
    return _members_per_year(
        figures, lambda year: year.get("pledges_missing", year["members"] - year["pledges"])
    )


def not_yet_pledged(figures: dict) -> str:
    """ "năm 2026 còn 05 đồng chí chưa đăng ký": the years in which members had no pledge on the
    report's date, whatever the deadline, or empty. A review states it beside the yearly rate,
    which a rate over all its member-years would hide."""
    return ", ".join(
        f"năm {year['year']} còn {padded(year['members'] - year['pledges'])} đồng chí chưa đăng ký"
        for year in figures["years"]
        if year["members"] > year["pledges"]
    )


def _themes(figures: dict) -> str:
    """ "chuyên đề năm 2019 “Xây dựng ý thức tôn trọng Nhân dân…”": a year's theme by its title;
    a review's, the yearly themes."""
    if not one_year(figures):
        return "các chuyên đề hằng năm"
    year = figures["end_year"]
    theme = next((row["theme"] for row in figures.get("themes", []) if row["year"] == year), "")
    return f"chuyên đề năm {year} “{theme.strip()}”" if theme.strip() else f"chuyên đề năm {year}"


def late_pledges(figures: dict) -> str:
    """The members who filed their pledge after the year's deadline, per year, or empty."""
    return _members_per_year(figures, lambda year: year.get("pledges_late", 0))


def by_conclusion(figures: dict) -> dict[str, int]:
    # The figures frozen by a report made final before they were counted have none.
    return figures.get("members_by_conclusion") or dict.fromkeys(Conclusion.values, 0)


def common_tokens(figures: dict, kind: str, span: int) -> dict[str, str]:
    """The tokens that a cell's report and a committee's share: the years it names (`span`, the
    report's own field), the documents it answers, and the counts of the period."""
    after_2021 = _under_conclusion_01(figures)
    concluded = by_conclusion(figures)
    return {
        "so_dang_vien": padded(figures["members"]),
        "so_nam": padded(span),
        "ky_bao_cao": _period_words(figures, kind, span),
        "so_ket_tong_ket": review_word(span).lower(),
        "van_ban_chi_dao": f"{DIRECTIVE_05} và {CONCLUSION_01}" if after_2021 else DIRECTIVE_05,
        "chi_thi": "Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW của Bộ Chính trị"
        if after_2021
        else "Chỉ thị số 05-CT/TW của Bộ Chính trị",
        "ty_le_dang_ky": percent(figures["pledge_rate"]),
        "con_chua_dang_ky": not_yet_pledged(figures),
        "chua_dang_ky": without_pledge(figures),
        "dang_ky_sau_han": late_pledges(figures),
        "buoi_thu_hai_ke_hoach": padded(figures["monday_planned"]),
        "buoi_thu_hai_da_to_chuc": padded(figures["monday_held"]),
        "ty_le_thu_hai": percent(100 * figures["monday_held"] / figures["monday_planned"])
        if figures["monday_planned"]
        else "",
        "buoi_chua_to_chuc": padded(max(figures["monday_planned"] - figures["monday_held"], 0)),
        "dang_vien_kiem_tra": padded(figures["members_inspected"]),
        "dang_vien_giam_sat": padded(figures["members_supervised"]),
        "dang_vien_thuc_hien_tot": padded(concluded[Conclusion.GOOD]),
        "dang_vien_han_che": padded(concluded[Conclusion.SHORTCOMINGS]),
        "dang_vien_vi_pham": padded(concluded[Conclusion.VIOLATION]),
        "dong_chi_bieu_duong": padded(figures["comrades_praised"]),
        "luot_tap_the": padded(figures["proposals_collective"]),
        "luot_ca_nhan": padded(figures["proposals_individual"]),
    }


def tokens(figures: dict, *, standing_committee: str, kind: str, span: int) -> dict[str, str]:
    """The value of every token, from the figures of the period; `standing_committee` is the
    superior Standing Committee of the report's date, which it is addressed to. A list with
    nothing in it is empty, a count of nothing is "0": both are gaps (see `gaps`)."""
    documents = figures["documents"]
    issued = [d for d in documents if d["direction"] == DocumentDirection.ISSUED]
    received = [d for d in documents if d["direction"] == DocumentDirection.RECEIVED]
    return {
        **common_tokens(figures, kind, span),
        "ten_chi_bo": figures["cell"],
        "so_to_dang": padded(figures["party_groups"]),
        "huong_dan_cap_tren": _guidance(figures, standing_committee),
        "chuyen_de": _themes(figures),
        "van_ban_chi_bo": "; ".join(
            _citation(d, with_issuer=False) for d in issued if d["kind"] == DocumentKind.PLAN
        ),
        "van_ban_cap_tren": "; ".join(_citation(d, with_issuer=True) for d in received),
        "quy_dinh_chi_bo": "; ".join(_regulation(d) for d in issued if d["kind"] == DocumentKind.REGULATION),
        "noi_dung_dot_pha": "; ".join(figures["key_contents"]),
        "ban_thuong_vu": standing_committee,
        # Each proposal went to the Standing Committee of its own day (a district's until
        # 30/06/2025): named as they were, whatever the report's date.
        "ban_thuong_vu_khen_thuong": " và ".join(figures.get("proposals_to", [])),
        "to_chua_sinh_hoat": not_held_by(figures.get("monday_not_held_by_group", []), "group"),
    }


def not_held_by(rows: list[dict], name: str) -> str:
    """ "Tổ đảng số 2: 02 buổi, Tổ đảng số 4: 01 buổi": the Monday sessions not held of each
    group (or cell) named by `name`, or empty."""
    return ", ".join(f"{row[name]}: {padded(row['count'])} buổi" for row in rows)


def review_word(span: int) -> str:
    """A review of ten years or more is a "tổng kết", a shorter one a "sơ kết"."""
    return "Tổng kết" if span >= 10 else "Sơ kết"


def one_year(f: dict) -> bool:
    return f["start_year"] == f["end_year"]
