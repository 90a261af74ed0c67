"""The draft texts of a superior committee's report over its cells: the parts of a cell's
report (reports/document/outline.py), written of "các chi bộ" and from their figures summed."""

from django.utils.translation import gettext_lazy as _

from members.models import SuperiorCommittee
from reports.choices import SectionKey
from reports.document.texts import (
    CAUSES,
    PLEDGE,
    RECOMMENDATIONS,
    TO_WRITE,
    has_results,
    lessons,
    limitations,
    monday_held,
    oversight_done,
    oversight_results,
    pledges_filed,
    proposals_made,
    what_is_reported,
)
from reports.document.tokens import COMMON_TOKEN_HELP, common_tokens, guidance_citation, not_held_by, one_year
from reports.document.wording import padded

COMMITTEE_TOKEN_HELP = {
    "ten_dang_uy": _("the committee's name"),
    "cap_uy": _("who leads the cells and signs: the committee's Standing Committee, or the Party committee"),
    "huong_dan_cap_tren": _(
        "the guidance from above that the report answers, from the committee's register of documents"
    ),
    "ban_thuong_vu": _("the Standing Committee of the body above the committee, which the report is sent to"),
    "so_chi_bo": _("cells under the committee"),
    "chi_bo_du_dang_ky": _("cells where every member filed a pledge"),
    "chi_bo_chua_sinh_hoat": _("the cells whose Monday sessions were not held, with their count"),
    **COMMON_TOKEN_HELP,
}


def committee_tokens(figures: dict, *, committee: SuperiorCommittee, kind: str, span: int) -> dict[str, str]:
    """The value of every token of a committee's report, from its summed figures and the
    committee: the body that leads its cells, the one above it, the guidance it answers."""
    guidance = figures.get("guidance")
    return {
        **common_tokens(figures, kind, span),
        "ten_dang_uy": figures["committee"],
        "cap_uy": committee.leading_body,
        "huong_dan_cap_tren": guidance_citation(guidance)
        if guidance
        else f"Hướng dẫn số {TO_WRITE} của {TO_WRITE}",
        # Empty while the committee's details name no body above it: a gap.
        "ban_thuong_vu": committee.superior_standing_committee,
        "so_chi_bo": padded(figures["cells_count"]),
        "chi_bo_du_dang_ky": padded(figures["cells_all_pledged"]),
        "chi_bo_chua_sinh_hoat": not_held_by(_cells_not_held(figures), "cell"),
    }


def committee_recipients(committee: SuperiorCommittee) -> str:
    """What a committee's report is sent to: the Standing Committee of the body above it, its
    cells, and its office's files."""
    superior = committee.superior_standing_committee or f"Ban Thường vụ {TO_WRITE}"
    return f"- {superior} (b/c),\n- Các chi bộ trực thuộc,\n- Lưu Văn phòng."


def _cells_not_held(figures: dict) -> list[dict]:
    """The cells whose Monday sessions on the rota were not all held, with how many were not."""
    return [
        {"cell": row["cell"], "count": row["monday_planned"] - row["monday_held"]}
        for row in figures["cells"]
        if row["monday_planned"] > row["monday_held"]
    ]


def _opening(f: dict) -> str:
    return f"Thực hiện {{huong_dan_cap_tren}}, {{cap_uy}} báo cáo {what_is_reported(f)} như sau:"


def _situation(f: dict) -> str:
    if not f["cells_count"]:
        return "Đến ngày báo cáo, {ten_dang_uy} chưa có chi bộ trực thuộc."
    text = "{ten_dang_uy} hiện có {so_chi_bo} chi bộ trực thuộc"
    text += " với tổng số {so_dang_vien} đảng viên." if f["members"] else "; chưa có danh sách đảng viên."
    text += (
        " Thực hiện {chi_thi}, {cap_uy} đã lãnh đạo, chỉ đạo các chi bộ trực thuộc triển khai việc học "
        "tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh sâu rộng trong cán bộ, đảng viên"
    )
    return text + (" và đạt được những kết quả tích cực." if has_results(f) else ".")


def _implementation(f: dict) -> str:
    text = (
        "Các chi bộ đã tổ chức quán triệt nội dung {chi_thi}, các văn bản chỉ đạo, hướng dẫn của cấp trên "
        "và học tập " + ("chuyên đề {ky_bao_cao}." if one_year(f) else "các chuyên đề hằng năm.")
    )
    if f["pledges"]:
        text += f" {pledges_filed(f, studied=True)}"
        text += (
            "; {chi_bo_du_dang_ky} chi bộ có toàn bộ đảng viên đăng ký." if f["cells_all_pledged"] else "."
        )
    else:
        text += f" Trong {{ky_bao_cao}}, các chi bộ chưa ghi nhận {PLEDGE} của đảng viên."
    return text


def _monday(f: dict) -> str:
    if f["monday_held"]:
        return (
            "Việc sinh hoạt 15 phút đầu giờ sáng thứ Hai hằng tuần được các chi bộ duy trì: trong "
            f"{{ky_bao_cao}}, các chi bộ {monday_held(f)}."
        )
    return "Trong {ky_bao_cao}, các chi bộ chưa ghi nhận buổi sinh hoạt 15 phút đầu giờ sáng thứ Hai nào."


def _oversight(f: dict) -> str:
    if done := oversight_done(f):
        return (
            f"Các chi bộ đã đưa nội dung thực hiện {{chi_thi}} vào chương trình kiểm tra, giám sát theo "
            f"Điều 30 Điều lệ Đảng; trong {{ky_bao_cao}}, các chi bộ đã tiến hành {done}."
            + oversight_results(f)
        )
    return (
        "Trong {ky_bao_cao}, các chi bộ chưa tiến hành kiểm tra, giám sát đảng viên về thực hiện {chi_thi}."
    )


def _commendations(f: dict) -> str:
    done = []
    if f["comrades_praised"]:
        done.append("biểu dương {dong_chi_bieu_duong} đồng chí")
    if proposed := proposals_made(f):
        done.append(f"đề nghị khen thưởng {proposed}")
    if done:
        return (
            "Trong {ky_bao_cao}, các chi bộ đã " + "; ".join(done) + " có thành tích tiêu biểu trong học tập "
            "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."
        )
    return "Trong {ky_bao_cao}, các chi bộ chưa biểu dương, đề nghị khen thưởng tập thể, cá nhân nào."


CONCLUSION = (
    "Có thể khẳng định, việc thực hiện {chi_thi} ở các chi bộ trực thuộc {ten_dang_uy} đã tạo chuyển biến "
    "tích cực trong nhận thức và hành động của cán bộ, đảng viên, góp phần xây dựng Đảng bộ trong sạch, "
    "vững mạnh."
)
TASKS = (
    "Trong thời gian tới, {cap_uy} tiếp tục lãnh đạo, chỉ đạo các chi bộ trực thuộc thực hiện có hiệu "
    "quả {chi_thi}; gắn việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh với nhiệm vụ "
    "chính trị của từng chi bộ; duy trì sinh hoạt 15 phút đầu giờ sáng thứ Hai hằng tuần; thực hiện nghiêm "
    "việc kiểm tra, giám sát và kịp thời biểu dương, khen thưởng các tập thể, cá nhân điển hình."
)


def committee_default_sections(figures: dict) -> dict[str, str]:
    return {
        SectionKey.OPENING: _opening(figures),
        SectionKey.SITUATION: _situation(figures),
        SectionKey.IMPLEMENTATION: _implementation(figures),
        SectionKey.KEY_CONTENTS: "",
        SectionKey.MONDAY: _monday(figures),
        SectionKey.OVERSIGHT: _oversight(figures),
        SectionKey.COMMENDATIONS: _commendations(figures),
        SectionKey.CONCLUSION: CONCLUSION if has_results(figures) else "",
        SectionKey.LIMITATIONS: limitations(
            figures,
            subject="các chi bộ trực thuộc",
            where="các chi bộ",
            not_held_by="{chi_bo_chua_sinh_hoat}" if _cells_not_held(figures) else "",
        ),
        SectionKey.CAUSES: CAUSES,
        SectionKey.LESSONS: lessons(figures, who="{ten_dang_uy}"),
        SectionKey.TASKS: TASKS,
        SectionKey.RECOMMENDATIONS: RECOMMENDATIONS,
    }
