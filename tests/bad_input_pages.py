"""Every page of tests/test_bad_input.py that takes what people type, with its fields."""

from dataclasses import dataclass

from django.urls import reverse

from members.choices import CellRole, Gender, LeftReason, MemberStatus
from oversight.choices import CaseKind, Conclusion, ProposalOutcome, ProposalTarget, SupervisionKind
from plans.choices import (
    Aspect,
    DocumentDirection,
    DocumentKind,
    ItemResult,
    MondayState,
    Rating,
    StoryKind,
    StudyForm,
)
from reports.choices import ReportKind, SectionKey
from tests.bad_input_values import Field


@dataclass
class Page:
    name: str
    url: str
    kwargs: dict
    persona: str | None
    fields: dict
    query: str = ""

    def address(self, world) -> str:
        resolved = {
            key: Field(None).resolve(world, getattr(world, value) if isinstance(value, str) else value)
            for key, value in self.kwargs.items()
        }
        return reverse(self.url, kwargs={"slug": world.cell.slug, **resolved}) + self.query


def year(world):
    return 2026


# Field sets shared by the create and update pages

MEMBER = {
    "full_name": Field("Lò Văn Mới"),
    "gender": Field(Gender.MALE, "choice", Gender.values),
    "date_of_birth": Field("01/01/1980", "date"),
    "group": Field(lambda w: w.group2, "id", foreign=["other_group"]),
    "role": Field(CellRole.MEMBER, "choice", CellRole.values),
    "status": Field(MemberStatus.OFFICIAL, "choice", MemberStatus.values),
    "admitted_on": Field("19/05/2005", "date"),
    "official_on": Field("19/05/2006", "date"),
    "card_number": Field("79100999", foreign=[lambda w: w.other_cell_member.card_number]),
    "position": Field("Chuyên viên"),
    "workplace": Field("Phòng Nội vụ"),
    "joined_on": Field("", "date"),
}
MEMBER_UPDATE = {name: spec for name, spec in MEMBER.items() if name != "group"}
GROUP = {"name": Field("Tổ đảng số 3"), "order": Field("3", "int")}
YEAR = {
    "year": Field("2027", "int"),
    "theme": Field("Học tập và làm theo Bác"),
    "pledge_deadline": Field("31/03/2027", "date"),
    "key_contents": Field("Nêu gương\nTự phê bình"),
}
DOCUMENT = {
    "kind": Field(DocumentKind.PLAN, "choice", DocumentKind.values),
    "direction": Field(DocumentDirection.ISSUED, "choice", DocumentDirection.values),
    "number": Field("07-KH/CB"),
    "issued_on": Field("15/03/2021", "date"),
    "issuer": Field("Chi bộ"),
    "title": Field("Kế hoạch học tập"),
    "summary": Field(""),
    "on_directive_05": Field("on", "bool"),
    "file": Field(None, "file"),
}
SESSION = {
    "held_on": Field("15/03/2026", "date"),
    "form": Field(StudyForm.CELL_MEETING, "choice", StudyForm.values),
    "content": Field("Học chuyên đề"),
    "attendees": Field(lambda w: [w.member, w.leader], "ids", foreign=["other_cell_member", "left_member"]),
}
STORY = {
    "title": Field("Chiếc đồng hồ"),
    "kind": Field(StoryKind.STORY, "choice", StoryKind.values),
    "source": Field(""),
    "text": Field("Bộ phận nào cũng quan trọng."),
}
CASE = {
    "kind": Field(CaseKind.SUPERVISION, "choice", CaseKind.values),
    "supervision_kind": Field(SupervisionKind.THEMATIC, "choice", SupervisionKind.values),
    "programme": Field("", "id", foreign=["programme", "other_programme"]),
    "decision_number": Field("03-KH/CB"),
    "decision_date": Field("02/03/2026", "date"),
    "members": Field(lambda w: [w.member], "ids", foreign=["other_cell_member", "left_member"]),
    "on_directive_05": Field("on", "bool"),
    "content": Field("Việc thực hiện Chỉ thị 05"),
    "period_start": Field("01/01/2025", "date"),
    "period_end": Field("31/12/2025", "date"),
    "carried_out_by": Field("Chi ủy"),
    "start_on": Field("", "date"),
    "end_on": Field("", "date"),
}
PROGRAMME = {
    "year": Field("2027", "int"),
    "number": Field("01-CTr/CB"),
    "adopted_on": Field("05/01/2027", "date"),
    "content": Field("Giám sát chuyên đề"),
}
PRAISE = {
    "member": Field(lambda w: w.member, "id", foreign=["other_cell_member"]),
    "praised_on": Field("18/12/2020", "date"),
    "occasion": Field("Hội nghị tổng kết"),
    "reason": Field("Gương mẫu"),
}
PROPOSAL = {
    "target": Field(ProposalTarget.INDIVIDUAL, "choice", ProposalTarget.values),
    "member": Field(lambda w: w.member, "id", foreign=["other_cell_member"]),
    "group": Field("", "id", foreign=["other_group", "group1"]),
    "collective_name": Field(""),
    "number": Field("05-TTr/CB"),
    "proposed_on": Field("20/04/2020", "date"),
    "addressed_to": Field("Ban Thường vụ Đảng ủy phường"),
    "reason": Field("Tiêu biểu trong học tập và làm theo Bác"),
    "outcome": Field(ProposalOutcome.PENDING, "choice", ProposalOutcome.values),
    "decision_number": Field(""),
    "decision_date": Field("", "date"),
}
REPORT = {
    "kind": Field(ReportKind.FIVE_YEAR, "choice", ReportKind.values),
    "start_year": Field("2021", "int"),
    "end_year": Field("2025", "int"),
    "span": Field("5", "int"),
    "number": Field("12", "int"),
    "title": Field("Sơ kết 05 năm"),
    "place": Field("Ba Đình"),
    "report_date": Field("15/12/2025", "date"),
    "recipients": Field("- Lưu Chi bộ."),
    "signer": Field(lambda w: w.secretary, "id", foreign=["other_secretary", "left_member"]),
    "signer_title": Field("BÍ THƯ"),
}
SECTIONS = {f"section-{key}": Field("Nội dung {members_total}") for key in SectionKey.values}
ITEMS = {
    "items-TOTAL_FORMS": Field("2", "int"),
    "items-INITIAL_FORMS": Field("1", "int"),
    "items-MIN_NUM_FORMS": Field("0", "int"),
    "items-MAX_NUM_FORMS": Field("20", "int"),
    "items-0-id": Field(lambda w: w.draft_item, "id", foreign=["other_item"]),
    "items-0-action": Field("Đọc sách về Bác"),
    "items-0-aspect": Field(Aspect.ETHICS, "choice", Aspect.values),
    "items-0-target": Field("Mỗi tháng một cuốn"),
    "items-0-timeframe": Field("Cả năm"),
    "items-1-id": Field("", "id", foreign=["other_item"]),
    "items-1-action": Field("Giúp đỡ đồng nghiệp"),
    "items-1-aspect": Field(Aspect.STYLE, "choice", Aspect.values),
    "items-1-target": Field("Hằng tuần"),
    "items-1-timeframe": Field("Cả năm"),
    "items-1-DELETE": Field("", "bool"),
}


def version(name):
    return Field(lambda w: getattr(w, name).version, "int")


NEW = {"version": Field("1", "int")}  # what the page of a new record posts
YEAR_SEEN = {"version": Field(lambda w: w.cell.years.get(year=2026).version, "int")}


PAGES = [
    Page("member create", "members:member_create", {}, "secretary", MEMBER),
    Page(
        "member update",
        "members:member_update",
        {"pk": "member"},
        "secretary",
        {**MEMBER_UPDATE, "version": version("member")},
    ),
    Page(
        "member role",
        "members:member_role",
        {"pk": "member"},
        "secretary",
        {"role": Field(CellRole.COMMITTEE_MEMBER, "choice", CellRole.values), "version": version("member")},
    ),
    Page(
        "member move",
        "members:member_move",
        {"pk": "member"},
        "secretary",
        {"group": Field(lambda w: w.group2, "id", foreign=["other_group", "group1"])},
    ),
    Page(
        "member leave",
        "members:member_leave",
        {"pk": "other_group_member"},
        "secretary",
        {
            "left_on": Field("01/06/2026", "date"),
            "reason": Field(LeftReason.TRANSFER, "choice", LeftReason.values),
            "note": Field("Chuyển sinh hoạt"),
        },
    ),
    Page(
        "member account",
        "members:member_account",
        {"pk": "no_account"},
        "secretary",
        {"username": Field("lo.van.moi"), "password": Field("một mật khẩu dài")},
    ),
    Page("group create", "members:group_create", {}, "secretary", GROUP),
    Page(
        "group update",
        "members:group_update",
        {"pk": "group1"},
        "secretary",
        {
            **GROUP,
            "leader": Field(lambda w: w.leader, "id", foreign=["other_cell_member", "other_group_member"]),
            "version": version("group1"),
        },
    ),
    Page("year create", "plans:year_create", {}, "secretary", {**YEAR, **NEW}),
    Page("year update", "plans:year_update", {"year": year}, "secretary", {**YEAR, **YEAR_SEEN}),
    Page(
        "bulk approve",
        "plans:year_bulk_approve",
        {"year": year},
        "secretary",
        {"pledges": Field(lambda w: [w.submitted_pledge], "ids", foreign=["other_pledge", "draft_pledge"])},
    ),
    Page("document create", "plans:document_create", {}, "secretary", {**DOCUMENT, **NEW}),
    Page(
        "document update",
        "plans:document_update",
        {"pk": "document"},
        "secretary",
        {**DOCUMENT, "version": version("document")},
    ),
    Page("session create", "plans:session_create", {"year": year}, "secretary", {**SESSION, **NEW}),
    Page(
        "session update",
        "plans:session_update",
        {"year": year, "pk": "study_session"},
        "secretary",
        {**SESSION, "version": version("study_session")},
    ),
    Page(
        "pledge edit",
        "plans:pledge_edit",
        {"pk": "draft_pledge"},
        "member",
        {"version": version("draft_pledge"), "reflection_text": Field("Bài học"), **ITEMS},
    ),
    Page(
        "pledge approve",
        "plans:pledge_approve",
        {"pk": "submitted_pledge"},
        "secretary",
        {"version": version("submitted_pledge")},
    ),
    Page(
        "pledge return",
        "plans:pledge_return",
        {"pk": "submitted_pledge"},
        "secretary",
        {"version": version("submitted_pledge"), "comment": Field("Chỉ tiêu chưa đo được")},
    ),
    Page(
        "pledge assess",
        "plans:pledge_assess",
        {"pk": "approved_pledge"},
        "deputy",
        {
            "version": version("approved_pledge"),
            "summary": Field("Hoàn thành"),
            "result_ITEM": Field(ItemResult.DONE, "choice", ItemResult.values),
            "note_ITEM": Field(""),
        },
    ),
    Page(
        "pledge evaluate",
        "plans:pledge_evaluate",
        {"pk": "assessed_pledge"},
        "secretary",
        {
            "version": version("assessed_pledge"),
            "rating": Field(Rating.GOOD, "choice", Rating.values),
            "score": Field("80", "int"),
            "comment": Field("Tốt"),
        },
    ),
    Page(
        "reflection upload",
        "plans:pledge_reflection",
        {"pk": "draft_pledge"},
        "member",
        {"version": version("draft_pledge"), "file": Field(None, "file")},
    ),
    Page(
        "monday record",
        "plans:monday_record",
        {"pk": "monday_session"},
        "leader",
        {
            "state": Field(MondayState.HELD, "choice", MondayState.values),
            "reader": Field(lambda w: w.member, "id", foreign=["other_cell_member", "left_member"]),
            "story": Field(lambda w: w.story, "id", foreign=["other_story"]),
            "attendance": Field("24", "int"),
            "note": Field(""),
            "not_held_reason": Field(""),
            "version": version("monday_session"),
        },
    ),
    Page(
        "monday day off",
        "plans:monday_day_off",
        {},
        "secretary",
        {"day": Field("08/03/2021", "date"), "reason": Field("Bầu cử đại biểu Quốc hội")},
    ),
    Page(
        "monday swap",
        "plans:monday_swap",
        {},
        "secretary",
        {
            "first": Field(
                lambda w: w.monday_session, "id", foreign=["other_monday_session", "held_session"]
            ),
            "second": Field(lambda w: w.monday_session2, "id", foreign=["other_monday_session"]),
        },
        query="?year=2021",
    ),
    Page("monday generate", "plans:monday_generate", {}, "secretary", {"year": Field("2021", "int")}),
    Page("story create", "plans:story_create", {}, "secretary", {**STORY, **NEW}),
    Page(
        "story update",
        "plans:story_update",
        {"pk": "story"},
        "secretary",
        {**STORY, "version": version("story")},
    ),
    Page("case create", "oversight:case_create", {}, "secretary", {**CASE, **NEW}),
    Page(
        "case update",
        "oversight:case_update",
        {"pk": "planned_case"},
        "secretary",
        {**CASE, "version": version("planned_case")},
    ),
    Page(
        "case start",
        "oversight:case_start",
        {"pk": "planned_case"},
        "secretary",
        {"day": Field("03/03/2026", "date")},
    ),
    Page(
        "case conclude",
        "oversight:case_conclude",
        {"pk": "running_case"},
        "secretary",
        {
            "member_report": Field(""),
            "findings": Field("Thực hiện tốt"),
            "strengths": Field(""),
            "shortcomings": Field(""),
            "violations": Field(""),
            "conclusion": Field(Conclusion.SHORTCOMINGS, "choice", Conclusion.values),
            "remedy": Field("Bổ sung chỉ tiêu"),
            "remedy_due": Field("30/06/2026", "date"),
            "end_on": Field("20/03/2026", "date"),
            "version": version("running_case"),
        },
    ),
    Page(
        "case convert",
        "oversight:case_convert",
        {"pk": "running_case"},
        "secretary",
        {"decision_number": Field("09-QĐ/CB"), "decision_date": Field("01/04/2026", "date")},
    ),
    Page(
        "case remedied",
        "oversight:case_remedied",
        {"pk": "concluded_case"},
        "secretary",
        {"day": Field("01/04/2026", "date")},
    ),
    Page(
        "case attach",
        "oversight:case_attach",
        {"pk": "running_case"},
        "secretary",
        {"file": Field(None, "file")},
    ),
    Page("programme create", "oversight:programme_create", {}, "secretary", {**PROGRAMME, **NEW}),
    Page(
        "programme update",
        "oversight:programme_update",
        {"pk": "programme"},
        "secretary",
        {**PROGRAMME, "version": version("programme")},
    ),
    Page("praise create", "oversight:praise_create", {}, "secretary", {**PRAISE, **NEW}),
    Page(
        "praise update",
        "oversight:praise_update",
        {"pk": "praise"},
        "secretary",
        {**PRAISE, "version": version("praise")},
    ),
    Page("proposal create", "oversight:proposal_create", {}, "secretary", {**PROPOSAL, **NEW}),
    Page(
        "proposal update",
        "oversight:proposal_update",
        {"pk": "proposal"},
        "secretary",
        {**PROPOSAL, "version": version("proposal")},
    ),
    Page("report create", "reports:report_create", {}, "secretary", REPORT),
    Page(
        "report edit",
        "reports:report_edit",
        {"pk": "report"},
        "secretary",
        {**REPORT, **SECTIONS, "version": Field(lambda w: w.report.revision, "int")},
    ),
]
AUTH_PAGES = [
    (
        "password change",
        "password_change",
        "member",
        {
            "old_password": Field("a-long-test-password"),
            "new_password1": Field("một mật khẩu mới dài"),
            "new_password2": Field("một mật khẩu mới dài"),
        },
    ),
    ("login", "login", None, {"username": Field("lo.van.moi"), "password": Field("a-long-test-password")}),
]
