"""Who gets what on every page of the site (issue 6, "Access"): one table.

Every URL pattern of the project, read from the URLconf, so that a new page without an entry
here fails; every role; every method the page accepts (and the wrong one of a POST-only
action) -> the exact answer. Object pages are also tried with another member's records and
with another cell's records: a member never learns that another member's record exists (404,
not 403), and nothing of another cell is ever found (404).

The rules as they are meant: anonymous visitors are sent to the sign-in page (302); anything
of another cell answers 404; a member who may see a page but lacks the permission for it gets
403; a record the user may not see answers 404; a wrong method answers 405.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import URLResolver, get_resolver, reverse

from figures.models import COUNTS
from jobs.choices import JobKind, JobState
from jobs.models import Job
from members.choices import CommitteeKind
from members.resources import COLUMNS
from notifications.choices import NotificationKind
from notifications.models import Notification, PendingEmailAddress
from notifications.selectors import confirmation_token
from plans.models import CellDocument
from plans.services.calendar import calendar_address_renew
from reports import services as report_services
from reports.choices import SectionKey
from reports.models import CommitteeDocument, CommitteeReportSection
from tests.factories import (
    CommitteeReportFactory,
    JobFactory,
    PraiseFactory,
    ProgrammeFactory,
    RewardProposalFactory,
    StudySessionFactory,
    make_case,
    make_cell,
    make_committee,
    make_entered_year,
    make_group,
    make_member,
    make_monday_session,
    make_pledge,
    make_story,
    make_study_year,
    make_user,
    report_header,
    write_what_is_left,
)

pytestmark = pytest.mark.django_db

# The Django admin is left out: it is for superusers only and Django guards it itself (every
# page asks for a signed-in staff user); tests/test_admin.py covers it.
EXCLUDED_NAMESPACES = {"admin"}

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
        report = report_services.report_create(
            actor=self.secretary.user, cell=self.cell, data=report_header(self.secretary)
        )
        write_what_is_left(report, self.secretary.user)
        report.refresh_from_db()
        return report

    @cached_property
    def final_report(self):
        report = report_services.report_create(
            actor=self.secretary.user, cell=self.cell, data=report_header(self.secretary, number=13)
        )
        write_what_is_left(report, self.secretary.user)
        return report_services.report_finalise(actor=self.secretary.user, report=report)

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


@pytest.fixture
def site(world):
    """The world of tests/conftest.py, the records of its cell and of the other cell, and
    the user of each role."""
    own = Scope(
        cell=world.cell,
        group=world.group1,
        other_group=world.group2,
        member=world.member,
        leader=world.leader,
        other_group_member=world.other_group_member,
        secretary=world.secretary,
        year=2026,
    )
    other = Scope(
        cell=world.other_cell,
        group=world.other_group,
        other_group=world.other_group,
        member=world.other_cell_member,
        leader=world.other_secretary,
        other_group_member=world.other_cell_member,
        secretary=world.other_secretary,
        year=2025,
    )
    users = {
        "anonymous": None,
        "member": world.member.user,
        "leader": world.leader.user,
        "committee": world.committee_member.user,
        "secretary": world.secretary.user,
        "staff": world.staff,
        "other_secretary": world.other_secretary.user,
    }
    return SimpleNamespace(world=world, own=own, other=other, users=users)


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

TABLE = {
    # The site: the home page, signing in and out, the language.
    "home": read(get=SIGNED_IN),
    "login": Page(
        {"GET": (200, 302, 302, 302, 302, 302, 302), "POST": (302,) * 7},
        data=lambda s: {"username": s.member.user.username, "password": PASSWORD},
        writes=False,
        public=True,
    ),
    "logout": Page({"GET": (405,) * 7, "POST": (302,) * 7}, writes=False, public=True),
    "password_change": form(
        get=SIGNED_IN,
        post=(302,) * 7,
        data=lambda s: {
            "old_password": PASSWORD,
            "new_password1": "Mot-mat-khau-moi-2026",
            "new_password2": "Mot-mat-khau-moi-2026",
        },
        writes=False,
    ),
    "password_change_done": read(get=SIGNED_IN),
    # Public by design: it only sets the language of the interface.
    "set_language": Page(
        {"POST": (302,) * 7}, data=lambda s: {"language": "en", "next": "/"}, writes=False, public=True
    ),
    # The cell, its groups and its members.
    "members:cell_detail": read(),
    "members:cell_update": form(
        data=lambda s: {
            "name": "Chi bộ Khu phố 1",
            "code": "CB",
            "place": "Ba Đình",
            "version": s.cell.version,
        },
        get=SECRETARY_PAGE,
        post=SECRETARY_DO,
    ),
    "members:cell_rename": form(
        data=lambda s: {"name": "Chi bộ Khu phố 1 mới", "on": "01/06/2026"},
        get=SECRETARY_PAGE,
        post=SECRETARY_DO,
    ),
    "members:committee_update": form(
        lambda s: {"pk": s.committee.pk},
        lambda s: {
            "name": "Đảng ủy phường Ba Đình",
            "code": "ĐU",
            "place": "Ba Đình",
            "version": s.committee.version,
        },
        get=OFFICE_ONLY,
        post=OFFICE_DO,
    ),
    "members:group_list": read(),
    "members:group_create": form(data=lambda s: {"name": "Tổ đảng số 3", "order": 3}),
    "members:group_update": form(
        lambda s: {"pk": s.group.pk},
        lambda s: {"name": "Tổ đảng số 1 mới", "order": 1, "leader": s.leader.pk, "version": s.group.version},
    ),
    "members:group_rename": form(
        lambda s: {"pk": s.other_group.pk}, lambda s: {"name": "Tổ đảng đổi tên", "on": "01/06/2026"}
    ),
    "members:group_merge": form(
        lambda s: {"pk": s.other_group.pk}, lambda s: {"into": s.group.pk, "on": "01/06/2026"}
    ),
    # A group without members: one with members is refused until they move.
    "members:group_dissolve": form(lambda s: {"pk": make_group(s.cell).pk}, lambda s: {"on": "01/06/2026"}),
    "members:member_list": read(),
    "members:member_create": form(data=member_data),
    "members:member_import": form(data=import_data, post=COMMITTEE_PAGE, writes=False),  # a preview
    # Without a previewed file it sends the committee back to the upload page.
    "members:member_import_confirm": action(writes=False),
    # Deletes the previewed file of the session, if any, and sends the committee to the list.
    "members:member_import_cancel": action(writes=False),
    "members:cell_backup": action(post=ADMINISTRATOR_DO),
    "members:member_export": read(get=COMMITTEE_READ),
    "members:member_detail": read(lambda s: {"pk": s.member.pk}),
    "members:member_update": form(
        lambda s: {"pk": s.member.pk},
        lambda s: (
            {k: v for k, v in member_data(s).items() if k != "group"}
            | {"full_name": "Nguyễn Thị Đào", "version": s.member.version}
        ),
    ),
    # The secretary gives the roles of the others; the superior office names or relieves a secretary.
    "members:member_role": form(
        lambda s: {"pk": s.member.pk},
        lambda s: {"role": "committee_member", "version": s.member.version},
        get=(302, 403, 403, 403, 200, 200, 404),
        post=(302, 403, 403, 403, 302, 302, 404),
    ),
    "members:member_move": form(lambda s: {"pk": s.member.pk}, lambda s: {"group": s.other_group.pk}),
    "members:member_leave": form(
        lambda s: {"pk": s.member.pk}, lambda s: {"left_on": "01/11/2026", "reason": "transfer"}
    ),
    # Another member of the plain member's group: the plain member may not even see the record.
    "members:member_account": form(
        lambda s: {"pk": s.without_account.pk},
        lambda s: {"username": "ly-van-chua", "password": "Mot-mat-khau-dai-2026"},
        get=(302, 404, 403, 200, 200, 403, 404),
        post=(302, 404, 403, 302, 302, 403, 404),
    ),
    # The study years, the pledges, the documents and the study sessions.
    "plans:year_list": read(),
    # The import of a past year: the secretary and the deputy (whom the table has no role for).
    "operations:year_import_template": read(get=SECRETARY_PAGE),
    "operations:year_import": form(
        data=year_import_data, get=SECRETARY_PAGE, post=SECRETARY_PAGE, writes=False
    ),  # a preview
    # Without a previewed file it sends the secretary back to the upload page.
    "operations:year_import_confirm": action(post=SECRETARY_DO, writes=False),
    # Deletes the previewed file of the session, if any, and sends the secretary to the years.
    "operations:year_import_cancel": action(post=SECRETARY_DO, writes=False),
    "plans:year_create": form(
        data=lambda s: (
            {"year": 2027, "theme": "Chuyên đề 2027", "pledge_deadline": "", "key_contents": "A"} | NEW
        )
    ),
    "plans:year_detail": read(year_kwargs),
    "plans:year_update": form(
        year_kwargs,
        lambda s: (
            {"theme": "Chuyên đề mới", "pledge_deadline": "", "key_contents": "A\nB"} | seen(s.study_year)
        ),
    ),
    "plans:year_export": read(year_kwargs, get=COMMITTEE_READ),
    "plans:year_bulk_approve": action(year_kwargs, lambda s: {"pledges": [s.pledge("submitted").pk]}),
    # Only a member of the cell has a pledge of the own.
    "plans:my_pledge": form(
        year_kwargs, get=(302, 200, 200, 200, 200, 404, 404), post=(302, 302, 302, 302, 302, 404, 404)
    ),
    "plans:session_create": form(
        year_kwargs,
        lambda s: (
            {
                "held_on": "10/03/2026",
                "form": "cell_meeting",
                "content": "Học",
                "attendees": [s.member.pk],
            }
            | NEW
        ),
    ),
    "plans:session_update": form(
        lambda s: {"year": s.study_year.year, "pk": s.study_session.pk},
        lambda s: (
            {
                "held_on": "11/03/2026",
                "form": "conference",
                "content": "Học",
                "attendees": [s.member.pk],
            }
            | seen(s.study_session)
        ),
        foreign_kwargs=lambda own, other: {"year": own.study_year.year, "pk": other.study_session.pk},
    ),
    "plans:year_pledges_pdf": read(year_with_a_pledge, get=COMMITTEE_READ),
    # The pledge of the plain member, whose group the leader leads.
    "plans:pledge_detail": read(pledge_pk("draft")),
    "plans:pledge_pdf": read(pledge_pk("submitted")),
    "plans:pledge_edit": form(
        pledge_pk("draft"),
        pledge_edit_data,
        get=(302, 200, 403, 200, 200, 403, 404),
        post=(302, 302, 403, 302, 302, 403, 404),
    ),
    "plans:pledge_submit": action(
        pledge_pk("draft"), pledge_version("draft"), post=(302, 302, 403, 302, 302, 403, 404)
    ),
    # Nobody reviews the own pledge; the leader reviews the own group's.
    "plans:pledge_approve": action(
        pledge_pk("submitted"), pledge_version("submitted"), post=(302, 403, 302, 302, 302, 403, 404)
    ),
    "plans:pledge_return": action(
        pledge_pk("submitted"),
        pledge_version("submitted", comment="Ghi rõ hơn"),
        post=(302, 403, 302, 302, 302, 403, 404),
    ),
    "plans:pledge_assess": form(
        pledge_pk("approved"),
        assess_data,
        get=(302, 200, 403, 200, 200, 403, 404),
        post=(302, 302, 403, 302, 302, 403, 404),
    ),
    "plans:pledge_evaluate": form(
        pledge_pk("self_assessed"), pledge_version("self_assessed", rating="good", score=80, comment="")
    ),
    "plans:pledge_reflection": action(
        pledge_pk("draft"),
        lambda s: {"version": s.pledge("draft").version, "file": pdf_upload("thu-hoach.pdf")},
        post=(302, 302, 403, 302, 302, 403, 404),
    ),
    "plans:pledge_reflection_file": read(lambda s: {"pk": s.pledge_with_file.pk}),
    "plans:document_list": read(),
    "plans:document_create": form(data=lambda s: document_data(s) | NEW),
    "plans:document_update": form(
        lambda s: {"pk": s.document.pk},
        lambda s: document_data(s) | {"number": "06-KH/CB"} | seen(s.document),
    ),
    "plans:document_file": read(lambda s: {"pk": s.document.pk}),
    # The Monday sessions and the story library.
    "plans:monday_rota": read(),
    "plans:monday_generate": action(data=lambda s: {"year": 2027}),
    "plans:monday_day_off": form(data=lambda s: {"day": "07/12/2026", "reason": "Họp đột xuất"}),
    "plans:monday_swap": form(
        data=lambda s: {"first": s.planned_pair[0].pk, "second": s.planned_pair[1].pk}, query="?year=2026"
    ),
    "plans:monday_pdf": read(query="?year=2026&month=11"),
    # The session of the leader's group.
    "plans:monday_record": form(
        lambda s: {"pk": s.monday_session.pk},
        lambda s: (
            {
                "state": "held",
                "reader": s.member.pk,
                "story": "",
                "attendance": 20,
                "note": "",
                "not_held_reason": "",
            }
            | seen(s.monday_session)
        ),
        get=(302, 403, 200, 200, 200, 403, 404),
        post=(302, 403, 302, 302, 302, 403, 404),
    ),
    # Each member of the cell renews the address of the own calendar feed; the office has none.
    "plans:calendar_renew": action(post=(302, 302, 302, 302, 302, 403, 404)),
    # The address is the key: whoever holds it reads that one member's feed, signed in or not.
    "plans:calendar_feed": Page({"GET": (200,) * 7}, lambda s: s.calendar_address, writes=False, public=True),
    "plans:story_list": read(),
    "plans:story_create": form(
        data=lambda s: (
            {
                "title": "Bác Hồ và những chiếc đũa",
                "kind": "story",
                "source": "",
                "text": "Đoàn kết.",
            }
            | NEW
        )
    ),
    "plans:story_detail": read(lambda s: {"pk": s.story.pk}),
    "plans:story_update": form(
        lambda s: {"pk": s.story.pk},
        lambda s: (
            {"title": "Chiếc đồng hồ", "kind": "story", "source": "Sách", "text": "Mọi bộ phận."}
            | seen(s.story)
        ),
    ),
    # Inspection and supervision: a member sees the own cases once concluded, nothing else.
    "oversight:case_list": read(),
    "oversight:case_create": form(data=lambda s: case_data(s) | NEW),
    "oversight:programme_create": form(
        data=lambda s: (
            {"year": 2027, "number": "01-CTr/CB", "adopted_on": "", "content": "Chương trình"} | NEW
        )
    ),
    "oversight:programme_update": form(
        lambda s: {"pk": s.programme.pk},
        lambda s: (
            {"year": 2026, "number": "02-CTr/CB", "adopted_on": "", "content": "Chương trình"}
            | seen(s.programme)
        ),
    ),
    "oversight:case_detail": read(
        lambda s: {"pk": s.concluded_case.pk}, get=(302, 200, 404, 200, 200, 200, 404)
    ),
    "oversight:case_update": form(
        lambda s: {"pk": s.open_case.pk}, lambda s: case_data(s) | seen(s.open_case)
    ),
    "oversight:case_start": action(
        lambda s: {"pk": s.planned_case.pk}, lambda s: DAY, post=(302, 404, 404, 302, 302, 403, 404)
    ),
    "oversight:case_conclude": form(
        lambda s: {"pk": s.open_case.pk},
        lambda s: (
            {"findings": "Thực hiện tốt", "conclusion": "good", "end_on": "20/11/2026"} | seen(s.open_case)
        ),
        get=(302, 404, 404, 200, 200, 403, 404),
        post=(302, 404, 404, 302, 302, 403, 404),
    ),
    "oversight:case_convert": action(
        lambda s: {"pk": s.open_case.pk},
        lambda s: {"decision_number": "09-QĐ/CB", "decision_date": "20/11/2026"},
        post=(302, 404, 404, 302, 302, 403, 404),
    ),
    # The plain member sees this concluded case about him or her, but changes nothing.
    "oversight:case_remedied": action(
        lambda s: {"pk": s.concluded_case.pk}, lambda s: DAY, post=(302, 403, 404, 302, 302, 403, 404)
    ),
    "oversight:case_attach": action(
        lambda s: {"pk": s.open_case.pk},
        lambda s: {"file": pdf_upload("bao-cao.pdf")},
        post=(302, 404, 404, 302, 302, 403, 404),
    ),
    "oversight:case_attachment": read(
        lambda s: {"pk": s.concluded_case.pk}, get=(302, 200, 404, 200, 200, 200, 404)
    ),
    "oversight:commendations": read(),
    "oversight:praise_create": form(
        data=lambda s: (
            {
                "member": s.member.pk,
                "praised_on": "18/11/2026",
                "occasion": "",
                "reason": "Gương mẫu",
            }
            | NEW
        )
    ),
    "oversight:praise_update": form(
        lambda s: {"pk": s.praise.pk},
        lambda s: (
            {"member": s.member.pk, "praised_on": "19/05/2026", "occasion": "", "reason": "Tốt"}
            | seen(s.praise)
        ),
    ),
    "oversight:proposal_create": form(data=lambda s: proposal_data(s) | NEW),
    "oversight:proposal_update": form(
        lambda s: {"pk": s.proposal.pk}, lambda s: proposal_data(s) | seen(s.proposal)
    ),
    # Reports: the cell committee writes them, the superior office reads them.
    "reports:report_list": read(get=COMMITTEE_READ),
    "reports:report_create": form(data=report_form_data),
    "reports:report_detail": read(lambda s: {"pk": s.report.pk}, get=COMMITTEE_READ),
    "reports:report_edit": form(lambda s: {"pk": s.report.pk}, report_edit_data),
    # The PDF kept when the report was made final; a draft's is laid out by the worker.
    "reports:report_pdf": read(lambda s: {"pk": s.final_report.pk}, get=COMMITTEE_READ),
    # Printing a draft queues a job of the worker: a new row of the job table.
    "reports:report_print": action(lambda s: {"pk": s.report.pk}, post=(302, 403, 403, 302, 302, 302, 404)),
    "reports:report_finalise": action(lambda s: {"pk": s.report.pk}),
    "reports:report_new_version": action(lambda s: {"pk": s.final_report.pk}),
    # The figures of the years without records: every member and the office read them, the
    # secretary (or the deputy) enters them.
    "reports:entered_year_list": read(),
    "reports:entered_year_form": form(
        lambda s: {"year": s.entered_year.year},
        entered_year_data,
        get=SECRETARY_PAGE,
        post=SECRETARY_DO,
        # A year is no record of a cell: under the own cell's address, every year of Directive 05
        # is the own cell's to enter; one before the Directive is nobody's.
        foreign_kwargs=lambda own, other: {"year": 2015},
    ),
    "reports:entered_year_remove": action(
        lambda s: {"year": s.entered_year.year},
        lambda s: seen(s.entered_year),
        post=SECRETARY_DO,
    ),
    "reports:cell_activity": read(get=COMMITTEE_READ),
    "reports:committee_table": read(lambda s: {"pk": s.committee.pk}, get=OFFICE_ONLY),
    "reports:committee_table_pdf": action(lambda s: {"pk": s.committee.pk}, post=OFFICE_DO),
    # A cell of another committee moves under the office's own; the committee a cell belonged
    # to before its moves, recorded by the office of its committee now.
    "reports:committee_receive_cell": form(
        lambda s: {"pk": s.committee.pk},
        lambda s: {"cell": make_cell().slug, "moved_on": "01/07/2025"},
        get=OFFICE_ONLY,
        post=OFFICE_DO,
    ),
    "reports:cell_former_committee": form(
        data=lambda s: {"committee": make_committee().pk, "last_day": "30/06/2025"},
        get=STAFF_PAGE,
        post=STAFF_DO,
    ),
    # The committee's register of documents: its office alone keeps and reads it.
    "reports:committee_document_list": read(lambda s: {"pk": s.committee.pk}, get=OFFICE_ONLY),
    "reports:committee_document_create": form(
        lambda s: {"pk": s.committee.pk},
        lambda s: (
            document_data(s) | {"kind": "guidance", "direction": "received", "number": "15-HD/BTGDVTU"} | NEW
        ),
        get=OFFICE_ONLY,
        post=OFFICE_DO,
    ),
    "reports:committee_document_update": form(
        lambda s: {"pk": s.committee.pk, "document": s.committee_document.pk},
        lambda s: document_data(s) | {"number": "16-HD/BTGDVTU"} | seen(s.committee_document),
        get=OFFICE_ONLY,
        post=OFFICE_DO,
    ),
    "reports:committee_document_file": read(
        lambda s: {"pk": s.committee.pk, "document": s.committee_document.pk}, get=OFFICE_ONLY
    ),
    # The superior committee's own report: its office alone writes and reads it.
    "reports:committee_report_list": read(lambda s: {"pk": s.committee.pk}, get=OFFICE_ONLY),
    "reports:committee_report_create": form(
        lambda s: {"pk": s.committee.pk}, committee_report_form_data, get=OFFICE_ONLY, post=OFFICE_DO
    ),
    "reports:committee_report_detail": read(committee_report_kwargs("committee_report"), get=OFFICE_ONLY),
    "reports:committee_report_edit": form(
        committee_report_kwargs("committee_report"),
        lambda s: (
            committee_report_form_data(s, number=3, version=s.committee_report.revision)
            | {f"section-{key}": "Nội dung" for key in SectionKey.values}
        ),
        get=OFFICE_ONLY,
        post=OFFICE_DO,
    ),
    # Printing queues a job of the worker: a new row of the job table.
    "reports:committee_report_print": action(committee_report_kwargs("committee_report"), post=OFFICE_DO),
    "reports:committee_report_finalise": action(committee_report_kwargs("committee_report"), post=OFFICE_DO),
    "reports:committee_report_new_version": action(
        committee_report_kwargs("final_committee_report"), post=OFFICE_DO
    ),
    # Background jobs: each is seen by whoever asked for it.
    "jobs:job_list": read(get=SIGNED_IN),
    "jobs:job_detail": read(lambda s: {"pk": s.job(JobState.RUNNING).pk}, get=REQUESTER_ONLY),
    "jobs:job_status": read(lambda s: {"pk": s.job(JobState.RUNNING).pk}, get=REQUESTER_ONLY),
    "jobs:job_download": read(lambda s: {"pk": s.job(JobState.DONE).pk}, get=REQUESTER_ONLY),
    # A retry changes the job, not a record of the cell: nothing in a history table.
    "jobs:job_retry": action(lambda s: {"pk": s.job(JobState.FAILED).pk}, post=REQUESTER_DO, writes=False),
    # Notifications: each person's own; reading one changes no record of the cell.
    "notifications:notification_list": read(get=SIGNED_IN),
    "notifications:notification_open": action(
        lambda s: {"pk": s.notification.pk}, post=REQUESTER_DO, writes=False
    ),
    "notifications:notifications_read_all": action(post=SIGNED_IN_DO, writes=False),
    "notifications:email_preferences": form(
        data=lambda s: {"email": "", "kinds": [NotificationKind.PLEDGE_SUBMITTED]},
        get=SIGNED_IN,
        post=SIGNED_IN_DO,
        writes=False,
    ),
    # The link sent to a typed address: its person's alone; the address is no record of the cell.
    "notifications:email_confirm": form(
        lambda s: s.email_confirmation, get=REQUESTER_ONLY, post=REQUESTER_DO, writes=False
    ),
}


def url_patterns(resolver=None, namespace=""):
    """(name, pattern) of every pattern of the URLconf, the name prefixed by its namespace."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, inner)
        else:
            yield (namespace + pattern.name if pattern.name else None), pattern


NAMED = dict(url_patterns())


def test_every_page_of_the_urlconf_has_an_entry_in_the_table():
    patterns = list(url_patterns())
    assert [str(pattern.pattern) for name, pattern in patterns if name is None] == []
    assert sorted({name for name, _pattern in patterns} - set(TABLE)) == []


def test_every_entry_of_the_table_is_a_page_of_the_urlconf():
    assert sorted(set(TABLE) - {name for name, _pattern in url_patterns()}) == []


def converters(name) -> set[str]:
    """The arguments of a page's address (none for a stale entry, which a test above reports)."""
    return set(NAMED[name].pattern.converters) if name in NAMED else set()


def needs_slug(name):
    return "slug" in converters(name)


def is_object_page(name):
    """A page of one record: its address names more than the cell."""
    return bool(converters(name) - {"slug"})


def url_of(name, scope, *, slug_of=None, kwargs=None):
    kwargs = dict(TABLE[name].kwargs(scope) if kwargs is None else kwargs)
    if needs_slug(name):
        kwargs["slug"] = (slug_of or scope).cell.slug
    return reverse(name, kwargs=kwargs) + TABLE[name].query


def footprint():
    """How many rows every history table, the user table and the job table hold, in one
    query: every change of cell05 is recorded in a history table, a new account is a new user,
    and long work is a new job."""
    models = [model for model in apps.get_models() if model.__name__.startswith("Historical")]
    tables = [model._meta.db_table for model in [*models, get_user_model(), Job]]
    # The table names come from the models, not from any input.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return cursor.fetchone()


def send(client, method, url, data):
    return client.get(url) if method == "GET" else client.post(url, data)


def signed_in(client, site, role):
    if site.users[role] is not None:
        client.force_login(site.users[role])
    return client


CASES = [
    pytest.param(name, method, role, status, id=f"{name}-{method}-{role}")
    for name, page in TABLE.items()
    for method, statuses in page.answers.items()
    for role, status in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("name", "method", "role", "status"), CASES)
def test_each_role_gets_the_exact_answer(site, client, name, method, role, status):
    page = TABLE[name]
    url = url_of(name, site.own)
    data = page.data(site.own) if method == "POST" else None
    client = signed_in(client, site, role)
    before = footprint() if method == "POST" else None

    response = send(client, method, url, data)

    assert response.status_code == status
    if status == 302 and role == "anonymous" and not page.public:
        assert response["Location"].startswith(reverse("login") + "?next=")
    if method == "POST" and status in (403, 404, 405):
        assert footprint() == before
    elif method == "POST" and status == 302 and role != "anonymous":
        assert not response["Location"].startswith(reverse("login") + "?")
        if page.writes:
            assert footprint() != before


# The records of another cell, under the own cell's address and under the other cell's, tried
# by every role that opens the page with the own cell's record: the secretary, and the superior
# office where it may read (its committee is not the other cell's). A public page's address is
# its own key, whoever asks: tests/plans/test_calendar.py shows that a feed holds its own cell's
# records only.
def first_method(page):
    return "GET" if page.answers.get("GET", WRONG_METHOD) != WRONG_METHOD else "POST"


def opens_own_record(page, role):
    return page.answers[first_method(page)][ROLES.index(role)] in (200, 302)


FOREIGN_CASES = [
    pytest.param(name, slug_of, role, id=f"{name}-under-{slug_of}-slug-{role}")
    for name, page in TABLE.items()
    if is_object_page(name) and not page.public
    for slug_of in (("own", "other") if needs_slug(name) else ("none",))
    for role in ("secretary", "staff")
    if opens_own_record(page, role)
]


@pytest.mark.parametrize(("name", "slug_of", "role"), FOREIGN_CASES)
def test_records_of_another_cell_are_not_found(site, client, name, slug_of, role):
    page = TABLE[name]
    method = first_method(page)
    kwargs = page.foreign_kwargs(site.own, site.other) if page.foreign_kwargs else page.kwargs(site.other)
    url = url_of(name, site.other, slug_of={"own": site.own, "other": site.other}.get(slug_of), kwargs=kwargs)
    data = page.data(site.own) if method == "POST" else None
    client = signed_in(client, site, role)
    before = footprint()

    response = send(client, method, url, data)

    assert response.status_code == 404
    assert footprint() == before


# Another member's records, in the own cell: (page, method, role, whose record, its arguments,
# the answer). The plain member is in group 1, led by the leader; group 2 has no leader.
ANOTHER_MEMBER = [
    ("members:member_detail", "GET", "member", "same-group", lambda s: {"pk": s.leader.pk}, 404),
    ("members:member_detail", "GET", "member", "other-group", lambda s: {"pk": s.other_group_member.pk}, 404),
    ("members:member_detail", "GET", "leader", "other-group", lambda s: {"pk": s.other_group_member.pk}, 404),
    ("members:member_update", "GET", "member", "other-group", lambda s: {"pk": s.other_group_member.pk}, 404),
    ("members:member_leave", "POST", "member", "same-group", lambda s: {"pk": s.leader.pk}, 404),
    (
        "plans:pledge_detail",
        "GET",
        "member",
        "same-group",
        lambda s: {"pk": s.pledge("draft", s.leader).pk},
        404,
    ),
    (
        "plans:pledge_detail",
        "GET",
        "member",
        "other-group",
        lambda s: {"pk": s.pledge("draft", s.other_group_member).pk},
        404,
    ),
    (
        "plans:pledge_detail",
        "GET",
        "leader",
        "other-group",
        lambda s: {"pk": s.pledge("draft", s.other_group_member).pk},
        404,
    ),
    (
        "plans:pledge_pdf",
        "GET",
        "member",
        "other-group",
        lambda s: {"pk": s.pledge("submitted", s.other_group_member).pk},
        404,
    ),
    (
        "plans:pledge_edit",
        "POST",
        "member",
        "same-group",
        lambda s: {"pk": s.pledge("draft", s.leader).pk},
        404,
    ),
    (
        "plans:pledge_submit",
        "POST",
        "member",
        "same-group",
        lambda s: {"pk": s.pledge("draft", s.leader).pk},
        404,
    ),
    (
        "plans:pledge_approve",
        "POST",
        "leader",
        "other-group",
        lambda s: {"pk": s.pledge("submitted", s.other_group_member).pk},
        404,
    ),
    (
        "plans:pledge_assess",
        "GET",
        "member",
        "same-group",
        lambda s: {"pk": s.pledge("approved", s.leader).pk},
        404,
    ),
    (
        "plans:pledge_reflection_file",
        "GET",
        "member",
        "same-group",
        lambda s: {"pk": s.pledge("submitted", s.leader).pk},
        404,
    ),
    (
        "oversight:case_detail",
        "GET",
        "member",
        "other-group",
        lambda s: {"pk": s.concluded(s.other_group_member).pk},
        404,
    ),
    (
        "oversight:case_attachment",
        "GET",
        "member",
        "same-group",
        lambda s: {"pk": s.concluded(s.leader).pk},
        404,
    ),
    # The leader reads the own group's pledges, not the cases about its members.
    ("oversight:case_detail", "GET", "leader", "same-group", lambda s: {"pk": s.concluded_case.pk}, 404),
    ("oversight:case_remedied", "POST", "leader", "same-group", lambda s: {"pk": s.concluded_case.pk}, 404),
    # The own case is not shown before it is concluded.
    ("oversight:case_detail", "GET", "member", "own-open-case", lambda s: {"pk": s.open_case.pk}, 404),
    # The rota is open to every member, so another group's session is no secret: 403.
    ("plans:monday_record", "GET", "leader", "other-group", lambda s: {"pk": s.other_group_session.pk}, 403),
    ("plans:monday_record", "POST", "leader", "other-group", lambda s: {"pk": s.other_group_session.pk}, 403),
]


@pytest.mark.parametrize(
    ("name", "method", "role", "kwargs", "status"),
    [
        pytest.param(name, method, role, kwargs, status, id=f"{name}-{method}-{role}-{whose}")
        for name, method, role, whose, kwargs, status in ANOTHER_MEMBER
    ],
)
def test_a_member_never_learns_that_another_members_record_exists(
    site, client, name, method, role, kwargs, status
):
    url = url_of(name, site.own, kwargs=kwargs(site.own))
    client = signed_in(client, site, role)
    before = footprint()

    response = send(client, method, url, {"version": 1, "day": DAY["day"], "left_on": "01/11/2026"})

    assert response.status_code == status
    assert footprint() == before


# Issue 27: every page of the cell, tried by the office of a committee the cell has left (it reads
# only what is dated before the move, tests/reports/test_cell_moves.py, and changes nothing) and
# by the office of a committee that never held the cell (it finds nothing).
CELL_PAGES = [
    (name, method)
    for name, page in TABLE.items()
    if needs_slug(name) and not page.public
    for method in page.answers
    if page.answers[method] != WRONG_METHOD or method == "POST"
]


def former_office_site(site):
    """The table's cell recorded as under a district until 30/06/2025, and that district's office."""
    district = make_committee("Đảng bộ huyện Ba Vì", kind=CommitteeKind.DISTRICT, code="HU")
    report_services.cell_former_committee_add(
        actor=site.world.staff, cell=site.own.cell, committee=district, last_day=date(2025, 6, 30)
    )
    office = make_user("vanphong-huyen")
    district.staff.add(office)
    return office


@pytest.mark.parametrize(("name", "method"), [p for p in CELL_PAGES if p[1] == "POST"])
def test_the_former_office_changes_nothing_in_the_cell(site, client, name, method):
    client.force_login(former_office_site(site))
    url, data = url_of(name, site.own), TABLE[name].data(site.own)
    before = footprint()

    response = send(client, method, url, data)

    assert response.status_code in (403, 404)
    assert footprint() == before


@pytest.mark.parametrize(("name", "method"), CELL_PAGES)
def test_an_office_that_never_held_the_cell_finds_nothing_of_it(site, client, name, method):
    office = make_user("vanphong-khac")
    make_committee("Đảng bộ xã Hoa Thành", kind=CommitteeKind.COMMUNE).staff.add(office)
    client.force_login(office)
    url, data = url_of(name, site.own), TABLE[name].data(site.own) if method == "POST" else None
    before = footprint()

    response = send(client, method, url, data)

    assert response.status_code == 404
    assert footprint() == before
