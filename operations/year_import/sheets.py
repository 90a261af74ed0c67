"""The form of a year's file: its sheets and their columns, the columns a row must fill, the
words of the choices as the file writes them, and the dates a row may give; with the template to
fill and the guide to its columns that the import page shows. Every other part of the import
reads the file through these names, so the form is said once, here."""

import io

import openpyxl
from openpyxl.styles import Font

from members.resources import COLUMNS as MEMBER_COLUMNS
from oversight.choices import CaseKind, Conclusion, ProposalOutcome, ProposalTarget, SupervisionKind
from plans.choices import Aspect, ItemResult, MondayState, Rating, StudyForm

# The choices as the file writes them, whatever the interface language.
RATING_LABELS = {
    Rating.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Rating.GOOD: "Hoàn thành tốt nhiệm vụ",
    Rating.FULFILLED: "Hoàn thành nhiệm vụ",
    Rating.NOT_FULFILLED: "Không hoàn thành nhiệm vụ",
}
ASPECT_LABELS = {Aspect.THOUGHT: "Tư tưởng", Aspect.ETHICS: "Đạo đức", Aspect.STYLE: "Phong cách"}
RESULT_LABELS = {
    ItemResult.DONE: "Hoàn thành",
    ItemResult.PARTLY: "Hoàn thành một phần",
    ItemResult.NOT_DONE: "Chưa hoàn thành",
}
FORM_LABELS = {
    StudyForm.CONFERENCE: "Hội nghị",
    StudyForm.CELL_MEETING: "Sinh hoạt chi bộ",
    StudyForm.THEMATIC_MEETING: "Sinh hoạt chuyên đề",
    StudyForm.AGENCY_MEETING: "Sinh hoạt cơ quan",
    StudyForm.OTHER: "Khác",
}
HELD_LABELS = {MondayState.HELD: "Có", MondayState.NOT_HELD: "Không"}
CASE_KIND_LABELS = {CaseKind.INSPECTION: "Kiểm tra", CaseKind.SUPERVISION: "Giám sát"}
SUPERVISION_LABELS = {SupervisionKind.REGULAR: "Thường xuyên", SupervisionKind.THEMATIC: "Chuyên đề"}
CONCLUSION_LABELS = {
    Conclusion.GOOD: "Thực hiện tốt",
    Conclusion.SHORTCOMINGS: "Có khuyết điểm cần khắc phục",
    Conclusion.VIOLATION: "Có vi phạm",
}
TARGET_LABELS = {ProposalTarget.COLLECTIVE: "Tập thể", ProposalTarget.INDIVIDUAL: "Cá nhân"}
OUTCOME_LABELS = {
    ProposalOutcome.PENDING: "Chờ quyết định",
    ProposalOutcome.GRANTED: "Được khen thưởng",
    ProposalOutcome.NOT_GRANTED: "Không được khen thưởng",
}

# The member a row is about, by the columns of the member list.
PERSON = {
    "card_number": MEMBER_COLUMNS["card_number"],
    "full_name": MEMBER_COLUMNS["full_name"],
    "date_of_birth": MEMBER_COLUMNS["date_of_birth"],
}
READER = {"reader_card": "Số thẻ người đọc", "reader_name": "Người đọc", "reader_born": "Ngày sinh người đọc"}

# Each sheet: its name, its columns (key: header), the columns a row must fill, and what the
# choice columns take.
SHEETS = {
    "year": ("Năm", {"theme": "Chuyên đề năm"}, ("theme",)),
    "pledges": (
        "Bản đăng ký",
        {
            **PERSON,
            "submitted_on": "Ngày nộp",
            "approved_on": "Ngày duyệt",
            "self_assessment": "Tự đánh giá",
            "self_assessed_on": "Ngày tự đánh giá",
            "rating": "Xếp loại",
            "score": "Điểm",
            "evaluated_on": "Ngày xếp loại",
            "evaluation_comment": "Nhận xét của chi bộ",
        },
        (),
    ),
    "items": (
        "Việc đăng ký",
        {
            **PERSON,
            "action": "Việc đăng ký làm theo",
            "aspect": "Làm theo Bác về",
            "target": "Chỉ tiêu",
            "timeframe": "Thời gian",
            "result": "Kết quả",
            "result_note": "Ghi chú kết quả",
        },
        ("action", "aspect", "target", "timeframe"),
    ),
    "sessions": (
        "Buổi học tập",
        {"number": "Buổi số", "held_on": "Ngày", "form": "Hình thức", "content": "Nội dung"},
        ("number", "held_on", "form", "content"),
    ),
    "attendance": ("Dự học tập", {"number": "Buổi số", **PERSON}, ("number",)),
    "mondays": (
        "Sinh hoạt thứ Hai",
        {
            "day": "Ngày",
            "group": "Tổ đảng",
            "held": "Đã tổ chức",
            **READER,
            "attendance": "Số người dự",
            "not_held_reason": "Lý do không tổ chức",
            "note": "Ghi chú",
        },
        ("day", "group", "held"),
    ),
    "cases": (
        "Kiểm tra, giám sát",
        {
            "decision_number": "Số quyết định",
            "decision_date": "Ngày quyết định",
            "kind": "Kiểm tra hay giám sát",
            "supervision_kind": "Hình thức giám sát",
            **PERSON,
            "content": "Nội dung",
            "period_start": "Thời kỳ từ ngày",
            "period_end": "Thời kỳ đến ngày",
            "carried_out_by": "Người thực hiện",
            "start_on": "Ngày bắt đầu",
            "end_on": "Ngày kết thúc",
            "conclusion": "Kết luận",
            "remedy": "Việc phải khắc phục",
        },
        ("decision_number", "decision_date", "kind", "period_start", "period_end", "carried_out_by"),
    ),
    "praises": (
        "Biểu dương",
        {**PERSON, "praised_on": "Ngày", "occasion": "Hội nghị, dịp", "reason": "Lý do"},
        ("praised_on", "reason"),
    ),
    "proposals": (
        "Đề nghị khen thưởng",
        {
            "number": "Số tờ trình",
            "proposed_on": "Ngày đề nghị",
            "target": "Đề nghị cho",
            **PERSON,
            "collective": "Tập thể",
            "addressed_to": "Gửi",
            "reason": "Lý do",
            "outcome": "Kết quả",
            "decision_number": "Số quyết định",
            "decision_date": "Ngày quyết định",
        },
        ("number", "proposed_on", "target", "reason"),
    ),
}
CHOICES = {
    "rating": RATING_LABELS,
    "aspect": ASPECT_LABELS,
    "result": RESULT_LABELS,
    "form": FORM_LABELS,
    "held": HELD_LABELS,
    "kind": CASE_KIND_LABELS,
    "supervision_kind": SUPERVISION_LABELS,
    "conclusion": CONCLUSION_LABELS,
    "target": TARGET_LABELS,
    "outcome": OUTCOME_LABELS,
}
# The column of a .csv that names each row's sheet.
KIND_COLUMN = "Loại"
# The dates that say when the period examined by a case began and ended: they may lie before
# the year, unlike every date of what the cell did.
DATES_BEFORE_THE_YEAR = {"period_start", "period_end"}
DATE_KEYS = {
    "submitted_on",
    "approved_on",
    "self_assessed_on",
    "evaluated_on",
    "held_on",
    "day",
    "decision_date",
    "period_start",
    "period_end",
    "start_on",
    "end_on",
    "praised_on",
    "proposed_on",
}
# A row's event becomes a moment of its day at this hour, as the demonstration data does.
EVENT_HOUR = 9


def template_workbook() -> bytes:
    """The workbook to fill: one sheet per kind of record, its headers on the first row."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, columns, required in SHEETS.values():
        sheet = workbook.create_sheet(title)
        sheet.append(list(columns.values()))
        for cell, name in zip(sheet[1], columns, strict=True):
            cell.font = Font(bold=True, color="C00000" if name in required else None)
            sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_guide() -> list[dict]:
    """Each sheet with its columns, as the import page names them: the choices a column takes,
    the form of dates, and which must be filled."""
    guide = []
    for title, columns, required in SHEETS.values():
        described = []
        for name, header in columns.items():
            if name in CHOICES:
                header += f" ({' / '.join(CHOICES[name].values())})"
            elif name in DATE_KEYS or name in ("date_of_birth", "reader_born"):
                header += " (dd/mm/yyyy)"
            elif name == "score":
                header += " (0–100)"
            described.append({"header": header, "required": name in required})
        guide.append({"title": title, "columns": described})
    return guide
