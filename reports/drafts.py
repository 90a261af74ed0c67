"""The draft texts of a report's sections, the figures they name, and the gaps a draft has.

A report is written in Vietnamese, the language of the Party's documents, whatever language
the secretary reads the site in: these texts are the report's content, not the interface.
Each draft names its figures as {tokens}; the program places the figures from the records,
so that a figure that changes in the records changes the report until it is final. The drafts
are written when the report is made, from the figures of that moment: a sentence whose figure
is nothing takes its wording for "none" instead of printing "0" or an empty list.
"""

import re
from datetime import date

from django.utils.translation import gettext_lazy as _

from cell05.periods import Period
from members.choices import CommitteeKind
from plans.choices import DocumentDirection, DocumentKind
from reports.choices import ReportKind, SectionKey
from reports.formatting import TOKEN, padded, party_date_text, percent, place_tokens

STANDING_COMMITTEE = {
    CommitteeKind.DISTRICT: "Ban Thường vụ Huyện ủy",
    CommitteeKind.COMMUNE: "Ban Thường vụ Đảng ủy xã",
    CommitteeKind.WARD: "Ban Thường vụ Đảng ủy phường",
    CommitteeKind.PROVINCE: "Ban Thường vụ Tỉnh ủy",
    CommitteeKind.OTHER: "Ban Thường vụ cấp ủy cấp trên",
}

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
TOKEN_HELP = {
    "ten_chi_bo": _("the cell's name"),
    "so_to_dang": _("party groups"),
    "so_dang_vien": _("members at the end of the period"),
    "so_nam": _("years of the period"),
    "ky_bao_cao": _("the period in words (05 năm, năm 2021)"),
    "van_ban_chi_dao": _("the documents the report answers, cited in full"),
    "chi_thi": _("the documents the report answers, cited briefly"),
    "ty_le_dang_ky": _("members with a yearly pledge, per cent"),
    "van_ban_chi_bo": _("the cell's plans"),
    "van_ban_cap_tren": _("the superior committee's plans"),
    "quy_dinh_chi_bo": _("the cell's regulations"),
    "noi_dung_dot_pha": _("key and breakthrough contents"),
    "buoi_thu_hai_ke_hoach": _("Monday sessions planned"),
    "buoi_thu_hai_da_to_chuc": _("Monday sessions held"),
    "dang_vien_kiem_tra": _("members inspected on Directive 05"),
    "dang_vien_giam_sat": _("members supervised on Directive 05"),
    "dong_chi_bieu_duong": _("comrades praised by the cell"),
    "luot_tap_the": _("proposals for collectives"),
    "luot_ca_nhan": _("proposals for individuals"),
    "ban_thuong_vu": _("the superior Standing Committee"),
}


def _document_reference(document: dict, *, with_issuer: bool) -> str:
    word = KIND_WORDS.get(document["kind"], document["kind_label"])
    text = f"{word} số {document['number']}, {party_date_text(date.fromisoformat(document['issued_on']))}"
    return f"{text} của {document['issuer']}" if with_issuer else text


def _under_conclusion_01(figures: dict) -> bool:
    return date.fromisoformat(figures["as_of"]) >= CONCLUSION_01_DATE


def _period_words(figures: dict, kind: str) -> str:
    if kind == ReportKind.YEARLY or figures["start_year"] == figures["end_year"]:
        return f"năm {figures['end_year']}"
    return f"{padded(figures['year_count'])} năm"


def _common_tokens(figures: dict, kind: str) -> dict[str, str]:
    """The tokens that a cell's report and a committee's share: the period, the documents it
    answers, and the counts of the period."""
    after_2021 = _under_conclusion_01(figures)
    return {
        "so_dang_vien": padded(figures["members"]),
        "so_nam": padded(figures["year_count"]),
        "ky_bao_cao": _period_words(figures, kind),
        "van_ban_chi_dao": f"{DIRECTIVE_05} và {CONCLUSION_01}" if after_2021 else DIRECTIVE_05,
        "chi_thi": "Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW của Bộ Chính trị"
        if after_2021
        else "Chỉ thị số 05-CT/TW của Bộ Chính trị",
        "ty_le_dang_ky": percent(figures["pledge_rate"]),
        "buoi_thu_hai_ke_hoach": padded(figures["monday_planned"]),
        "buoi_thu_hai_da_to_chuc": padded(figures["monday_held"]),
        "dang_vien_kiem_tra": padded(figures["members_inspected"]),
        "dang_vien_giam_sat": padded(figures["members_supervised"]),
        "dong_chi_bieu_duong": padded(figures["comrades_praised"]),
        "luot_tap_the": padded(figures["proposals_collective"]),
        "luot_ca_nhan": padded(figures["proposals_individual"]),
    }


def tokens(figures: dict, *, committee_kind: str, kind: str) -> dict[str, str]:
    """The value of every token, from the figures of the period. A list with nothing in it
    is empty, a count of nothing is "0": both are gaps (see `gaps`)."""
    documents = figures["documents"]
    issued = [d for d in documents if d["direction"] == DocumentDirection.ISSUED]
    received = [d for d in documents if d["direction"] == DocumentDirection.RECEIVED]
    return {
        **_common_tokens(figures, kind),
        "ten_chi_bo": figures["cell"],
        "so_to_dang": padded(figures["party_groups"]),
        "van_ban_chi_bo": "; ".join(
            _document_reference(d, with_issuer=False) for d in issued if d["kind"] == DocumentKind.PLAN
        ),
        "van_ban_cap_tren": "; ".join(_document_reference(d, with_issuer=True) for d in received),
        "quy_dinh_chi_bo": "; ".join(
            f"Quy định số {d['number']}" for d in issued if d["kind"] == DocumentKind.REGULATION
        ),
        "noi_dung_dot_pha": "; ".join(figures["key_contents"]),
        "ban_thuong_vu": STANDING_COMMITTEE[committee_kind],
    }


def default_title(period: Period, kind: str) -> str:
    """A yearly report gives the results of its year; a review of ten years or more is a
    "tổng kết", a shorter one a "sơ kết"."""
    if kind == ReportKind.YEARLY:
        return f"Kết quả thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị năm {period.last_day.year}"
    word = "Tổng kết" if period.year_count >= 10 else "Sơ kết"
    subject = "Chỉ thị số 05-CT/TW của Bộ Chính trị"
    if period.last_day >= CONCLUSION_01_DATE:
        subject = "Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW của Bộ Chính trị"
    return f"{word} {padded(period.year_count)} năm thực hiện {subject}"


def _issued(figures: dict, kind: str) -> list[dict]:
    return [
        d for d in figures["documents"] if d["direction"] == DocumentDirection.ISSUED and d["kind"] == kind
    ]


def _has_results(f: dict) -> bool:
    """Whether the records hold any work done in the period, for the sentences that praise it."""
    return bool(f["pledges"] or f["monday_held"] or f["members_inspected"] or f["members_supervised"])


def _one_year(f: dict) -> bool:
    return f["start_year"] == f["end_year"]


def _situation(f: dict) -> str:
    if not f["members"]:
        return (
            "Đến ngày báo cáo, chương trình chưa có danh sách đảng viên của {ten_chi_bo}; các số liệu "
            "dưới đây cần được Chi ủy bổ sung trước khi gửi báo cáo."
        )
    size = (
        "{ten_chi_bo} hiện có {so_to_dang} tổ đảng, với tổng số {so_dang_vien} đảng viên."
        if f["party_groups"]
        else "{ten_chi_bo} hiện có {so_dang_vien} đảng viên."
    )
    result = " và đạt được những kết quả tích cực" if _has_results(f) else ""
    return (
        f"{size} Nhận thức rõ ý nghĩa, tầm quan trọng của việc học tập và làm theo tư tưởng, đạo đức, "
        "phong cách Hồ Chí Minh, {ten_chi_bo} đã tập trung lãnh đạo, chỉ đạo triển khai thực hiện "
        f"{{van_ban_chi_dao}} sâu rộng trong toàn thể cán bộ, đảng viên{result}."
    )


def _implementation(f: dict) -> str:
    issued_plans = _issued(f, DocumentKind.PLAN)
    received = [d for d in f["documents"] if d["direction"] == DocumentDirection.RECEIVED]
    text = (
        "Để triển khai thực hiện hiệu quả {chi_thi}, Chi ủy Chi bộ đã tổ chức quán triệt nội dung các văn "
        "bản chỉ đạo, hướng dẫn của cấp trên"
    )
    if received:
        text += ", trong đó có {van_ban_cap_tren}"
    if issued_plans:
        text += "; kịp thời ban hành {van_ban_chi_bo} để triển khai thực hiện ở Chi bộ"
    themes = "chuyên đề {ky_bao_cao}" if _one_year(f) else "các chuyên đề hằng năm"
    text += f". Đồng thời triển khai nghiêm túc việc học tập, quán triệt {themes}."
    if f["pledges"]:
        text += (
            " Sau khi học tập, quán triệt, {ty_le_dang_ky} cán bộ, đảng viên xây dựng bản kế hoạch cá nhân "
            "đăng ký những việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh theo "
            + ("chủ đề năm." if _one_year(f) else "chủ đề hằng năm.")
        )
    else:
        text += " Trong {ky_bao_cao}, Chi bộ chưa ghi nhận bản đăng ký học tập và làm theo của đảng viên."
    return text


def _key_contents(f: dict) -> str:
    if not f["key_contents"]:
        return "Trong {ky_bao_cao}, Chi bộ chưa xác định nội dung trọng tâm, đột phá để tập trung lãnh đạo."
    return (
        "Quá trình triển khai thực hiện, Chi bộ đã chú trọng việc lựa chọn các nội dung trọng tâm, đột phá "
        + ("trong năm" if _one_year(f) else "trong từng năm")
        + " để tập trung lãnh đạo, chỉ đạo giải quyết như: {noi_dung_dot_pha}. Qua đó, đã có "
        "những chuyển biến tích cực từ nhận thức đến hành động của mỗi cán bộ, đảng viên."
    )


def _monday(f: dict) -> str:
    text = ""
    if _issued(f, DocumentKind.REGULATION):
        text = (
            "Chi bộ đã xây dựng {quy_dinh_chi_bo} về chuẩn mực đạo đức của cán bộ, đảng viên học tập và làm "
            "theo tấm gương đạo đức Hồ Chí Minh. "
        )
    if f["monday_held"]:
        text += (
            "Chi bộ duy trì việc sinh hoạt 15 phút đầu giờ sáng thứ Hai hằng tuần về học tập và làm theo tư "
            "tưởng, đạo đức, phong cách Hồ Chí Minh: trong {ky_bao_cao}, các tổ đảng đã tổ chức "
            "{buoi_thu_hai_da_to_chuc} trên {buoi_thu_hai_ke_hoach} buổi theo lịch, đọc các bài viết, mẩu "
            "chuyện hoặc những lời dạy của Bác cho cán bộ, đảng viên cùng nghe."
        )
    else:
        text += "Trong {ky_bao_cao}, Chi bộ chưa ghi nhận buổi sinh hoạt 15 phút đầu giờ sáng thứ Hai nào."
    return text


def _oversight(f: dict) -> str:
    text = (
        "Xác định công tác kiểm tra, giám sát là một trong những nội dung quan trọng của công tác lãnh đạo, "
        "chỉ đạo, Chi bộ đã đưa nội dung kiểm tra, giám sát việc thực hiện {chi_thi} vào nội dung kiểm tra, "
        "giám sát đảng viên theo Điều 30 Điều lệ Đảng. "
    )
    done = []
    if f["members_inspected"]:
        done.append("kiểm tra {dang_vien_kiem_tra} đảng viên")
    if f["members_supervised"]:
        done.append("giám sát {dang_vien_giam_sat} đảng viên")
    if done:
        return f"{text}Trong {{ky_bao_cao}}, Chi ủy Chi bộ đã tiến hành {' và '.join(done)} về nội dung này."
    return (
        text
        + "Trong {ky_bao_cao}, Chi ủy Chi bộ chưa tiến hành kiểm tra, giám sát đảng viên về nội dung này."
    )


def _commendations(f: dict) -> str:
    text = (
        "Công tác biểu dương, khen thưởng các tập thể, cá nhân điển hình làm theo gương Bác được Chi ủy Chi "
        "bộ quan tâm thực hiện. "
    )
    done = []
    if f["comrades_praised"]:
        done.append(
            "biểu dương {dong_chi_bieu_duong} đồng chí có thành tích trong học tập, làm theo gương Bác"
        )
    proposed = []
    if f["proposals_collective"]:
        proposed.append("{luot_tap_the} lượt tập thể")
    if f["proposals_individual"]:
        proposed.append("{luot_ca_nhan} lượt cá nhân")
    if proposed:
        done.append("đề nghị {ban_thuong_vu} khen thưởng " + " và ".join(proposed) + " tiêu biểu")
    if done:
        return text + "Trong {ky_bao_cao}, Chi bộ đã " + "; ".join(done) + "."
    return text + (
        "Trong {ky_bao_cao}, Chi bộ chưa biểu dương, đề nghị khen thưởng tập thể, cá nhân nào về học tập "
        "và làm theo gương Bác."
    )


LIMITATIONS = "Bên cạnh những kết quả đạt được, việc thực hiện {chi_thi} vẫn còn một số khó khăn, hạn chế."
LIMITATIONS_NOTHING_DONE = "Việc thực hiện {chi_thi} còn nhiều khó khăn, hạn chế."
TASKS = (
    "Trong thời gian tới, để thực hiện có hiệu quả {chi_thi}, Chi bộ đề ra một số nhiệm vụ, giải pháp:\n"
    "Một là, tiếp tục quán triệt, tuyên truyền sâu rộng những nội dung cơ bản của {chi_thi} và Kế hoạch "
    "của {ban_thuong_vu} về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh và các "
    "kế hoạch thực hiện theo chủ đề hằng năm.\n"
    "Hai là, tiếp tục triển khai thực hiện nghiêm túc và có hiệu quả các nội dung, các nhiệm vụ đột phá của "
    "Chi bộ nhằm tạo chuyển biến rõ nét trong nhận thức, hành động của cán bộ, đảng viên.\n"
    "Ba là, thực hiện tốt việc đưa nội dung học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
    "vào các buổi sinh hoạt thường kỳ của Chi bộ; bố trí hợp lý các buổi sinh hoạt chuyên đề của Chi bộ để "
    "thực hiện công việc này.\n"
    "Bốn là, tiếp tục duy trì việc sưu tầm các bài viết, mẩu chuyện về tấm gương đạo đức Hồ Chí Minh đưa "
    "vào nội dung sinh hoạt 15 phút đầu giờ sáng thứ Hai hằng tuần; tổ chức đánh giá nghiêm túc việc thực "
    "hiện những việc cán bộ, đảng viên đã đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí "
    "Minh."
)
CONCLUSION = (
    "Có thể khẳng định, những kết quả đã đạt được trong thực hiện {chi_thi} ở {ten_chi_bo} đã tạo sức lan "
    "tỏa, sự chuyển biến tích cực trong nhận thức và hành động của cán bộ, đảng viên, góp phần xây dựng Đảng "
    "ngày càng trong sạch, vững mạnh."
)
CONCLUSION_NOTHING_DONE = (
    "Chi ủy Chi bộ sẽ tiếp tục lãnh đạo, chỉ đạo thực hiện {chi_thi} ở {ten_chi_bo} trong thời gian tới."
)


def default_sections(figures: dict) -> dict[str, str]:
    """The starting text of every section, each sentence worded for what the figures hold."""
    done = _has_results(figures)
    return {
        SectionKey.SITUATION: _situation(figures),
        SectionKey.IMPLEMENTATION: _implementation(figures),
        SectionKey.KEY_CONTENTS: _key_contents(figures),
        SectionKey.MONDAY: _monday(figures),
        SectionKey.OVERSIGHT: _oversight(figures),
        SectionKey.COMMENDATIONS: _commendations(figures),
        SectionKey.LIMITATIONS: LIMITATIONS if done else LIMITATIONS_NOTHING_DONE,
        SectionKey.TASKS: TASKS,
        SectionKey.CONCLUSION: CONCLUSION if done else CONCLUSION_NOTHING_DONE,
    }


# A piece of text up to the end of its sentence (. ! ?, kept) or of its line.
PIECE = re.compile(r"[^.!?\n]+[.!?]?")
NOTHING = {"", "0", "00", "0%"}


def sentences_with_figures(text: str):
    """The sentences of a text that name a figure, in one pass over it. A sentence ends at
    . ! ? or at the end of its line, and begins after the last : or ; before its first figure
    ("Trong {ky_bao_cao}: các tổ đảng..." is one sentence, "Kết quả: {so_dang_vien}..." begins
    at the figure). Each piece is read once: no search starts again inside it, so a line of
    20,000 characters costs no more than 20,000 characters in short lines."""
    for piece in PIECE.findall(text):
        first = TOKEN.search(piece) if "{" in piece else None
        if first:
            start = max(piece.rfind(":", 0, first.start()), piece.rfind(";", 0, first.start())) + 1
            yield piece[start:].strip()


def gaps(sections: list[tuple[str, str]], values: dict[str, str]) -> list[dict]:
    """The sentences of a report whose figure is nothing: an empty list where a reference goes,
    or a count of 0. `sections` are (label, text). Each gap: the section, the sentence as it
    reads, and the figure's meaning, once per figure of a sentence. A report with gaps cannot
    be made final."""
    nothing = {name for name, value in values.items() if value.strip() in NOTHING}
    written = [f"{{{name}}}" for name in nothing]
    found = []
    for label, text in sections:
        if not any(token in text for token in written):
            continue  # most texts, read at the speed of a substring search
        for sentence in sentences_with_figures(text):
            empty = [name for name in dict.fromkeys(TOKEN.findall(sentence)) if name in nothing]
            placed = place_tokens(sentence, values) if empty else ""
            found.extend(
                {"section": label, "sentence": placed, "token": name, "meaning": TOKEN_HELP.get(name, name)}
                for name in empty
            )
    return found


# The superior committee's report over its cells

COMMITTEE_TOKEN_HELP = {
    "ten_dang_uy": _("the committee's name"),
    "so_chi_bo": _("cells under the committee"),
    "chi_bo_du_dang_ky": _("cells where every member filed a pledge"),
    **{
        name: TOKEN_HELP[name]
        for name in (
            "so_dang_vien",
            "so_nam",
            "ky_bao_cao",
            "van_ban_chi_dao",
            "chi_thi",
            "ty_le_dang_ky",
            "buoi_thu_hai_ke_hoach",
            "buoi_thu_hai_da_to_chuc",
            "dang_vien_kiem_tra",
            "dang_vien_giam_sat",
            "dong_chi_bieu_duong",
            "luot_tap_the",
            "luot_ca_nhan",
        )
    },
}


def committee_tokens(figures: dict, *, kind: str) -> dict[str, str]:
    """The value of every token of a committee's report, from its summed figures."""
    return {
        **_common_tokens(figures, kind),
        "ten_dang_uy": figures["committee"],
        "so_chi_bo": padded(figures["cells_count"]),
        "chi_bo_du_dang_ky": padded(figures["cells_all_pledged"]),
    }


def _committee_situation(f: dict) -> str:
    if not f["cells_count"]:
        return "Đến ngày báo cáo, {ten_dang_uy} chưa có chi bộ trực thuộc trong chương trình."
    text = "{ten_dang_uy} hiện có {so_chi_bo} chi bộ trực thuộc"
    text += " với tổng số {so_dang_vien} đảng viên." if f["members"] else "; chưa có danh sách đảng viên."
    text += (
        " Thực hiện {van_ban_chi_dao}, Ban Thường vụ đã lãnh đạo, chỉ đạo các chi bộ trực thuộc triển khai "
        "việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh sâu rộng trong cán bộ, đảng viên"
    )
    return text + (" và đạt được những kết quả tích cực." if _has_results(f) else ".")


def _committee_implementation(f: dict) -> str:
    text = (
        "Các chi bộ đã tổ chức quán triệt nội dung {chi_thi}, các văn bản chỉ đạo, hướng dẫn của cấp trên "
        "và học tập " + ("chuyên đề {ky_bao_cao}." if _one_year(f) else "các chuyên đề hằng năm.")
    )
    if f["pledges"]:
        text += (
            " Sau khi học tập, quán triệt, {ty_le_dang_ky} đảng viên đã xây dựng bản kế hoạch cá nhân "
            "đăng ký những việc học tập và làm theo"
        )
        text += (
            "; {chi_bo_du_dang_ky} chi bộ có toàn bộ đảng viên đăng ký." if f["cells_all_pledged"] else "."
        )
    else:
        text += " Trong {ky_bao_cao}, các chi bộ chưa ghi nhận bản đăng ký học tập và làm theo của đảng viên."
    return text


def _committee_monday(f: dict) -> str:
    if f["monday_held"]:
        return (
            "Việc sinh hoạt 15 phút đầu giờ sáng thứ Hai hằng tuần được các chi bộ duy trì: trong "
            "{ky_bao_cao}, các chi bộ đã tổ chức {buoi_thu_hai_da_to_chuc} trên {buoi_thu_hai_ke_hoach} buổi "
            "theo lịch."
        )
    return "Trong {ky_bao_cao}, các chi bộ chưa ghi nhận buổi sinh hoạt 15 phút đầu giờ sáng thứ Hai nào."


def _committee_oversight(f: dict) -> str:
    done = []
    if f["members_inspected"]:
        done.append("kiểm tra {dang_vien_kiem_tra} đảng viên")
    if f["members_supervised"]:
        done.append("giám sát {dang_vien_giam_sat} đảng viên")
    if done:
        return (
            f"Các chi bộ đã đưa nội dung thực hiện {{chi_thi}} vào chương trình kiểm tra, giám sát theo "
            f"Điều 30 Điều lệ Đảng; trong {{ky_bao_cao}}, các chi ủy đã tiến hành {' và '.join(done)}."
        )
    return (
        "Trong {ky_bao_cao}, các chi bộ chưa tiến hành kiểm tra, giám sát đảng viên về thực hiện {chi_thi}."
    )


def _committee_commendations(f: dict) -> str:
    done = []
    if f["comrades_praised"]:
        done.append("biểu dương {dong_chi_bieu_duong} đồng chí")
    proposed = []
    if f["proposals_collective"]:
        proposed.append("{luot_tap_the} lượt tập thể")
    if f["proposals_individual"]:
        proposed.append("{luot_ca_nhan} lượt cá nhân")
    if proposed:
        done.append("đề nghị khen thưởng " + " và ".join(proposed))
    if done:
        return (
            "Trong {ky_bao_cao}, các chi bộ đã " + "; ".join(done) + " có thành tích tiêu biểu trong học tập "
            "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."
        )
    return "Trong {ky_bao_cao}, các chi bộ chưa biểu dương, đề nghị khen thưởng tập thể, cá nhân nào."


COMMITTEE_TASKS = (
    "Trong thời gian tới, {ten_dang_uy} tiếp tục lãnh đạo, chỉ đạo các chi bộ trực thuộc thực hiện có hiệu "
    "quả {chi_thi}; gắn việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh với nhiệm vụ "
    "chính trị của từng chi bộ; duy trì sinh hoạt 15 phút đầu giờ sáng thứ Hai; thực hiện nghiêm việc kiểm "
    "tra, giám sát và kịp thời biểu dương, khen thưởng các tập thể, cá nhân điển hình."
)


def committee_default_sections(figures: dict) -> dict[str, str]:
    done = _has_results(figures)
    return {
        SectionKey.SITUATION: _committee_situation(figures),
        SectionKey.IMPLEMENTATION: _committee_implementation(figures),
        SectionKey.KEY_CONTENTS: "",
        SectionKey.MONDAY: _committee_monday(figures),
        SectionKey.OVERSIGHT: _committee_oversight(figures),
        SectionKey.COMMENDATIONS: _committee_commendations(figures),
        SectionKey.LIMITATIONS: LIMITATIONS if done else LIMITATIONS_NOTHING_DONE,
        SectionKey.TASKS: COMMITTEE_TASKS,
        SectionKey.CONCLUSION: "",
    }
