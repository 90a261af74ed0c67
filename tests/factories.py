"""Factories of records for tests (factory_boy), each saving an object with sensible defaults,
and the small builders the tests call them through (`make_member(cell)`, …)."""

import itertools
from datetime import date

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from figures.models import EnteredYearFigures
from jobs.choices import JobKind
from jobs.models import Job
from members.choices import CellRole, CommitteeKind, Gender, MemberStatus
from members.models import Cell, CellMove, Member, PartyGroup, RoleTerm, SuperiorCommittee
from oversight.models import Case, Praise, Programme, RewardProposal
from plans.choices import ASSESSED_STATES, Aspect, ItemResult, PledgeState, Rating, StoryKind, StudyForm
from plans.models import (
    CellDocument,
    MondayDayOff,
    MondaySession,
    Pledge,
    PledgeItem,
    Story,
    StudySession,
    StudyYear,
)
from reports.models import CommitteeDocument, CommitteeReport, Report

# One counter for every factory, so that names, slugs and numbers never meet across models.
_numbers = itertools.count(1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.LazyFunction(lambda: f"user{next(_numbers)}")
    password = factory.django.Password("a-long-test-password")


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = SuperiorCommittee

    name = factory.LazyFunction(lambda: f"Đảng ủy xã số {next(_numbers)}")
    kind = CommitteeKind.COMMUNE
    code = "ĐU"


class CellFactory(DjangoModelFactory):
    class Meta:
        model = Cell

    class Params:
        number = factory.LazyFunction(lambda: next(_numbers))

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.LazyAttribute(lambda o: f"Chi bộ số {o.number}")
    slug = factory.LazyAttribute(lambda o: f"chi-bo-{o.number}")
    code = "CB"


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = PartyGroup

    cell = factory.SubFactory(CellFactory)
    order = factory.LazyAttribute(lambda o: o.cell.groups.count() + 1)
    name = factory.LazyAttribute(lambda o: f"Tổ đảng số {o.order}")


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    cell = factory.SubFactory(CellFactory)
    group = None
    user = None
    full_name = factory.LazyFunction(lambda: f"Nguyễn Văn Thử {next(_numbers)}")
    gender = Gender.MALE
    date_of_birth = date(1980, 1, 1)
    admitted_on = date(2005, 5, 19)
    official_on = date(2006, 5, 19)
    role = CellRole.MEMBER
    status = MemberStatus.OFFICIAL


class StudyYearFactory(DjangoModelFactory):
    class Meta:
        model = StudyYear

    cell = factory.SubFactory(CellFactory)
    year = 2026
    theme = factory.LazyAttribute(lambda o: f"Chuyên đề năm {o.year}")


class PledgeFactory(DjangoModelFactory):
    """A pledge in any state, with its items (three unless told); rated as an evaluated one needs."""

    class Meta:
        model = Pledge
        skip_postgeneration_save = True

    member = factory.SubFactory(MemberFactory)
    study_year = factory.SubFactory(StudyYearFactory, cell=factory.SelfAttribute("..member.cell"))
    state = PledgeState.DRAFT
    rating = factory.LazyAttribute(lambda o: Rating.GOOD if o.state == PledgeState.EVALUATED else "")

    @factory.post_generation
    def items(pledge, create, extracted, **kwargs):
        for order in range(1, (3 if extracted is None else extracted) + 1):
            PledgeItemFactory(pledge=pledge, order=order)


class PledgeItemFactory(DjangoModelFactory):
    class Meta:
        model = PledgeItem

    pledge = factory.SubFactory(PledgeFactory, items=0)
    order = 1
    action = factory.LazyAttribute(lambda o: f"Việc làm theo số {o.order}")
    aspect = factory.LazyAttribute(lambda o: [Aspect.THOUGHT, Aspect.ETHICS, Aspect.STYLE][o.order % 3])
    target = "Hoàn thành đúng hạn"
    timeframe = "Cả năm"
    # An assessed pledge's items carry their result.
    result = factory.LazyAttribute(lambda o: ItemResult.DONE if o.pledge.state in ASSESSED_STATES else "")


class StudySessionFactory(DjangoModelFactory):
    """A study session of the year, on 2 March unless told, attended by the members given."""

    class Meta:
        model = StudySession
        skip_postgeneration_save = True

    study_year = factory.SubFactory(StudyYearFactory)
    held_on = factory.LazyAttribute(lambda o: date(o.study_year.year, 3, 2))
    form = StudyForm.CONFERENCE
    content = "Học tập"

    @factory.post_generation
    def attendees(session, create, extracted, **kwargs):
        if extracted:
            session.attendees.set(extracted)


class CaseFactory(DjangoModelFactory):
    """A case of the cell (a thematic supervision unless told), of the members given; a
    concluded one with its findings and conclusion."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    cell = factory.SubFactory(CellFactory)
    kind = "supervision"
    state = "planned"
    supervision_kind = factory.LazyAttribute(lambda o: "thematic" if o.kind == "supervision" else "")
    decision_number = factory.LazyFunction(lambda: f"{next(_numbers):02d}-QĐ/CB")
    decision_date = date(2020, 6, 1)
    period_start = date(2019, 1, 1)
    period_end = date(2019, 12, 31)
    carried_out_by = "Chi ủy"
    findings = factory.LazyAttribute(lambda o: "Thực hiện tốt" if o.state == "concluded" else "")
    conclusion = factory.LazyAttribute(lambda o: "good" if o.state == "concluded" else "")

    @factory.post_generation
    def members(case, create, extracted, **kwargs):
        if extracted:
            case.members.set(extracted)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    cell = factory.SubFactory(CellFactory)
    year = 2026
    number = "01-CTr/CB"


class PraiseFactory(DjangoModelFactory):
    class Meta:
        model = Praise

    cell = factory.SubFactory(CellFactory)
    member = factory.SubFactory(MemberFactory, cell=factory.SelfAttribute("..cell"))
    praised_on = date(2020, 12, 18)
    reason = "Gương mẫu"


class RewardProposalFactory(DjangoModelFactory):
    """A proposal for a member's reward unless told; one for a collective names no member."""

    class Meta:
        model = RewardProposal

    cell = factory.SubFactory(CellFactory)
    target = "individual"
    member = factory.Maybe(
        factory.LazyAttribute(lambda o: o.target == "individual"),
        factory.SubFactory(MemberFactory, cell=factory.SelfAttribute("..cell")),
        None,
    )
    number = "05-TTr/CB"
    proposed_on = date(2020, 4, 20)
    reason = "Tiêu biểu"


class DocumentFactory(DjangoModelFactory):
    """A plan the cell issued (the source's 06-KH/CB of 16/01/2017) unless told otherwise."""

    class Meta:
        model = CellDocument

    cell = factory.SubFactory(CellFactory)
    kind = "plan"
    direction = "issued"
    number = "06-KH/CB"
    issued_on = date(2017, 1, 16)
    issuer = "Chi bộ"
    title = "Kế hoạch"
    on_directive_05 = True


class CommitteeGuidanceFactory(DjangoModelFactory):
    """A guidance the committee's office registered as received from above, unless told otherwise."""

    class Meta:
        model = CommitteeDocument

    committee = factory.SubFactory(CommitteeFactory)
    kind = "guidance"
    direction = "received"
    number = "15-HD/BTGDVTU"
    issued_on = date(2025, 11, 5)
    issuer = "Ban Tuyên giáo và Dân vận Thành ủy"
    title = "Hướng dẫn sơ kết thực hiện Kết luận số 01-KL/TW"
    on_directive_05 = True


class StoryFactory(DjangoModelFactory):
    class Meta:
        model = Story

    cell = factory.SubFactory(CellFactory)
    title = factory.LazyFunction(lambda: f"Mẩu chuyện số {next(_numbers)}")
    kind = StoryKind.STORY
    text = "Bác Hồ dạy cán bộ phải cần, kiệm, liêm, chính."


NOT_HELD_REASON = "Họp giao ban đột xuất"


class MondaySessionFactory(DjangoModelFactory):
    """A Monday session; a held one gets a reader of its group and an attendance by default."""

    class Meta:
        model = MondaySession

    cell = factory.SubFactory(CellFactory)
    group = factory.SubFactory(GroupFactory, cell=factory.SelfAttribute("..cell"))
    day = date(2021, 3, 1)
    state = "planned"
    reader = factory.LazyAttribute(lambda o: o.group.members.first() if o.state == "held" else None)
    attendance = factory.LazyAttribute(lambda o: 22 if o.state == "held" else None)
    not_held_reason = factory.LazyAttribute(
        lambda o: "Họp giao ban đột xuất" if o.state == "not_held" else ""
    )


class MondayDayOffFactory(DjangoModelFactory):
    class Meta:
        model = MondayDayOff

    cell = factory.SubFactory(CellFactory)
    day = date(2021, 3, 15)
    reason = "Hội nghị"


class CellMoveFactory(DjangoModelFactory):
    """The cell's move from its committee to another (the districts' end, 01/07/2025)."""

    class Meta:
        model = CellMove

    cell = factory.SubFactory(CellFactory)
    from_committee = factory.SelfAttribute("cell.committee")
    to_committee = factory.SubFactory(CommitteeFactory)
    moved_on = date(2025, 7, 1)


class RoleTermFactory(DjangoModelFactory):
    class Meta:
        model = RoleTerm

    member = factory.SubFactory(MemberFactory)
    role = CellRole.SECRETARY
    started_on = None
    ended_on = None


class JobFactory(DjangoModelFactory):
    class Meta:
        model = Job

    kind = JobKind.CELL_REPORT


class ReportHeaderFactory(factory.DictFactory):
    """What the secretary fills in for a five-year report."""

    kind = "five_year"
    start_year = 2021
    end_year = 2025
    number = 12
    title = "Sơ kết 05 năm thực hiện Chỉ thị số 05-CT/TW"
    place = "Ba Đình"
    report_date = date(2025, 12, 15)
    recipients = "- Ban Thường vụ Đảng ủy phường (b/c),\n- Lưu Chi bộ."
    signer_title = "BÍ THƯ"


class _ReportFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    span = 5

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        # The header's defaults under whatever the test gives.
        return ReportHeaderFactory() | kwargs


class ReportFactory(_ReportFactory):
    """A draft five-year report of the cell, with the header the secretary fills in."""

    class Meta:
        model = Report

    cell = factory.SubFactory(CellFactory)


class CommitteeReportFactory(_ReportFactory):
    """A draft five-year report of the committee's office, with the same header."""

    class Meta:
        model = CommitteeReport

    committee = factory.SubFactory(CommitteeFactory)


class EnteredYearFactory(DjangoModelFactory):
    """Figures of a year entered from the cell's report (written straight, past the service's
    checks): a consistent small year unless told otherwise."""

    class Meta:
        model = EnteredYearFigures

    cell = factory.SubFactory(CellFactory)
    year = 2019
    report_number = factory.LazyAttribute(lambda o: f"{o.year % 100:02d}-BC/CB")
    report_date = factory.LazyAttribute(lambda o: date(o.year, 12, 20))
    members = 20
    party_groups = 3
    pledges_filed = 18
    pledges_approved = 18
    pledges_self_assessed = 17
    rated_excellent = 3
    rated_good = 12
    rated_fulfilled = 2
    monday_planned = 48
    monday_held = 45


# The builders the tests call: a record from its owner, the rest by name.


def make_user(username: str | None = None, **fields):
    return UserFactory(**({"username": username} if username else {}), **fields)


def make_committee(name: str | None = None, **fields) -> SuperiorCommittee:
    return CommitteeFactory(**({"name": name} if name else {}), **fields)


def make_cell(committee: SuperiorCommittee | None = None, **fields) -> Cell:
    return CellFactory(**({"committee": committee} if committee else {}), **fields)


def make_group(cell: Cell, order: int | None = None, **fields) -> PartyGroup:
    return GroupFactory(cell=cell, **({"order": order} if order else {}), **fields)


def make_member(cell: Cell, group: PartyGroup | None = None, *, user=None, **fields) -> Member:
    return MemberFactory(cell=cell, group=group, user=user, **fields)


def make_member_with_account(cell: Cell, group: PartyGroup | None = None, **fields) -> Member:
    return make_member(cell, group, user=make_user(), **fields)


def make_study_year(cell: Cell, year: int = 2026, **fields) -> StudyYear:
    return StudyYearFactory(cell=cell, year=year, **fields)


def make_pledge(member: Member, study_year, state: str = "draft", items: int = 3, **fields) -> Pledge:
    return PledgeFactory(member=member, study_year=study_year, state=state, items=items, **fields)


def make_case(cell: Cell, members, kind: str = "supervision", state: str = "planned", **fields) -> Case:
    return CaseFactory(cell=cell, members=members, kind=kind, state=state, **fields)


def make_document(cell: Cell, **fields) -> CellDocument:
    return DocumentFactory(cell=cell, **fields)


def make_committee_guidance(committee: SuperiorCommittee, **fields) -> CommitteeDocument:
    return CommitteeGuidanceFactory(committee=committee, **fields)


def make_story(cell: Cell, title: str | None = None, **fields) -> Story:
    return StoryFactory(cell=cell, **({"title": title} if title else {}), **fields)


def make_monday_session(
    cell: Cell, group: PartyGroup, day: date, state: str = "planned", **fields
) -> MondaySession:
    return MondaySessionFactory(cell=cell, group=group, day=day, state=state, **fields)


def make_entered_year(cell: Cell, year: int, **figures) -> EnteredYearFigures:
    return EnteredYearFactory(cell=cell, year=year, **figures)


def report_header(signer: Member, **extra) -> dict:
    """What the secretary fills in for a five-year report signed by `signer`."""
    return ReportHeaderFactory(signer=signer, **extra)


# What a writer puts in place of a draft's "[…]" in the tests.
WRITTEN_BY_HAND = "một số đảng viên chưa thật sự tự giác"


def write_what_is_left(report, actor) -> None:
    """Write what a report's draft leaves to its writer (part III's causes, the lessons of a
    review: each "[…]"), as the secretary does before making it final."""
    from reports.services.editing import report_update

    texts = {section.key: section.text.replace("[…]", WRITTEN_BY_HAND) for section in report.sections.all()}
    report_update(actor=actor, report=report, data={}, sections=texts)
