"""The words of the authorization table (tests/test_authorization.py): the roles, their answers,
the records of a cell that the pages are tried with, what the pages post, and a page's entry.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from figures.models import COUNTS
from jobs.choices import JobKind, JobState
from members.resources import COLUMNS
from notifications.choices import NotificationKind
from notifications.models import Notification, PendingEmailAddress
from notifications.selectors import confirmation_token
from plans.models import CellDocument
from plans.services.calendar import calendar_address_renew
from reports.choices import SectionKey
from reports.models import CommitteeDocument, CommitteeReportSection
from reports.services.editing import report_create
from reports.services.printing import report_finalise
from tests.factories import (
    CommitteeReportFactory,
    JobFactory,
    PraiseFactory,
    ProgrammeFactory,
    RewardProposalFactory,
    StudySessionFactory,
    make_case,
    make_entered_year,
    make_member,
    make_monday_session,
    make_pledge,
    make_story,
    make_study_year,
    report_header,
    write_what_is_left,
)

ROLES = ("anonymous", "member", "leader", "committee", "secretary", "staff", "other_secretary")

# The answers by role, in the order of ROLES.
#                 anonymous  member  leader  committee  secretary  staff  other_secretary
SIGNED_IN = (302, 200, 200, 200, 200, 200, 200)
SIGNED_IN_DO = (302, 302, 302, 302, 302, 302, 302)  # one's own things: notifications, preferences
CELL_READ = (302, 200, 200, 200, 200, 200, 404)  # every member of the cell and the superior office
COMMITTEE_READ = (302, 403, 403, 200, 200, 200, 404)  # the cell committee and the superior office
COMMITTEE_PAGE = (302, 403, 403, 200, 200, 403, 404)  # the cell committee only
COMMITTEE_DO = (302, 403, 403, 302, 302, 403, 404)
WRONG_METHOD = (302, 405, 405, 405, 405, 405, 405)  # login_required answers before require_POST
SECRETARY_PAGE = (302, 403, 403, 403, 200, 403, 404)  # the settings of the cell: its secretary only
SECRETARY_DO = (302, 403, 403, 403, 302, 403, 404)
OFFICE_ONLY = (302, 404, 404, 404, 404, 200, 404)  # the superior committee's own pages
OFFICE_DO = (302, 404, 404, 404, 404, 302, 404)
STAFF_PAGE = (302, 403, 403, 403, 403, 200, 404)  # a cell's page for its superior office alone
STAFF_DO = (302, 403, 403, 403, 403, 302, 404)
REQUESTER_ONLY = (302, 404, 404, 404, 200, 404, 404)  # a job the secretary asked for (or is told)
REQUESTER_DO = (302, 404, 404, 404, 302, 404, 404)
ADMINISTRATOR_DO = (302, 403, 403, 403, 403, 403, 404)  # no role of a cell: the administrator only

PASSWORD = "a-long-test-password"  # tests/factories.make_user
PDF = b"%PDF-1.4\n% a small test file\n"


def pdf_upload(name="tep.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class Scope:
    """The records of one cell that the pages are tried with, each made the first time it is
    asked for, so that a test makes only what its page needs."""

    def __init__(self, *, cell, group, other_group, member, leader, other_group_member, secretary, year):
        self.cell = cell
        self.committee = cell.committee
        self.group = group
        self.other_group = other_group
        self.member = member
        self.leader = leader
        self.other_group_member = other_group_member
        self.secretary = secretary
        self.year = year
        self._pledges = {}

    @cached_property
    def study_year(self):
        return make_study_year(self.cell, self.year)

    def pledge(self, state, member=None):
        """The pledge of the year of the plain member (or another), in the given state."""
        member = member or self.member
        if member.pk not in self._pledges:
            self._pledges[member.pk] = make_pledge(member, self.study_year, state)
        return self._pledges[member.pk]

    @cached_property
    def pledge_with_file(self):
        pledge = self.pledge("submitted")
        pledge.reflection_file.save("thu-hoach.pdf", ContentFile(PDF), save=False)
        pledge.reflection_file_name = "thu-hoach.pdf"
        pledge.save()
        return pledge

    def job(self, state):
        """An import of members the secretary asked for, in the given state."""
        job = JobFactory(
            kind=JobKind.MEMBER_IMPORT, state=state, requested_by=self.secretary.user, cell=self.cell
        )
        if state == JobState.DONE:
            job.result.save("ket-qua.pdf", ContentFile(PDF))
            job.result_name = "ket-qua.pdf"
            job.save()
        return job

    @cached_property
    def notification(self):
        """A notification the secretary was sent."""
        return Notification.objects.create(
            recipient=self.secretary.user,
            cell=self.cell,
            kind=NotificationKind.PLEDGE_SUBMITTED,
            text="Bản đăng ký chờ duyệt",
            link=self.cell.get_absolute_url(),
        )

    @cached_property
    def email_confirmation(self):
        """The link that confirms the address the secretary typed."""
        PendingEmailAddress.objects.create(user=self.secretary.user, address="bithu@example.vn")
        return {"token": confirmation_token(self.secretary.user, "bithu@example.vn")}

    @cached_property
    def without_account(self):
        """A member of the plain member's group with no sign-in account yet."""
        return make_member(self.cell, self.group, full_name="Lý Văn Chưa")

    @cached_property
    def study_session(self):
        return StudySessionFactory(
            study_year=self.study_year, held_on=date(self.year, 3, 10), form="cell_meeting"
        )

    @cached_property
    def document(self):
        document = CellDocument(
            cell=self.cell,
            kind="plan",
            direction="issued",
            number="06-KH/CB",
            issued_on=date(self.year, 1, 16),
            issuer="Chi bộ",
            title="Kế hoạch học tập và làm theo",
            file_name="ke-hoach.pdf",
        )
        document.file.save("ke-hoach.pdf", ContentFile(PDF), save=False)
        document.save()
        return document

    @cached_property
    def committee_document(self):
        document = CommitteeDocument(
            committee=self.committee,
            kind="guidance",
            direction="received",
            number="15-HD/BTGDVTU",
            issued_on=date(self.year, 3, 5),
            issuer="Ban Tuyên giáo và Dân vận Tỉnh ủy",
            title="Hướng dẫn tổng kết 10 năm",
            file_name="huong-dan.pdf",
        )
        document.file.save("huong-dan.pdf", ContentFile(PDF), save=False)
        document.save()
        return document

    @cached_property
    def story(self):
        return make_story(self.cell, "Chiếc đồng hồ")

    @cached_property
    def monday_session(self):
        """A past Monday of the plain member's group, not recorded yet."""
        return make_monday_session(self.cell, self.group, date(2026, 11, 16))

    @cached_property
    def other_group_session(self):
        return make_monday_session(self.cell, self.other_group, date(2026, 11, 23))

    @cached_property
    def planned_pair(self):
        return (
            make_monday_session(self.cell, self.group, date(2026, 12, 14)),
            make_monday_session(self.cell, self.other_group, date(2026, 12, 21)),
        )

    @cached_property
    def calendar_address(self):
        """The address of the plain member's calendar feed."""
        token, secret, _created = calendar_address_renew(actor=self.member.user, cell=self.cell)
        return {"key": token.key, "secret": secret}

    def case(self, state, member=None, **fields):
        return make_case(self.cell, [member or self.member], state=state, **fields)

    @cached_property
    def planned_case(self):
        return self.case("planned")

    @cached_property
    def open_case(self):
        return self.case("in_progress", start_on=date(2026, 1, 5))

    def concluded(self, member=None):
        case = self.case(
            "concluded",
            member,
            start_on=date(2026, 1, 5),
            end_on=date(2026, 2, 5),
            conclusion="shortcomings",
            shortcomings="Chưa đều",
            remedy="Đăng ký lại",
            remedy_due=date(2026, 6, 30),
            attachment_name="ket-luan.pdf",
        )
        case.attachment.save("ket-luan.pdf", ContentFile(PDF))
        return case

    @cached_property
    def concluded_case(self):
        return self.concluded()

    @cached_property
    def programme(self):
        return ProgrammeFactory(cell=self.cell, year=self.year, content="x")

    @cached_property
    def entered_year(self):
        """Figures of a year of the cell's past, entered from its report."""
        return make_entered_year(self.cell, self.year - 7)

    @cached_property
    def praise(self):
        return PraiseFactory(cell=self.cell, member=self.member, praised_on=date(self.year, 5, 19))

    @cached_property
    def proposal(self):
        return RewardProposalFactory(cell=self.cell, member=self.member, proposed_on=date(self.year, 4, 20))

    @cached_property
    def report(self):
        # Written whole, so that it may be made final.
        report = report_create(actor=self.secretary.user, cell=self.cell, data=report_header(self.secretary))
        write_what_is_left(report, self.secretary.user)
        report.refresh_from_db()
        return report

    @cached_property
    def final_report(self):
        report = report_create(
            actor=self.secretary.user, cell=self.cell, data=report_header(self.secretary, number=13)
        )
        write_what_is_left(report, self.secretary.user)
        return report_finalise(actor=self.secretary.user, report=report)

    def _committee_report(self, **fields):
        # Made directly: the other cell's committee has no office to write it.
        report = CommitteeReportFactory(committee=self.committee, **fields)
        CommitteeReportSection.objects.bulk_create(
            CommitteeReportSection(report=report, key=key, text="Nội dung") for key in SectionKey.values
        )
        return report

    @cached_property
    def committee_report(self):
        return self._committee_report(number=3)

    @cached_property
    def final_committee_report(self):
        return self._committee_report(number=4, state="final", final_figures={"pledges": 0})


# What the pages post: valid enough for an allowed role to get its success answer.


def member_data(s):
    return {
        "full_name": "Nguyễn Văn Mới",
        "gender": "male",
        "date_of_birth": "03/02/1990",
        "group": s.other_group.pk,
        "role": "member",
        "status": "official",
        "admitted_on": "02/03/2015",
        "official_on": "02/03/2016",
        "card_number": "79009999",
    }


def import_data(s):
    header = ",".join(COLUMNS.values())
    row = "Lò Thị Mới,Nữ,12/03/1992,03/02/2018,03/02/2019,79100001,,,Tổ đảng số 2,Đảng viên,Chính thức,"
    return {"file": SimpleUploadedFile("dang-vien.csv", f"{header}\n{row}".encode(), content_type="text/csv")}


def year_import_data(s):
    """A past year with the pledge of the plain member, found by name and date of birth."""
    rows = [
        "Loại,Chuyên đề năm,Họ và tên,Ngày sinh,Ngày nộp",
        "Năm,Chuyên đề năm 2019,,,",
        f"Bản đăng ký,,{s.member.full_name},{s.member.date_of_birth:%d/%m/%Y},10/02/2019",
    ]
    content = "\n".join(rows).encode()
    return {"year": 2019, "file": SimpleUploadedFile("nam-2019.csv", content, content_type="text/csv")}


def pledge_edit_data(s):
    pledge = s.pledge("draft")
    return {
        "version": pledge.version,
        "reflection_text": "",
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
        "items-0-action": "Đọc sách về Bác",
        "items-0-aspect": "ethics",
        "items-0-target": "Mỗi tháng một cuốn",
        "items-0-timeframe": "Cả năm",
    }


def assess_data(s):
    pledge = s.pledge("approved")
    data = {"version": pledge.version, "summary": "Đã làm theo"}
    for item in pledge.items.all():
        data[f"result_{item.pk}"] = "done"
        data[f"note_{item.pk}"] = ""
    return data


def document_data(s):
    return {
        "kind": "plan",
        "direction": "issued",
        "number": "07-KH/CB",
        "issued_on": "05/01/2026",
        "issuer": "Chi bộ",
        "title": "Kế hoạch năm 2026",
        "summary": "",
        "file": pdf_upload("ke-hoach-2026.pdf"),
    }


def case_data(s):
    return {
        "kind": "supervision",
        "supervision_kind": "thematic",
        "decision_number": "03-KH/CB",
        "decision_date": "02/03/2026",
        "members": [s.member.pk],
        "on_directive_05": "on",
        "content": "Thực hiện Chỉ thị 05",
        "period_start": "01/01/2025",
        "period_end": "31/12/2025",
        "carried_out_by": "Chi ủy",
        "start_on": "05/01/2026",
    }


def proposal_data(s):
    return {
        "target": "individual",
        "member": s.member.pk,
        "number": "06-TTr/CB",
        "proposed_on": "20/04/2026",
        "addressed_to": "Ban Thường vụ Đảng ủy phường",
        "reason": "Tiêu biểu trong học tập và làm theo Bác",
        "outcome": "pending",
    }


def entered_year_data(s):
    year = s.entered_year.year
    figures = dict.fromkeys(COUNTS, 0) | {"members": 20, "pledges_filed": 19, "pledges_approved": 18}
    return {"report_number": "12-BC/CB", "report_date": f"20/12/{year}", **figures} | seen(s.entered_year)


def report_form_data(s, **extra):
    return {
        "kind": "five_year",
        "start_year": 2021,
        "end_year": 2025,
        "number": 14,
        "title": "Sơ kết 05 năm",
        "place": "Ba Đình",
        "report_date": "15/12/2025",
        "recipients": "- Lưu Chi bộ.",
        "signer": s.secretary.pk,
        "signer_title": "BÍ THƯ",
        **extra,
    }


def committee_report_form_data(s, **extra):
    data = report_form_data(s, **extra) | {"signer_name": "Trần Văn Ủy"}
    del data["signer"]
    return data


def committee_report_kwargs(report: str):
    return lambda s: {"pk": s.committee.pk, "report": getattr(s, report).pk}


def report_edit_data(s):
    return report_form_data(s, number=12, version=s.report.revision) | {
        f"section-{key}": "Nội dung" for key in SectionKey.values
    }


@dataclass(frozen=True)
class Page:
    """One entry of the table: the answers by method and role, the URL's arguments built
    from a cell's records, what a POST sends, and whether its success is a recorded change."""

    answers: dict[str, tuple[int, ...]]
    kwargs: Callable[[Scope], dict] = field(default=lambda s: {})
    data: Callable[[Scope], dict] = field(default=lambda s: {})
    query: str = ""
    writes: bool = True
    public: bool = False  # answers anonymous visitors itself instead of sending them to sign in
    # The arguments naming another cell's record, when the page also names a record of the own
    # cell (the study year of a session); by default every argument is the other cell's.
    foreign_kwargs: Callable[[Scope, Scope], dict] | None = None


def form(kwargs=lambda s: {}, data=lambda s: {}, get=COMMITTEE_PAGE, post=COMMITTEE_DO, **options):
    """A page that shows a form (GET) and saves it (POST)."""
    return Page({"GET": get, "POST": post}, kwargs, data, **options)


def action(kwargs=lambda s: {}, data=lambda s: {}, post=COMMITTEE_DO, **options):
    """A POST-only action: the wrong method answers 405."""
    return Page({"GET": WRONG_METHOD, "POST": post}, kwargs, data, **options)


def read(kwargs=lambda s: {}, get=CELL_READ, **options):
    return Page({"GET": get}, kwargs, **options)


def pledge_pk(state):
    return lambda s: {"pk": s.pledge(state).pk}


def pledge_version(state, **extra):
    return lambda s: {"version": s.pledge(state).version, **extra}


def seen(record) -> dict:
    """The version of the record that an edit page shows, as its form posts it back."""
    return {"version": type(record).objects.get(pk=record.pk).version}


NEW = {"version": 1}  # what the page of a new record posts


def year_kwargs(s):
    return {"year": s.study_year.year}


def year_with_a_pledge(s):
    s.pledge("submitted")
    return year_kwargs(s)


DAY = {"day": "20/11/2026"}
