"""Every form and every upload refuses bad input with a message, never a crash (issue 6).

Each page that takes a POST with data people type is posted random and hostile values drawn
by hypothesis: very long text, control characters, NFD text, emoji, SQL- and HTML-like
strings, impossible dates, out-of-range numbers, ids that do not exist and ids of another
cell's records. The answer is 200 (the form again, with an error shown), 302 or 400, never a
crash; whatever was accepted is clean text, and nothing of the other cell is attached or
changed. Each example runs in a savepoint that is rolled back, so every example starts from
the same records.
"""

import html
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cell05.fields import NFCMixin
from cell05.uploads import DOCUMENT_KINDS, detect_kind
from members.choices import CellRole, Gender, LeftReason, MemberStatus
from members.models import Member, PartyGroup
from members.resources import COLUMNS
from oversight.choices import CaseKind, Conclusion, ProposalOutcome, ProposalTarget, SupervisionKind
from oversight.models import Case, Praise, Programme, RewardProposal
from plans.choices import (
    Aspect,
    DocumentDirection,
    DocumentKind,
    ItemResult,
    MondayState,
    PledgeState,
    Rating,
    StoryKind,
    StudyForm,
)
from plans.models import CellDocument, MondaySession, Pledge, PledgeItem, Story, StudySession
from reports import services as report_services
from reports.choices import ReportKind, SectionKey
from reports.models import Report
from tests.factories import (
    PraiseFactory,
    ProgrammeFactory,
    RewardProposalFactory,
    StudySessionFactory,
    make_case,
    make_document,
    make_member,
    make_monday_session,
    make_pledge,
    make_story,
    make_study_year,
)
from tests.properties import examples

pytestmark = pytest.mark.django_db

EXAMPLES = examples(10)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
# Characters that typed text must not hold: C0 and C1 controls but tab and line breaks, and
# the bidirectional overrides that make a text read otherwise than it is stored.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
VIETNAMESE = re.compile("[À-ỹĐđ]")

# Hostile values

HOSTILE_TEXT = [
    "x" * 10_000,
    "Nguyễn " * 1_500,
    "\x00",
    "Nguyễn\x00Văn",
    "\x1b[31mđỏ\x1b[0m",
    "Hồ sơ\u202egpj.exe",
    "\x7f\x85\x9f",
    "tab\tand\nnew line\r\n",
    unicodedata.normalize("NFD", "Nguyễn Thị Đào, Tổ đảng số 1"),
    "🇻🇳🙂👨‍👩‍👧 Bác Hồ",
    "'; DROP TABLE members_member; --",
    "1' OR '1'='1",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request.user.password }} {% debug %}",
    "%(name)s %s {0} {tokens}",
    "../../etc/passwd",
    "",
    "   ",
    # Grows under NFC: a form that counts before composing lets it past its limit.
    "\u0958" * 301,
    "\ufeff\u200b\u200d",
]
HOSTILE_DATES = [
    "31/02/2021",
    "00/00/0000",
    "01/01/10000",
    "-1",
    "",
    "01/01/0001",
    "31/12/9999",
    "29/02/2023",
    "2021-03-15",
    "15/03/2021 00:00",
    "1e9",
    "15/03/2021\x00",
    "٣١/١٢/٢٠٢١",
]
HOSTILE_INTEGERS = [
    "-1",
    str(2**63),
    str(-(2**63) - 1),
    str(2**31),
    "32768",
    "1e9",
    "1.5",
    "",
    "abc",
    "0",
    "١٢",
    "9" * 400,
]
MISSING_IDS = ["999999999", str(2**63), "-1", "0", "abc", "1.0", ""]


def as_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


texts = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=400),
)
dates = st.one_of(
    st.sampled_from(HOSTILE_DATES),
    st.dates().map(as_date),
    st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(as_date),
)
integers = st.one_of(st.sampled_from(HOSTILE_INTEGERS), st.integers().map(str))


@dataclass
class Field:
    """A field of a page: its good value, and how to draw a hostile one (given the world)."""

    good: object
    kind: str = "text"  # text, date, int, choice, id, ids, bool, file
    choices: list = field(default_factory=list)
    # Names of the world's records (or callables of the world) whose ids a bad value may take.
    foreign: list = field(default_factory=list)

    def resolve(self, world, value):
        if callable(value):
            value = value(world)
        if isinstance(value, list):
            return [self.resolve(world, one) for one in value]
        return getattr(value, "pk", value)

    def hostile(self, world):
        foreign = [
            str(self.resolve(world, name if callable(name) else getattr(world, name)))
            for name in self.foreign
        ]
        if self.kind == "text":
            return texts
        if self.kind == "date":
            return dates
        if self.kind == "int":
            return integers
        if self.kind == "choice":
            return st.one_of(st.sampled_from([*self.choices, "", "DROP", "<b>"]), texts)
        if self.kind == "bool":
            return st.sampled_from(["on", "", "false", "0", "\x00", "x" * 5000])
        ids = st.sampled_from([*foreign, *MISSING_IDS])
        if self.kind == "id":
            return st.one_of(ids, texts)
        if self.kind == "ids":
            return st.lists(ids, max_size=4)
        if self.kind == "file":
            return uploads
        raise AssertionError(self.kind)


def build_upload(content: bytes, name: str):
    return NamedFile(content, name)


file_names = st.one_of(
    st.sampled_from(
        ["x.pdf", "../../etc/passwd.pdf", "a" * 300 + ".pdf", "bad\x00name.pdf", "..", ".pdf", "x.PDF.exe"]
    ),
    st.text(min_size=1, max_size=300).map(lambda name: name + ".pdf"),
)
file_contents = st.one_of(
    st.sampled_from([PDF, EXECUTABLE, b"", b"PK\x03\x04 not a zip", b"\xd0\xcf\x11\xe0"]),
    st.binary(max_size=2000),
    st.binary(max_size=200).map(lambda tail: b"%PDF-" + tail),
)
uploads = st.builds(lambda content, name: ("upload", content, name), file_contents, file_names)


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


@pytest.fixture
def records(world):
    """The world, with one record of each kind that the pages change, and the other cell's
    counterparts whose ids the hostile values borrow."""
    w = world
    w.no_account = make_member(w.cell, w.group2, full_name="Lò Văn Chưa")
    w.left_member = make_member(
        w.cell, w.group2, full_name="Mã Văn Đi", left_on=date(2020, 1, 1), left_reason="other"
    )
    w.other_cell_member.card_number = "79200001"
    w.other_cell_member.save()
    study_year = make_study_year(w.cell, 2026)
    other_year = make_study_year(w.other_cell, 2026)
    w.draft_pledge = make_pledge(w.member, study_year)
    w.draft_item = w.draft_pledge.items.first()
    w.submitted_pledge = make_pledge(w.other_group_member, study_year, PledgeState.SUBMITTED)
    w.approved_pledge = make_pledge(w.deputy, study_year, PledgeState.APPROVED)
    w.assessed_pledge = make_pledge(w.committee_member, study_year, PledgeState.SELF_ASSESSED)
    w.other_pledge = make_pledge(w.other_cell_member, other_year, PledgeState.SUBMITTED)
    w.other_item = w.other_pledge.items.first()
    w.document = make_document(w.cell, issued_on=date(2021, 3, 1), on_directive_05=False)
    w.study_session = StudySessionFactory(study_year=study_year, form=StudyForm.CELL_MEETING)
    w.story = make_story(w.cell, "Chiếc đồng hồ")
    w.other_story = make_story(w.other_cell, "Chuyện thôn khác")
    w.monday_session = make_monday_session(w.cell, w.group1, date(2021, 3, 8))
    w.monday_session2 = make_monday_session(w.cell, w.group2, date(2021, 3, 15))
    w.held_session = make_monday_session(w.cell, w.group1, date(2021, 3, 1), state="held", reader=w.member)
    w.other_monday_session = make_monday_session(w.other_cell, w.other_group, date(2021, 3, 22))
    w.programme = ProgrammeFactory(cell=w.cell)
    w.other_programme = ProgrammeFactory(cell=w.other_cell)
    w.planned_case = make_case(w.cell, [w.member])
    w.running_case = make_case(w.cell, [w.member], state="in_progress", start_on=date(2026, 3, 1))
    w.concluded_case = make_case(
        w.cell,
        [w.member],
        state="concluded",
        conclusion="shortcomings",
        remedy="Bổ sung",
        start_on=date(2026, 1, 5),
        end_on=date(2026, 2, 5),
    )
    make_case(w.other_cell, [w.other_cell_member])
    w.praise = PraiseFactory(cell=w.cell, member=w.member)
    w.proposal = RewardProposalFactory(cell=w.cell, member=w.member)
    w.report = report_services.report_create(
        actor=w.secretary.user,
        cell=w.cell,
        data={
            "kind": ReportKind.FIVE_YEAR,
            "start_year": 2021,
            "end_year": 2025,
            "number": 12,
            "title": "Sơ kết",
            "place": "Ba Đình",
            "report_date": date(2025, 12, 15),
            "recipients": "- Lưu Chi bộ.",
            "signer": w.secretary,
            "signer_title": "BÍ THƯ",
        },
    )
    return w


# What must hold after every request, whatever was posted


def other_cell_state(world) -> list:
    cell = world.other_cell
    return [
        list(Member.objects.filter(cell=cell).order_by("pk").values()),
        list(PartyGroup.objects.filter(cell=cell).order_by("pk").values()),
        list(Pledge.objects.filter(member__cell=cell).order_by("pk").values()),
        list(PledgeItem.objects.filter(pledge__member__cell=cell).order_by("pk").values()),
        list(Story.objects.filter(cell=cell).order_by("pk").values()),
        list(MondaySession.objects.filter(cell=cell).order_by("pk").values()),
        list(Programme.objects.filter(cell=cell).order_by("pk").values()),
        list(
            Case.objects.filter(cell=cell)
            .order_by("pk")
            .values("pk", "state", "programme", "decision_number")
        ),
    ]


def crossings() -> list[str]:
    """Every link from a record of one cell to a record of another."""
    found = []
    links = [
        (Member, "cell", ["group__cell"]),
        (PartyGroup, "cell", ["leader__cell"]),
        (StudySession, "study_year__cell", ["attendees__cell"]),
        (Case, "cell", ["members__cell", "programme__cell"]),
        (Praise, "cell", ["member__cell"]),
        (RewardProposal, "cell", ["member__cell", "group__cell"]),
        (MondaySession, "cell", ["group__cell", "reader__cell", "story__cell"]),
        (Report, "cell", ["signer__cell"]),
        (Pledge, "member__cell", ["reviewed_by__cell", "evaluated_by__cell"]),
        (PledgeItem, "pledge__member__cell", []),
    ]
    for model, own, others in links:
        for other in others:
            for row in model.objects.values_list("pk", own, other):
                if row[2] is not None and row[1] != row[2]:
                    found.append(f"{model.__name__} #{row[0]}: {other}")
    return found


TEXT_MODELS = [Member, PartyGroup, StudySession, Case, Praise, RewardProposal, MondaySession, Report, Pledge]
TEXT_MODELS += [PledgeItem, Story, Programme, CellDocument]


def unclean_texts() -> list[str]:
    """Stored text with control characters, or not in NFC."""
    found = []
    for model in TEXT_MODELS:
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, NFCMixin)]
        names += [
            name
            for name in ("card_number", "file_name", "reflection_file_name", "attachment_name")
            if name in {f.name for f in model._meta.concrete_fields}
        ]
        for row in model.objects.values_list("pk", *names):
            for name, value in zip(names, row[1:], strict=True):
                if CONTROL.search(value) or unicodedata.normalize("NFC", value) != value:
                    found.append(f"{model.__name__} #{row[0]}.{name} = {value[:40]!r}")
    return found


def shown_errors(response) -> list[str]:
    """The errors of the page's form, formset and section texts."""
    messages = []
    for key in ("form", "formset", "sections"):
        if response.context is None or key not in response.context:
            continue
        form = response.context[key]
        if not getattr(form, "is_bound", False):
            continue
        if hasattr(form, "non_form_errors"):  # a formset
            messages += list(form.non_form_errors())
            messages += [m for errors in form.errors for ms in errors.values() for m in ms]
        else:
            messages += [m for ms in form.errors.values() for m in ms]
    return list(dict.fromkeys(messages))


def assert_refused_with_a_message(response):
    errors = shown_errors(response)
    assert errors, "a form posted back with 200 must say what is wrong"
    page = response.content.decode()
    assert any(html.escape(message) in page or message in page for message in errors), errors
    for message in errors:
        assert VIETNAMESE.search(message), f"not in Vietnamese: {message!r}"


def post_values(world, fields: dict, data) -> tuple[dict, dict]:
    """Draw the posted values: either one field hostile and the others good (so that the value
    reaches the service and the database), or every field drawn at random."""
    one_bad = data.draw(st.booleans(), label="one field hostile")
    names = list(fields)
    hostile = {data.draw(st.sampled_from(names), label="hostile field")} if one_bad else set(names)
    posted, files = {}, {}
    for name, spec in fields.items():
        if name not in hostile:
            value = spec.good
        elif one_bad:
            value = data.draw(spec.hostile(world), label=name)
        else:
            value = data.draw(st.one_of(st.just(spec.good), spec.hostile(world)), label=name)
        value = spec.resolve(world, value)
        if isinstance(value, tuple) and value[0] == "upload":
            files[name] = build_upload(value[1], value[2])
        elif value is not None:
            posted[name] = value
    return posted, files


def item_fields(page: Page, world) -> dict:
    """The self-assessment page has a result and a note field per item of the pledge."""
    if "result_ITEM" not in page.fields:
        return page.fields
    fields = {name: spec for name, spec in page.fields.items() if "ITEM" not in name}
    for item in world.approved_pledge.items.all():
        fields[f"result_{item.pk}"] = page.fields["result_ITEM"]
        fields[f"note_{item.pk}"] = page.fields["note_ITEM"]
    return fields


def check_answer(response, world, before, *, login_page=False):
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 302 and not login_page:
        assert not response["Location"].startswith(reverse("login")), "the persona was signed out"
    if response.status_code == 200:
        assert_refused_with_a_message(response)
    assert crossings() == []
    assert unclean_texts() == []
    assert other_cell_state(world) == before


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
@EXAMPLES
@given(data=st.data())
def test_every_form_refuses_hostile_input_without_crashing(records, page, data):
    world = records
    fields = item_fields(page, world)
    posted, files = post_values(world, fields, data)
    before = other_cell_state(world)
    client = Client()
    with transaction.atomic():
        client.force_login(getattr(world, page.persona).user)
        response = client.post(page.address(world), {**posted, **files})
        check_answer(response, world, before)
        transaction.set_rollback(True)


@pytest.mark.parametrize("name,url,persona,fields", AUTH_PAGES, ids=[page[0] for page in AUTH_PAGES])
@EXAMPLES
@given(data=st.data())
def test_sign_in_and_password_change_refuse_hostile_input(records, name, url, persona, fields, data):
    world = records
    posted, _files = post_values(world, fields, data)
    before = other_cell_state(world)
    client = Client()
    with transaction.atomic():
        if persona:
            client.force_login(getattr(world, persona).user)
        response = client.post(reverse(url), posted)
        check_answer(response, world, before, login_page=persona is None)
        transaction.set_rollback(True)


# Uploads

UPLOAD_PAGES = {
    "document": ("plans:document_create", None, "secretary"),
    "reflection": ("plans:pledge_reflection", "draft_pledge", "member"),
    "case attachment": ("oversight:case_attach", "running_case", "secretary"),
}


def upload_post(world, page: str, upload) -> dict:
    if page == "document":
        fields = {name: Field(spec.good).resolve(world, spec.good) for name, spec in DOCUMENT.items()}
        fields = {**{k: v for k, v in fields.items() if v is not None}, "version": 1}
        return {**fields, "number": "99-KH/CB", "file": upload}
    if page == "reflection":
        return {"version": world.draft_pledge.version, "file": upload}
    return {"file": upload}


def stored_upload(world, page: str):
    """The stored file of the page's record and its original name as kept."""
    if page == "document":
        document = CellDocument.objects.filter(cell=world.cell, number="99-KH/CB").first()
        return (document.file, document.file_name) if document else (None, "")
    if page == "reflection":
        pledge = Pledge.objects.get(pk=world.draft_pledge.pk)
        return pledge.reflection_file, pledge.reflection_file_name
    case = Case.objects.get(pk=world.running_case.pk)
    return case.attachment, case.attachment_name


def multipart(data: dict) -> tuple[bytes, str]:
    """The body of a form post, with each file's name exactly as given: the test client would
    strip a path from it, a hostile browser does not."""
    boundary = "----cell05-boundary-7MA4YWxkTrZu0gW"
    parts = []
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            if hasattr(one, "read"):
                one.seek(0)
                header = (
                    f'Content-Disposition: form-data; name="{name}"; filename="{one.name}"\r\n'
                    "Content-Type: application/pdf"
                )
                content = one.read()
            else:
                header, content = f'Content-Disposition: form-data; name="{name}"', str(one).encode()
            parts.append(f"--{boundary}\r\n{header}\r\n\r\n".encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class NamedFile(io.BytesIO):
    def __init__(self, content: bytes, name: str):
        super().__init__(content)
        self.name = name


def post_upload(world, page: str, upload):
    url, record, persona = UPLOAD_PAGES[page]
    kwargs = {"slug": world.cell.slug, **({"pk": getattr(world, record).pk} if record else {})}
    client = Client()
    client.force_login(getattr(world, persona).user)
    body, content_type = multipart(upload_post(world, page, upload))
    response = client.post(reverse(url, kwargs=kwargs), body, content_type=content_type)
    if response.status_code == 302:
        response = client.get(response["Location"])
    return response


def fifty_megabytes(name):
    return NamedFile(b"%PDF-" + b"0" * (50 * 1024 * 1024), name)


@pytest.mark.parametrize("page", UPLOAD_PAGES)
@pytest.mark.parametrize(
    "upload,message",
    [
        (lambda: build_upload(EXECUTABLE, "x.pdf"), "Loại tệp này không được chấp nhận"),
        (lambda: build_upload(EXECUTABLE, "Biên bản.docx"), "Loại tệp này không được chấp nhận"),
        (lambda: build_upload(b"", "x.pdf"), "Tập tin được gửi là rỗng."),
        (lambda: fifty_megabytes("lớn.pdf"), "Tệp lớn hơn 10 MB."),
    ],
    ids=["executable named .pdf", "executable named .docx", "zero bytes", "50 MB"],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_stored(records, page, upload, message):
    response = post_upload(records, page, upload())
    assert response.status_code == 200
    assert message in response.content.decode()
    stored, name = stored_upload(records, page)
    assert (bool(stored), name) == (False, "")


STORED_NAME = re.compile(r"^[a-z]+/[0-9a-f]{32}\.[a-z0-9]{1,8}$")


@pytest.mark.parametrize("page", UPLOAD_PAGES)
@pytest.mark.parametrize(
    "name,kept",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("a" * 300 + ".pdf", "a" * 200),
        ("bad\x00name.pdf", None),
        ("Bài thu hoạch\u202efdp.exe", None),
        ("..\\..\\windows\\x.pdf", None),
    ],
    ids=["path", "300 characters", "NUL", "right-to-left override", "backslashes"],
)
def test_a_hostile_file_name_is_never_used_as_a_path(records, page, name, kept):
    response = post_upload(records, page, build_upload(PDF, name))
    assert response.status_code == 200
    stored, original = stored_upload(records, page)
    if not stored:  # refused: the page says why
        assert shown_errors(response) or list(response.context["messages"])
        return
    assert STORED_NAME.match(stored.name), stored.name
    assert stored.storage.exists(stored.name)
    assert len(original) <= 200
    assert not CONTROL.search(original) and "/" not in original and "\\" not in original
    if kept is not None:
        assert original == kept


@EXAMPLES
@given(content=file_contents, name=file_names)
def test_random_files_and_names_are_refused_or_kept_under_a_generated_name(records, content, name):
    with transaction.atomic():
        response = post_upload(records, "case attachment", build_upload(content, name))
        assert response.status_code == 200
        stored, original = stored_upload(records, "case attachment")
        if stored:
            assert detect_kind(io.BytesIO(content)) in DOCUMENT_KINDS
            assert STORED_NAME.match(stored.name), stored.name
            assert len(original) <= 200 and not CONTROL.search(original) and "/" not in original
        else:
            assert [m for m in response.context["messages"] if m.level_tag == "error"]
        transaction.set_rollback(True)


# The member import: a file with any bad row saves nothing (issue 2)

import_cells = {
    "Họ và tên": st.one_of(st.just("Lò Văn Nhập"), texts),
    "Giới tính": st.one_of(st.sampled_from(["Nam", "Nữ", "nu", "male", "Khác", ""]), texts),
    "Ngày sinh": st.one_of(st.just("01/01/1990"), dates),
    "Ngày vào Đảng": st.one_of(st.just("19/05/2015"), dates),
    "Ngày chính thức": st.one_of(st.just("19/05/2016"), dates),
    "Số thẻ đảng viên": st.one_of(st.sampled_from(["79100100", "79200001", ""]), texts),
    "Chức vụ": texts,
    "Nơi công tác": texts,
    "Tổ đảng": st.one_of(
        st.sampled_from(["Tổ đảng số 1", "to dang so 2", "Tổ đảng số 1 ", "Tổ không có"]), texts
    ),
    "Chức vụ trong chi bộ": st.one_of(st.sampled_from(["Đảng viên", "Bí thư", ""]), texts),
    "Trạng thái": st.one_of(st.sampled_from(["Chính thức", "Dự bị", ""]), texts),
    "Ngày chuyển đến chi bộ": st.one_of(st.just(""), dates),
}
import_rows = st.fixed_dictionaries(import_cells)
# Rows that are wrong whatever else the file holds.
SURELY_BAD_ROWS = [
    {"Họ và tên": "Sai Ngày", "Giới tính": "Nam", "Ngày sinh": "31/02/1990"},
    {"Họ và tên": "Tổ Lạ", "Giới tính": "Nữ", "Tổ đảng": "Tổ không có"},
    {
        "Họ và tên": "Thẻ Mượn",
        "Giới tính": "Nam",
        "Số thẻ đảng viên": "79200001",
        "Ngày chính thức": "01/01/2010",
    },
    {"Họ và tên": "\x1b[2J", "Giới tính": "Nam", "Ngày chính thức": "01/01/2010"},
    {"Họ và tên": "Thẻ\x00Rỗng", "Giới tính": "Nam", "Ngày chính thức": "01/01/2010"},
    {"Họ và tên": "", "Giới tính": "Nam"},
]


def csv_content(rows: list[dict]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS.values()))
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def members_now() -> list:
    return list(Member.objects.order_by("pk").values())


@EXAMPLES
@given(
    rows=st.lists(import_rows, max_size=4),
    bad=st.lists(st.sampled_from(SURELY_BAD_ROWS), min_size=1, max_size=2),
    raw=st.one_of(st.none(), st.binary(max_size=500)),
    position=st.integers(min_value=0, max_value=4),
)
def test_an_import_with_a_bad_row_lists_it_and_saves_nothing(records, rows, bad, raw, position):
    world = records
    rows = rows[:position] + bad + rows[position:]
    content = raw if raw is not None else csv_content(rows)
    before = members_now()
    url = reverse("members:member_import", kwargs={"slug": world.cell.slug})
    client = Client()
    with transaction.atomic():
        client.force_login(world.secretary.user)
        preview = client.post(
            url, {"file": SimpleUploadedFile("dang-vien.csv", content, content_type="text/csv")}
        )
        assert preview.status_code == 200
        if "problems" in preview.context:
            assert preview.context["problems"], "a file with a bad row must list its problems"
            assert all(problem["message"] for problem in preview.context["problems"])
        else:
            assert_refused_with_a_message(preview)
        assert members_now() == before
        confirmed = client.post(reverse("members:member_import_confirm", kwargs={"slug": world.cell.slug}))
        assert confirmed.status_code == 302
        assert confirmed["Location"] == url
        assert members_now() == before
        transaction.set_rollback(True)


# The crashes hypothesis found, kept as plain cases so that each stays fixed on every run


def test_a_user_name_longer_than_any_account_is_refused_at_sign_in(records):
    response = Client().post(reverse("login"), {"username": "x" * 10_000, "password": "a-long-test-password"})
    assert response.status_code == 200
    assert "tối đa 150" in response.content.decode()


def test_an_id_larger_than_the_database_holds_is_refused_in_a_list_of_records(records, login):
    response = login(records.secretary).post(
        reverse("plans:year_bulk_approve", kwargs={"slug": records.cell.slug, "year": 2026}),
        {"pledges": [str(2**63)]},
    )
    assert response.status_code == 302
    assert Pledge.objects.get(pk=records.submitted_pledge.pk).state == PledgeState.SUBMITTED


@pytest.mark.parametrize("start_year", ["0", "32768", str(2**63)])
def test_a_report_edit_with_an_impossible_year_shows_the_form_again(records, login, start_year):
    data = {name: Field(spec.good).resolve(records, spec.good) for name, spec in REPORT.items()}
    response = login(records.secretary).post(
        reverse("reports:report_edit", kwargs={"slug": records.cell.slug, "pk": records.report.pk}),
        {**data, "start_year": start_year},
    )
    assert response.status_code == 200
    assert "start_year" in response.context["form"].errors
    assert Report.objects.get(pk=records.report.pk).start_year == 2021


def test_a_proposal_with_a_decision_but_no_valid_date_of_proposal_is_refused(records, login):
    data = {name: Field(spec.good).resolve(records, spec.good) for name, spec in PROPOSAL.items()}
    response = login(records.secretary).post(
        reverse("oversight:proposal_create", kwargs={"slug": records.cell.slug}),
        {**data, "proposed_on": "31/02/2021", "decision_date": "01/05/2021", "version": 1},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["proposed_on"] == ["Nhập một ngày hợp lệ."]


def test_control_characters_in_a_party_card_number_are_refused(records, login):
    data = {name: Field(spec.good).resolve(records, spec.good) for name, spec in MEMBER.items()}
    response = login(records.secretary).post(
        reverse("members:member_create", kwargs={"slug": records.cell.slug}),
        {**data, "card_number": "791\x1b[2J"},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["card_number"]
    assert not Member.objects.filter(full_name="Lò Văn Mới").exists()


def test_a_pledge_item_that_grows_past_its_limit_when_composed_is_refused_on_its_field(records, login):
    data = {name: Field(spec.good).resolve(records, spec.good) for name, spec in ITEMS.items()}
    response = login(records.member).post(
        reverse("plans:pledge_edit", kwargs={"slug": records.cell.slug, "pk": records.draft_pledge.pk}),
        {**data, "version": records.draft_pledge.version, "items-0-target": "\u0958" * 300},
    )
    assert response.status_code == 200
    assert list(response.context["formset"].errors[0]) == ["target"]


def test_a_tampered_pledge_version_is_said_on_the_page(records, login):
    data = {name: Field(spec.good).resolve(records, spec.good) for name, spec in ITEMS.items()}
    response = login(records.member).post(
        reverse("plans:pledge_edit", kwargs={"slug": records.cell.slug, "pk": records.draft_pledge.pk}),
        {**data, "version": "-1"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Nội dung trang đã cũ; đề nghị đồng chí thực hiện lại."
    ]
    assert "Nội dung trang đã cũ" in response.content.decode()
