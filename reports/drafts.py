"""The draft texts of a report's sections and the figures they name.

A report is written in Vietnamese, the language of the Party's documents, whatever language
the secretary reads the site in: these texts are the report's content, not the interface.
Each draft names its figures as {tokens}; the program places the figures from the records,
so that a figure that changes in the records changes the report until it is final.
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

from members.choices import CommitteeKind
from members.models import Cell
from plans.choices import DocumentDirection, DocumentKind
from reports.choices import SectionKey
from reports.formatting import padded, party_date_text, percent

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

# What each token means, shown beside the editor.
TOKEN_HELP = {
    "ten_chi_bo": _("the cell's name"),
    "so_to_dang": _("party groups"),
    "so_dang_vien": _("members at the end of the period"),
    "so_nam": _("years of the period"),
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


def tokens(figures: dict, cell: Cell) -> dict[str, str]:
    """The value of every token, from the figures of the period."""
    documents = figures["documents"]
    issued = [d for d in documents if d["direction"] == DocumentDirection.ISSUED]
    received = [d for d in documents if d["direction"] == DocumentDirection.RECEIVED]
    return {
        "ten_chi_bo": figures["cell"],
        "so_to_dang": str(figures["party_groups"]),
        "so_dang_vien": str(figures["members"]),
        "so_nam": padded(figures["year_count"]),
        "ty_le_dang_ky": percent(figures["pledge_rate"]),
        "van_ban_chi_bo": "; ".join(
            _document_reference(d, with_issuer=False) for d in issued if d["kind"] == DocumentKind.PLAN
        ),
        "van_ban_cap_tren": "; ".join(_document_reference(d, with_issuer=True) for d in received),
        "quy_dinh_chi_bo": "; ".join(
            f"Quy định số {d['number']}" for d in issued if d["kind"] == DocumentKind.REGULATION
        ),
        "noi_dung_dot_pha": "; ".join(figures["key_contents"]),
        "buoi_thu_hai_ke_hoach": str(figures["monday_planned"]),
        "buoi_thu_hai_da_to_chuc": str(figures["monday_held"]),
        "dang_vien_kiem_tra": padded(figures["members_inspected"]),
        "dang_vien_giam_sat": padded(figures["members_supervised"]),
        "dong_chi_bieu_duong": str(figures["comrades_praised"]),
        "luot_tap_the": str(figures["proposals_collective"]),
        "luot_ca_nhan": str(figures["proposals_individual"]),
        "ban_thuong_vu": STANDING_COMMITTEE[cell.committee.kind],
    }


DEFAULT_TITLE = "Sơ kết {years} năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị"
DEFAULT_YEARLY_TITLE = "Kết quả thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị năm {year}"

DRAFTS = {
    SectionKey.SITUATION: (
        "{ten_chi_bo} hiện có {so_to_dang} tổ đảng, với tổng số {so_dang_vien} đảng viên. Nhận thức rõ ý "
        "nghĩa, tầm quan trọng của việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, "
        "những năm qua, {ten_chi_bo} đã tập trung lãnh đạo, chỉ đạo triển khai việc thực hiện Chỉ thị "
        "05-CT/TW của Bộ Chính trị về “Đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách "
        "Hồ Chí Minh” sâu rộng trong toàn thể cán bộ, đảng viên và đạt được những kết quả tích cực."
    ),
    SectionKey.IMPLEMENTATION: (
        "Để triển khai thực hiện hiệu quả Chỉ thị số 05-CT/TW của Bộ Chính trị, Chi ủy Chi bộ đã tổ chức "
        "quán triệt nội dung Chỉ thị, các văn bản chỉ đạo, hướng dẫn của cấp trên và kịp thời ban hành "
        "{van_ban_chi_bo} về thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị và {van_ban_cap_tren}. Đồng "
        "thời triển khai nghiêm túc việc học tập, quán triệt các chuyên đề hằng năm. Sau khi học tập, quán "
        "triệt, {ty_le_dang_ky} cán bộ, đảng viên xây dựng bản kế hoạch cá nhân đăng ký những việc học tập "
        "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh theo chủ đề hằng năm."
    ),
    SectionKey.KEY_CONTENTS: (
        "Quá trình triển khai thực hiện Chỉ thị 05-CT/TW, Chi bộ đã chú trọng việc lựa chọn các nội "
        "dung trọng tâm, đột phá trong từng năm để tập trung lãnh đạo, chỉ đạo giải quyết như: "
        "{noi_dung_dot_pha}. "
        "Qua đó, đã có những chuyển biến tích cực từ nhận thức đến hành động của mỗi cán bộ, đảng viên."
    ),
    SectionKey.MONDAY: (
        "Một trong những việc làm nổi bật của Chi bộ là đã xây dựng được {quy_dinh_chi_bo} về chuẩn mực đạo "
        "đức của cán bộ, đảng viên học tập và làm theo tấm gương đạo đức Hồ Chí Minh và duy trì đều đặn, "
        "nghiêm túc việc sinh hoạt 15 phút đầu giờ sáng thứ hai hàng tuần về học tập và làm theo tư tưởng, "
        "đạo đức, phong cách Hồ Chí Minh: các tổ đảng đã tổ chức {buoi_thu_hai_da_to_chuc} trên "
        "{buoi_thu_hai_ke_hoach} buổi theo lịch, đọc các bài viết, mẩu chuyện hoặc những lời dạy của Bác "
        "cho cán bộ, đảng viên cùng nghe."
    ),
    SectionKey.OVERSIGHT: (
        "Xác định công tác kiểm tra, giám sát là một trong những nội dung quan trọng của công tác lãnh đạo, "
        "chỉ đạo, hằng năm Chi bộ đã đưa nội dung kiểm tra, giám sát việc thực hiện Chỉ thị số 05-CT/TW của "
        "Bộ Chính trị vào nội dung kiểm tra, giám sát đảng viên theo Điều 30, Điều lệ Đảng. Trong {so_nam} "
        "năm, Chi ủy Chi bộ đã tiến hành kiểm tra {dang_vien_kiem_tra} đảng viên và giám sát "
        "{dang_vien_giam_sat} đảng viên về thực hiện Chỉ thị 05 của Bộ Chính trị."
    ),
    SectionKey.COMMENDATIONS: (
        "Công tác biểu dương, khen thưởng các tập thể, cá nhân điển hình làm theo gương Bác được Chi ủy Chi "
        "bộ quan tâm thực hiện. Trong {so_nam} năm qua, Chi bộ đã biểu dương {dong_chi_bieu_duong} đồng chí "
        "có thành tích trong học tập và làm theo gương Bác; đề nghị {ban_thuong_vu} khen thưởng "
        "{luot_tap_the} lượt tập thể và {luot_ca_nhan} lượt cá nhân tiêu biểu trong việc thực hiện học tập "
        "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."
    ),
    SectionKey.LIMITATIONS: (
        "Bên cạnh những kết quả đạt được, việc thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị ở Chi bộ vẫn còn "
        "một số khó khăn, hạn chế."
    ),
    SectionKey.TASKS: (
        "Trong thời gian tới, để thực hiện có hiệu quả Chỉ thị số 05-CT/TW của Bộ Chính trị, Chi bộ đề ra "
        "một số nhiệm vụ, giải pháp:\n"
        "Một là, tiếp tục quán triệt, tuyên truyền sâu rộng những nội dung cơ bản của Chỉ thị số 05-CT/TW "
        "của Bộ Chính trị và Kế hoạch của {ban_thuong_vu} về đẩy mạnh học tập và làm theo tư tưởng, đạo "
        "đức, phong cách Hồ Chí Minh và các kế hoạch thực hiện theo chủ đề hàng năm.\n"
        "Hai là, tiếp tục triển khai thực hiện nghiêm túc và có hiệu quả các nội dung, các nhiệm vụ đột "
        "phá của Chi bộ nhằm tạo chuyển biến rõ nét trong nhận thức, hành động của cán bộ, đảng viên.\n"
        "Ba là, thực hiện tốt việc đưa nội dung sinh hoạt học tập và làm theo tư tưởng, đạo đức, phong cách "
        "Hồ Chí Minh vào các buổi sinh hoạt thường kỳ của chi bộ; bố trí hợp lý các buổi sinh hoạt chuyên "
        "đề của Chi bộ để thực hiện công việc này.\n"
        "Bốn là, tiếp tục duy trì việc sưu tầm các bài viết, mẩu chuyện về tấm gương đạo đức Hồ Chí Minh "
        "đưa vào nội dung sinh hoạt 15 phút đầu giờ sáng thứ 2 hàng tuần; tổ chức đánh giá nghiêm túc việc "
        "thực hiện những việc cán bộ, đảng viên đã đăng ký học tập và làm theo."
    ),
    SectionKey.CONCLUSION: (
        "Có thể khẳng định, những kết quả đã đạt được trong thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị "
        "ở {ten_chi_bo} đã tạo sức lan tỏa, sự chuyển biến tích cực trong nhận thức và hành động của cán "
        "bộ, đảng viên, góp phần xây dựng Đảng ngày càng trong sạch, vững mạnh."
    ),
}
