"""The draft texts of a cell's report, section by section (the figures they name are `tokens`'s).

A report is written in Vietnamese, the language of the Party's documents, whatever language
the secretary reads the site in: these texts are the report's content, not the interface.
Each draft names its figures as {tokens}; the program places the figures from the records,
so that a figure that changes in the records changes the report until it is final. The drafts
are written when the report is made, from the figures of that moment: a sentence whose figure
is nothing takes its wording for "none" instead of printing "0" or an empty list.
"""

import re
from datetime import date

from cell05.periods import Period
from oversight.choices import Conclusion
from plans.choices import DocumentDirection, DocumentKind
from reports.choices import ReportKind, SectionKey
from reports.document.tokens import (
    CONCLUSION_01_DATE,
    by_conclusion,
    late_pledges,
    not_yet_pledged,
    one_year,
    review_word,
    without_pledge,
)
from reports.document.wording import padded

# A member's pledge named in full, as the Directive names it.
PLEDGE = "bản đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"


def _studied(figures: dict) -> bool:
    """Whether the records hold a study session of the period (the figures frozen by a report
    made final before they were counted hold none)."""
    return any(year.get("study_sessions") for year in figures["years"])


def default_recipients(standing_committee: str) -> str:
    """What a cell's report is sent to: its superior Standing Committee, and the cell's files."""
    return f"- {standing_committee} (b/c),\n- Lưu Chi bộ."


def entered_sources(figures: dict, of: str = "Chi bộ") -> str:
    """The sentence under a report's appendix that says which years were entered from the
    cell's own reports, and from which: "Số liệu các năm 2016–2018 theo Báo cáo số 12-BC/CB
    ngày 20/12/2018, năm 2019 theo Báo cáo số 03-BC/CB ngày 15/12/2019 của Chi bộ." Consecutive
    years of one report are a span. Empty when every year is counted from records (and for the
    figures frozen by a report made final before years could be entered)."""
    spans = []
    for entry in figures.get("entered_years", []):
        source = (entry["number"], entry["date"])
        if spans and spans[-1]["last"] == entry["year"] - 1 and spans[-1]["source"] == source:
            spans[-1]["last"] = entry["year"]
        else:
            spans.append({"first": entry["year"], "last": entry["year"], "source": source})
    if not spans:
        return ""
    parts = []
    for span in spans:
        number, day = span["source"]
        years = (
            f"năm {span['first']}"
            if span["first"] == span["last"]
            else f"các năm {span['first']}–{span['last']}"
        )
        parts.append(f"{years} theo Báo cáo số {number} ngày {date.fromisoformat(day):%d/%m/%Y}")
    return f"Số liệu {', '.join(parts)} của {of}."


def review_words(span: int) -> str:
    """ "Sơ kết 05 năm", "Tổng kết 10 năm": how a review names itself and its years."""
    return f"{review_word(span)} {padded(span)} năm"


def default_title(period: Period, kind: str, span: int) -> str:
    """A yearly report gives the results of its year's studying and following, the year after
    them (not after "Bộ Chính trị"); a review names its years (`span`) and the Directive, with
    the Conclusion under which the work goes on from 18/05/2021."""
    if kind == ReportKind.YEARLY:
        return (
            "Kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
            f"năm {period.last_day.year}"
        )
    subject = "Chỉ thị số 05-CT/TW của Bộ Chính trị"
    if period.last_day >= CONCLUSION_01_DATE:
        subject = "Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW của Bộ Chính trị"
    return f"{review_words(span)} thực hiện {subject}"


def retitled(title: str, old_span: int, new_span: int) -> str:
    """A title that names the old span ("Sơ kết 09 năm…", "Báo cáo sơ kết 9 năm…") names the new
    one ("Tổng kết 10 năm…"), as the text's tokens do; the rest of the title stays as written."""

    def named(match: re.Match) -> str:
        words = review_words(new_span)
        return words if match.group(0)[0].isupper() else words.lower()

    return re.sub(rf"(?i)\b(?:sơ|tổng) kết 0*{old_span} năm", named, title)


def what_is_reported(f: dict) -> str:
    """What the opening says the report gives: the results of a year, or of the years of a
    review, of the documents cited in full (their first mention, which states their subject
    once). A review's years are a token, so that the span set in the header words them."""
    if one_year(f):
        return "kết quả thực hiện {van_ban_chi_dao} trong {ky_bao_cao}"
    return "kết quả {ky_bao_cao} thực hiện {van_ban_chi_dao}"


def _issued(figures: dict, kind: str) -> list[dict]:
    return [
        d for d in figures["documents"] if d["direction"] == DocumentDirection.ISSUED and d["kind"] == kind
    ]


def has_results(f: dict) -> bool:
    """Whether the records hold any work done in the period, for the sentences that praise it."""
    return bool(f["pledges"] or f["monday_held"] or f["members_inspected"] or f["members_supervised"])


def pledges_filed(f: dict, *, studied: bool) -> str:
    """The members' pledges, without the full stop: a year's rate; in a review, every year's
    100% but the years in which members had none ("Hằng năm, 100% đảng viên …; năm 2026 còn 05
    đồng chí chưa đăng ký"), since a rate over member-years would mix in an unfinished year."""
    if one_year(f):
        lead = "Sau khi học tập, quán triệt, " if studied else "Trong {ky_bao_cao}, "
        return f"{lead}{{ty_le_dang_ky}} đảng viên xây dựng {PLEDGE} theo chuyên đề của năm"
    lead = "Hằng năm, sau khi học tập, quán triệt chuyên đề, " if studied else "Hằng năm, "
    every_member = any(year["members"] and year["pledges"] >= year["members"] for year in f["years"])
    text = f"{lead}{'100% ' if every_member else ''}đảng viên xây dựng {PLEDGE} theo chuyên đề của năm"
    return text + ("; {con_chua_dang_ky}" if not_yet_pledged(f) else "")


def monday_held(f: dict) -> str:
    """ "đã tổ chức đủ 207/207 buổi theo lịch (đạt 100%)", or "đã tổ chức 200/207 buổi …"."""
    enough = "đủ " if f["monday_held"] >= f["monday_planned"] else ""
    return (
        f"đã tổ chức {enough}{{buoi_thu_hai_da_to_chuc}}/{{buoi_thu_hai_ke_hoach}} buổi theo lịch "
        "(đạt {ty_le_thu_hai})"
    )


def _leadership(f: dict) -> str:
    """Who leads the work: the cell committee where the cell elected one, else the cell."""
    return "Chi ủy Chi bộ" if f.get("cell_committee") else "Chi bộ"


# How an opening begins that names its guidance in general words: the preview asks for its number.
GENERAL_GUIDANCE = "Thực hiện hướng dẫn của"


def _opening(f: dict) -> str:
    return f"Thực hiện {{huong_dan_cap_tren}}, {{ten_chi_bo}} báo cáo {what_is_reported(f)} như sau:"


def _situation(f: dict) -> str:
    if not f["members"]:
        # A count of none is a gap: the preview asks for the members, the print says nothing
        # of the software.
        return "{ten_chi_bo} hiện có {so_dang_vien} đảng viên."
    size = (
        "{ten_chi_bo} hiện có {so_to_dang} tổ đảng, với tổng số {so_dang_vien} đảng viên."
        if f["party_groups"]
        else "{ten_chi_bo} hiện có {so_dang_vien} đảng viên."
    )
    result = " và đạt được những kết quả tích cực" if has_results(f) else ""
    return (
        f"{size} Nhận thức rõ ý nghĩa, tầm quan trọng của việc học tập và làm theo tư tưởng, đạo đức, "
        "phong cách Hồ Chí Minh, {ten_chi_bo} đã tập trung lãnh đạo, chỉ đạo triển khai thực hiện "
        f"{{chi_thi}} sâu rộng trong toàn thể cán bộ, đảng viên{result}."
    )


def _implementation(f: dict) -> str:
    issued_plans = _issued(f, DocumentKind.PLAN)
    received = [d for d in f["documents"] if d["direction"] == DocumentDirection.RECEIVED]
    text = (
        f"Để triển khai thực hiện hiệu quả {{chi_thi}}, {_leadership(f)} đã tổ chức quán triệt nội dung các "
        "văn bản chỉ đạo, hướng dẫn của cấp trên"
    )
    if received:
        text += ", trong đó có {van_ban_cap_tren}"
    if issued_plans:
        text += "; kịp thời ban hành {van_ban_chi_bo} để triển khai thực hiện ở Chi bộ"
    text += "."
    if studied := _studied(f):
        text += " Đồng thời triển khai nghiêm túc việc học tập, quán triệt {chuyen_de}."
    if f["pledges"]:
        return f"{text} {pledges_filed(f, studied=studied)}."
    return f"{text} Trong {{ky_bao_cao}}, Chi bộ chưa ghi nhận {PLEDGE} của đảng viên."


def _key_contents(f: dict) -> str:
    if not f["key_contents"]:
        return "Trong {ky_bao_cao}, Chi bộ chưa xác định nội dung trọng tâm, đột phá để tập trung lãnh đạo."
    return (
        "Trong quá trình triển khai thực hiện, Chi bộ đã chú trọng việc lựa chọn các nội dung trọng tâm, "
        "đột phá "
        + ("trong năm" if one_year(f) else "trong từng năm")
        + " để tập trung lãnh đạo, chỉ đạo giải quyết như: {noi_dung_dot_pha}. Qua đó, đã có "
        "những chuyển biến tích cực từ nhận thức đến hành động của mỗi cán bộ, đảng viên."
    )


def _monday(f: dict) -> str:
    text = ""
    if _issued(f, DocumentKind.REGULATION):
        text = "Chi bộ đã xây dựng {quy_dinh_chi_bo}. "
    if f["monday_held"]:
        text += (
            "Chi bộ duy trì việc sinh hoạt 15 phút đầu giờ sáng thứ Hai hằng tuần về học tập và làm theo tư "
            f"tưởng, đạo đức, phong cách Hồ Chí Minh: trong {{ky_bao_cao}}, các tổ đảng {monday_held(f)}, "
            "đọc các bài viết, mẩu chuyện hoặc những lời dạy của Bác cho cán bộ, đảng viên cùng nghe."
        )
    else:
        text += "Trong {ky_bao_cao}, Chi bộ chưa ghi nhận buổi sinh hoạt 15 phút đầu giờ sáng thứ Hai nào."
    return text


FOUND_WELL = (
    "thực hiện tốt việc học tập, viết bài thu hoạch, đăng ký và tổ chức thực hiện những việc đã đăng ký học "
    "tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
)


def oversight_results(f: dict) -> str:
    """What the inspections and supervisions concluded, by member (each once, by the latest
    conclusion): "Qua kiểm tra, giám sát, 13 đồng chí thực hiện tốt …; 02 đồng chí có hạn chế,
    khuyết điểm …". Empty when none was concluded by the report's date."""
    concluded = by_conclusion(f)
    good, shortcomings, violation = (concluded[c] for c in Conclusion.values)
    if not (good or shortcomings or violation):
        if f["members_inspected"] or f["members_supervised"]:
            return " Đến ngày báo cáo, các cuộc kiểm tra, giám sát chưa có kết luận."
        return ""
    found = []
    if good:
        found.append(f"{{dang_vien_thuc_hien_tot}} đồng chí {FOUND_WELL}")
    if shortcomings:
        found.append("{dang_vien_han_che} đồng chí có hạn chế, khuyết điểm đã được chỉ ra để khắc phục")
    if violation:
        found.append("{dang_vien_vi_pham} đồng chí có vi phạm")
    return " Qua kiểm tra, giám sát, " + "; ".join(found) + "."


def oversight_done(f: dict) -> str:
    """ "kiểm tra 07 đảng viên và giám sát 09 đảng viên": what was carried out, or empty."""
    done = []
    if f["members_inspected"]:
        done.append("kiểm tra {dang_vien_kiem_tra} đảng viên")
    if f["members_supervised"]:
        done.append("giám sát {dang_vien_giam_sat} đảng viên")
    return " và ".join(done)


def proposals_made(f: dict) -> str:
    """ "03 lượt tập thể và 05 lượt cá nhân": the proposals for a reward, or empty."""
    proposed = []
    if f["proposals_collective"]:
        proposed.append("{luot_tap_the} lượt tập thể")
    if f["proposals_individual"]:
        proposed.append("{luot_ca_nhan} lượt cá nhân")
    return " và ".join(proposed)


def _oversight(f: dict) -> str:
    text = (
        "Xác định công tác kiểm tra, giám sát là một trong những nội dung quan trọng của công tác lãnh đạo, "
        "chỉ đạo, Chi bộ đã đưa nội dung kiểm tra, giám sát việc thực hiện {chi_thi} vào nội dung kiểm tra, "
        "giám sát đảng viên theo Điều 30 Điều lệ Đảng. "
    )
    if done := oversight_done(f):
        return (
            f"{text}Trong {{ky_bao_cao}}, {_leadership(f)} đã tiến hành {done} về nội dung này."
            + oversight_results(f)
        )
    return (
        f"{text}Trong {{ky_bao_cao}}, {_leadership(f)} chưa tiến hành kiểm tra, giám sát đảng viên về nội "
        "dung này."
    )


def _commendations(f: dict) -> str:
    done = []
    if f["comrades_praised"]:
        done.append(
            "biểu dương {dong_chi_bieu_duong} đồng chí có thành tích trong học tập, làm theo gương Bác"
        )
    if proposed := proposals_made(f):
        done.append(f"đề nghị {{ban_thuong_vu_khen_thuong}} khen thưởng {proposed} tiêu biểu")
    if done:
        return (
            "Công tác biểu dương, khen thưởng các tập thể, cá nhân điển hình làm theo gương Bác được "
            f"{_leadership(f)} quan tâm thực hiện. Trong {{ky_bao_cao}}, Chi bộ đã " + "; ".join(done) + "."
        )
    # Nothing done is said plainly, without praising the work first.
    return (
        "Trong {ky_bao_cao}, Chi bộ chưa biểu dương, đề nghị khen thưởng tập thể, cá nhân nào về học tập "
        "và làm theo gương Bác."
    )


# What the writer still has to write, in place of this mark: a gap until it is written
# (reports/document/gaps.py), so that no final report prints it.
TO_WRITE = "[…]"


def limitations_found(f: dict, *, where: str, not_held_by: str) -> list[str]:
    """The limitations the records show, each a clause for the secretary to rewrite: members
    without a pledge after the deadline, pledges filed late, Monday sessions not held (naming
    `not_held_by`, the token of the groups or cells where they were not, if any), members found
    with shortcomings, and the work not begun. `where` is who did not ("Chi bộ", "các chi bộ")."""
    concluded = by_conclusion(f)
    found = []
    if without_pledge(f):
        found.append(
            f"{where} chưa tổ chức cho đảng viên xây dựng {PLEDGE}"
            if not f["pledges"]
            else f"còn {{chua_dang_ky}} chưa xây dựng {PLEDGE}"
        )
    if late_pledges(f):
        found.append("{dang_ky_sau_han} nộp bản đăng ký sau thời hạn")
    if not f["monday_held"]:
        found.append(f"{where} chưa duy trì sinh hoạt 15 phút đầu giờ sáng thứ Hai hằng tuần")
    elif f["monday_planned"] > f["monday_held"]:
        found.append(
            "còn {buoi_chua_to_chuc} buổi sinh hoạt 15 phút đầu giờ sáng thứ Hai theo lịch chưa được tổ chức"
            + (f" ({not_held_by})" if not_held_by else "")
        )
    if not (f["members_inspected"] or f["members_supervised"]):
        found.append(
            f"{where} chưa tiến hành kiểm tra, giám sát đảng viên về việc thực hiện Chỉ thị số 05-CT/TW"
        )
    if concluded[Conclusion.SHORTCOMINGS]:
        found.append(
            "qua kiểm tra, giám sát, {dang_vien_han_che} đảng viên còn hạn chế, khuyết điểm phải khắc phục"
        )
    if concluded[Conclusion.VIOLATION]:
        found.append("{dang_vien_vi_pham} đảng viên có vi phạm")
    return found


def limitations(f: dict, *, subject: str, where: str, not_held_by: str = "") -> str:
    """Part III's limitations: those the records show, or a mark where the secretary writes
    them."""
    found = limitations_found(f, where=where, not_held_by=not_held_by)
    opening = (
        f"Bên cạnh những kết quả đạt được, việc thực hiện {{chi_thi}} ở {subject} vẫn còn một số hạn chế, "
        "khuyết điểm"
        if has_results(f)
        else f"Việc thực hiện {{chi_thi}} ở {subject} còn nhiều hạn chế, khuyết điểm"
    )
    return f"{opening}: " + ("; ".join(found) if found else TO_WRITE) + "."


# Part III's causes: the secretary's to write, as reviews state them, the objective first.
CAUSES = f"Nguyên nhân khách quan: {TO_WRITE}.\nNguyên nhân chủ quan: {TO_WRITE}."


def lessons(f: dict, *, who: str) -> str:
    """The lessons that a review of several years draws, for its writer to state; a report of
    one year draws none."""
    if one_year(f):
        return ""
    return f"Qua {{ky_bao_cao}} thực hiện {{chi_thi}}, {who} rút ra một số bài học kinh nghiệm: {TO_WRITE}."


TASKS = (
    "Trong thời gian tới, để thực hiện có hiệu quả {chi_thi}, Chi bộ đề ra một số nhiệm vụ, giải pháp:\n"
    "Một là, tiếp tục quán triệt, tuyên truyền sâu rộng những nội dung cơ bản của {chi_thi} và Kế hoạch "
    "của {ban_thuong_vu} về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh và các "
    "kế hoạch thực hiện theo chuyên đề hằng năm.\n"
    "Hai là, tiếp tục triển khai thực hiện nghiêm túc và có hiệu quả các nội dung, các nhiệm vụ đột phá của "
    "Chi bộ nhằm tạo chuyển biến rõ nét trong nhận thức, hành động của cán bộ, đảng viên.\n"
    "Ba là, thực hiện tốt việc đưa nội dung học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
    "vào các buổi sinh hoạt thường kỳ của Chi bộ; bố trí hợp lý các buổi sinh hoạt chuyên đề của Chi bộ để "
    "thực hiện công việc này.\n"
    "Bốn là, tiếp tục duy trì việc sưu tầm các bài viết, mẩu chuyện về tấm gương đạo đức Hồ Chí Minh đưa "
    "vào nội dung sinh hoạt 15 phút đầu giờ sáng thứ Hai hằng tuần; tổ chức đánh giá nghiêm túc việc thực "
    "hiện những việc cán bộ, đảng viên đã đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí "
    "Minh, gắn với việc kiểm điểm, đánh giá, xếp loại chất lượng cán bộ, đảng viên và tổ chức đảng hằng năm."
)
CONCLUSION = (
    "Có thể khẳng định, những kết quả đã đạt được trong thực hiện {chi_thi} ở {ten_chi_bo} đã tạo sức lan "
    "tỏa, sự chuyển biến tích cực trong nhận thức và hành động của cán bộ, đảng viên, góp phần xây dựng Đảng "
    "ngày càng trong sạch, vững mạnh."
)
RECOMMENDATIONS = (
    "Đề nghị {ban_thuong_vu} tiếp tục quan tâm lãnh đạo, chỉ đạo, kịp thời cung cấp tài liệu học tập các "
    "chuyên đề hằng năm; quan tâm biểu dương, khen thưởng các tập thể, cá nhân điển hình, tiêu biểu trong "
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."
)


def default_sections(figures: dict) -> dict[str, str]:
    """The starting text of every section, each sentence worded for what the figures hold."""
    done = has_results(figures)
    return {
        SectionKey.OPENING: _opening(figures),
        SectionKey.SITUATION: _situation(figures),
        SectionKey.IMPLEMENTATION: _implementation(figures),
        SectionKey.KEY_CONTENTS: _key_contents(figures),
        SectionKey.MONDAY: _monday(figures),
        SectionKey.OVERSIGHT: _oversight(figures),
        SectionKey.COMMENDATIONS: _commendations(figures),
        SectionKey.CONCLUSION: CONCLUSION if done else "",
        SectionKey.LIMITATIONS: limitations(
            figures,
            subject="{ten_chi_bo}",
            where="Chi bộ",
            not_held_by="{to_chua_sinh_hoat}" if figures.get("monday_not_held_by_group") else "",
        ),
        SectionKey.CAUSES: CAUSES,
        SectionKey.LESSONS: lessons(figures, who="Chi bộ"),
        SectionKey.TASKS: TASKS,
        SectionKey.RECOMMENDATIONS: RECOMMENDATIONS,
    }
