"""Small builders of records for tests: each returns a saved object with sensible defaults."""

import itertools
from datetime import date

from django.contrib.auth import get_user_model

from members.choices import CellRole, CommitteeKind, Gender, MemberStatus
from members.models import Cell, Member, PartyGroup, SuperiorCommittee

_numbers = itertools.count(1)


def make_user(username: str | None = None, **fields):
    username = username or f"user{next(_numbers)}"
    user = get_user_model()(username=username, **fields)
    user.set_password("a-long-test-password")
    user.save()
    return user


def make_committee(name: str | None = None, **fields) -> SuperiorCommittee:
    return SuperiorCommittee.objects.create(
        name=name or f"Đảng ủy xã số {next(_numbers)}",
        kind=fields.pop("kind", CommitteeKind.COMMUNE),
        code=fields.pop("code", "ĐU"),
        **fields,
    )


def make_cell(committee: SuperiorCommittee | None = None, **fields) -> Cell:
    number = next(_numbers)
    return Cell.objects.create(
        committee=committee or make_committee(),
        name=fields.pop("name", f"Chi bộ số {number}"),
        slug=fields.pop("slug", f"chi-bo-{number}"),
        code=fields.pop("code", "CB"),
        **fields,
    )


def make_group(cell: Cell, order: int | None = None, **fields) -> PartyGroup:
    order = order or (cell.groups.count() + 1)
    return PartyGroup.objects.create(
        cell=cell, order=order, name=fields.pop("name", f"Tổ đảng số {order}"), **fields
    )


def make_member(cell: Cell, group: PartyGroup | None = None, *, user=None, **fields) -> Member:
    number = next(_numbers)
    defaults = {
        "full_name": f"Nguyễn Văn Thử {number}",
        "gender": Gender.MALE,
        "date_of_birth": date(1980, 1, 1),
        "admitted_on": date(2005, 5, 19),
        "official_on": date(2006, 5, 19),
        "role": CellRole.MEMBER,
        "status": MemberStatus.OFFICIAL,
    }
    defaults.update(fields)
    return Member.objects.create(cell=cell, group=group, user=user, **defaults)


def make_member_with_account(cell: Cell, group: PartyGroup | None = None, **fields) -> Member:
    return make_member(cell, group, user=make_user(), **fields)


def make_study_year(cell: Cell, year: int = 2026, **fields):
    from plans.models import StudyYear

    return StudyYear.objects.create(
        cell=cell, year=year, theme=fields.pop("theme", f"Chuyên đề năm {year}"), **fields
    )


def make_pledge(member: Member, study_year, state: str = "draft", items: int = 3, **fields):
    """A pledge in any state, with its items; rated and assessed as the state needs."""
    from plans.choices import ASSESSED_STATES, Aspect, ItemResult, PledgeState, Rating
    from plans.models import Pledge, PledgeItem

    if state == PledgeState.EVALUATED:
        fields.setdefault("rating", Rating.GOOD)
    pledge = Pledge.objects.create(member=member, study_year=study_year, state=state, **fields)
    for order in range(1, items + 1):
        PledgeItem.objects.create(
            pledge=pledge,
            order=order,
            action=f"Việc làm theo số {order}",
            aspect=[Aspect.THOUGHT, Aspect.ETHICS, Aspect.STYLE][order % 3],
            target="Hoàn thành đúng hạn",
            timeframe="Cả năm",
            result=ItemResult.DONE if state in ASSESSED_STATES else "",
        )
    return pledge


def make_case(cell: Cell, members, kind: str = "supervision", state: str = "planned", **fields):
    from oversight.models import Case

    defaults = {
        "supervision_kind": "thematic" if kind == "supervision" else "",
        "decision_number": f"{next(_numbers):02d}-QĐ/CB",
        "decision_date": date(2020, 6, 1),
        "period_start": date(2019, 1, 1),
        "period_end": date(2019, 12, 31),
        "carried_out_by": "Chi ủy",
    }
    if state == "concluded":
        defaults.update({"findings": "Thực hiện tốt", "conclusion": "good"})
    defaults.update(fields)
    case = Case.objects.create(cell=cell, kind=kind, state=state, **defaults)
    case.members.set(members)
    return case


def make_document(cell: Cell, **fields):
    """A plan the cell issued (the source's 06-KH/CB of 16/01/2017) unless told otherwise."""
    from plans.models import CellDocument

    defaults = {
        "kind": "plan",
        "direction": "issued",
        "number": "06-KH/CB",
        "issued_on": date(2017, 1, 16),
        "issuer": "Chi bộ",
        "title": "Kế hoạch",
        "on_directive_05": True,
    }
    return CellDocument.objects.create(cell=cell, **(defaults | fields))


def make_committee_guidance(committee: SuperiorCommittee, **fields):
    """A guidance the committee's office registered as received from above, unless told otherwise."""
    from reports.models import CommitteeDocument

    defaults = {
        "kind": "guidance",
        "direction": "received",
        "number": "15-HD/BTGDVTU",
        "issued_on": date(2025, 11, 5),
        "issuer": "Ban Tuyên giáo và Dân vận Thành ủy",
        "title": "Hướng dẫn sơ kết thực hiện Kết luận số 01-KL/TW",
        "on_directive_05": True,
    }
    return CommitteeDocument.objects.create(committee=committee, **(defaults | fields))


def make_story(cell: Cell, title: str | None = None, **fields):
    from plans.choices import StoryKind
    from plans.models import Story

    return Story.objects.create(
        cell=cell,
        title=title or f"Mẩu chuyện số {next(_numbers)}",
        kind=fields.pop("kind", StoryKind.STORY),
        text=fields.pop("text", "Bác Hồ dạy cán bộ phải cần, kiệm, liêm, chính."),
        **fields,
    )


def make_monday_session(cell: Cell, group: PartyGroup, day: date, state: str = "planned", **fields):
    """A Monday session; a held one gets a reader of its group and an attendance by default."""
    from plans.models import MondaySession

    if state == "held":
        fields.setdefault("reader", group.members.first())
        fields.setdefault("attendance", 22)
    if state == "not_held":
        fields.setdefault("not_held_reason", "Họp giao ban đột xuất")
    return MondaySession.objects.create(cell=cell, group=group, day=day, state=state, **fields)


def report_header(signer: Member, **extra) -> dict:
    """What the secretary fills in for a five-year report signed by `signer`."""
    return {
        "kind": "five_year",
        "start_year": 2021,
        "end_year": 2025,
        "number": 12,
        "title": "Sơ kết 05 năm thực hiện Chỉ thị số 05-CT/TW",
        "place": "Ba Đình",
        "report_date": date(2025, 12, 15),
        "recipients": "- Ban Thường vụ Đảng ủy phường (b/c),\n- Lưu Chi bộ.",
        "signer": signer,
        "signer_title": "BÍ THƯ",
        **extra,
    }


def make_entered_year(cell: Cell, year: int, **figures):
    """Figures of a year entered from the cell's report (written straight, past the service's
    checks): a consistent small year unless told otherwise."""
    from reports.models import EnteredYearFigures

    defaults = {
        "report_number": f"{year % 100:02d}-BC/CB",
        "report_date": date(year, 12, 20),
        "members": 20,
        "party_groups": 3,
        "pledges_filed": 18,
        "pledges_approved": 18,
        "pledges_self_assessed": 17,
        "rated_excellent": 3,
        "rated_good": 12,
        "rated_fulfilled": 2,
        "monday_planned": 48,
        "monday_held": 45,
    }
    return EnteredYearFigures.objects.create(cell=cell, year=year, **(defaults | figures))


# What a writer puts in place of a draft's "[…]" in the tests.
WRITTEN_BY_HAND = "một số đảng viên chưa thật sự tự giác"


def write_what_is_left(report, actor) -> None:
    """Write what a report's draft leaves to its writer (part III's causes, the lessons of a
    review: each "[…]"), as the secretary does before making it final."""
    from reports import services
    from reports.models import CommitteeReport

    texts = {section.key: section.text.replace("[…]", WRITTEN_BY_HAND) for section in report.sections.all()}
    update = (
        services.committee_report_update if isinstance(report, CommitteeReport) else services.report_update
    )
    update(actor=actor, report=report, data={}, sections=texts)
