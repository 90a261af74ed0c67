"""A data set the size of a large commune or a former district, built fast for `make bench`.

`build_dataset` creates one superior committee with its cells, each with 5 party groups and
its members, and every year of Directive 05 work: the theme and key contents, a study session
with who attended, an evaluated pledge of every member with 3 items, the Monday rota with its
sessions held, the programme with 2 inspections and 2 supervisions (concluded), a praise and
two proposals for a reward, and a few documents of the register.

`build_committee` and `build_cells` are its two halves, which devtools/province.py calls batch
by batch for a province of thousands of cells.

Rows are written with bulk_create, so no history is recorded and Member.save() does not run
(search_name is folded here). Everything is derived from the indexes and one seeded random
generator: the same arguments build the same data. Only for scratch databases.
"""

import io
import random
from datetime import date, datetime, time, timedelta
from time import perf_counter
from zoneinfo import ZoneInfo

import openpyxl
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from cell05.periods import Period
from cell05.text import fold, vietnamese_sort_key
from figures.cache import figures_changed
from figures.counting import period_figures
from members.choices import CellRole, CommitteeKind, Gender, LeftReason, MemberStatus
from members.models import Cell, Member, PartyGroup, SuperiorCommittee
from operations.services import year_import_run
from operations.year_import import SHEETS, read_year_file, year_plan
from oversight.choices import (
    CaseKind,
    CaseState,
    Conclusion,
    ProposalOutcome,
    ProposalTarget,
    SupervisionKind,
)
from oversight.models import Case, Praise, Programme, RewardProposal
from plans.choices import (
    Aspect,
    DocumentDirection,
    DocumentKind,
    ItemResult,
    MondayState,
    PledgeState,
    Rating,
    StudyForm,
)
from plans.demo.monday import DAYS_OFF, STORIES
from plans.demo.years import ITEMS, KEY_CONTENTS, THEMES
from plans.models import (
    CellDocument,
    KeyContent,
    MondayDayOff,
    MondaySession,
    Pledge,
    PledgeItem,
    Story,
    StudySession,
    StudyYear,
)
from plans.services.monday import mondays, public_holidays
from reports.models import EnteredYearFigures

GROUPS_PER_CELL = 5
STORIES_PER_CELL = 10

SURNAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Tạ",
]  # fmt: skip
MIDDLE = {
    Gender.MALE: ["Văn", "Đức", "Minh", "Quốc", "Công", "Hữu", "Xuân", "Quang", "Đình", "Thanh"],
    Gender.FEMALE: ["Thị", "Thu", "Ngọc", "Thanh", "Thị Hồng", "Thị Thu", "Bích", "Thị Minh", "Kim", "Mỹ"],
}
GIVEN = {
    Gender.MALE: [
        "Hùng", "Dũng", "Tuấn", "Nam", "Sơn", "Thắng", "Hải", "Long", "Khánh", "Việt",
        "Đức", "Trường", "Lợi", "Hiếu", "Thành", "Cường", "Phúc", "Tâm", "Bình", "Quân",
    ],
    Gender.FEMALE: [
        "Lan", "Hương", "Mai", "Hà", "Nhung", "Yến", "Phương", "Thủy", "Oanh", "Ánh",
        "Huyền", "Diệp", "Ngọc", "Trang", "Hạnh", "Linh", "Thảo", "Dung", "Hằng", "Vân",
    ],
}  # fmt: skip
CELL_KINDS = [
    "Chi bộ Thôn",
    "Chi bộ Khu dân cư",
    "Chi bộ Trường Tiểu học",
    "Chi bộ Trường Trung học cơ sở",
    "Chi bộ Trạm Y tế",
    "Chi bộ Cơ quan",
    "Chi bộ Quân sự",
    "Chi bộ Công an",
]
POSITIONS = ["Chuyên viên", "Giáo viên", "Cán bộ", "Hưu trí", "Nông dân", "Kinh doanh", "Y sĩ", "Công chức"]
# Ratings with their weights: most members fulfil their duties well.
RATINGS = [
    (Rating.EXCELLENT, 20),
    (Rating.GOOD, 55),
    (Rating.FULFILLED, 20),
    (Rating.NOT_FULFILLED, 5),
]
SCORES = {
    Rating.EXCELLENT: (90, 100),
    Rating.GOOD: (70, 89),
    Rating.FULFILLED: (50, 69),
    Rating.NOT_FULFILLED: (30, 49),
}


def _moment(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _in_cell(member: Member, day: date) -> bool:
    return (member.joined_on is None or member.joined_on <= day) and (
        member.left_on is None or member.left_on > day
    )


def _full_name(rng: random.Random, gender: str) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"


@transaction.atomic
def build_dataset(
    *, cells: int, members_per_cell: int, years: range, committee_name: str
) -> SuperiorCommittee:
    """One superior committee with `cells` cells of `members_per_cell` members each, and their
    records of every year in `years`. The secretary of every cell and the committee's office
    get a sign-in account (without a usable password)."""
    if cells < 1 or members_per_cell < 1 or not years:
        raise ValueError("A data set needs at least one cell, one member and one year.")
    seed = f"{committee_name}/{cells}/{members_per_cell}/{years.start}-{years.stop}"
    rng = random.Random(seed)  # noqa: S311 - made-up records, not secrets
    prefix = slugify(fold(committee_name))[:40] or "bench"
    password = make_password(None)
    committee = build_committee(name=committee_name, prefix=prefix, password=password)
    build_cells(
        rng,
        committee,
        prefix=prefix,
        first=0,
        sizes=[members_per_cell] * cells,
        years=years,
        password=password,
        every_account=False,
    )
    return committee


def build_committee(*, name: str, prefix: str, password: str) -> SuperiorCommittee:
    """The committee and its office's account `<prefix>-vanphong`."""
    committee = SuperiorCommittee.objects.create(name=name, kind=CommitteeKind.DISTRICT, code="HU")
    office = get_user_model().objects.create(
        username=f"{prefix}-vanphong", first_name="Văn phòng", password=password
    )
    committee.staff.add(office)
    return committee


def build_cells(
    rng: random.Random,
    committee: SuperiorCommittee,
    *,
    prefix: str,
    first: int,
    sizes: list[int],
    years: range,
    password: str,
    every_account: bool,
) -> list[Cell]:
    """Cells number `first + 1` onwards of the committee, one per entry of `sizes` (its
    members), each with its groups, members and every year's records. `password` is an
    encoded hash shared by the new accounts: hashing is far slower than inserting. With
    `every_account` every member signs in, else the secretary alone."""
    cell_objects = Cell.objects.bulk_create(
        Cell(
            committee=committee,
            name=f"{CELL_KINDS[index % len(CELL_KINDS)]} số {index + 1:03d}",
            slug=f"{prefix}-{index + 1:03d}",
            code="CB",
            place="Xã Yên Bình",
        )
        for index in range(first, first + len(sizes))
    )
    groups = PartyGroup.objects.bulk_create(
        PartyGroup(cell=cell, name=f"Tổ đảng số {order}", order=order)
        for cell in cell_objects
        for order in range(1, GROUPS_PER_CELL + 1)
    )
    groups_of = {cell.pk: [group for group in groups if group.cell_id == cell.pk] for cell in cell_objects}

    members_of = _build_members(rng, committee, cell_objects, groups_of, years, first=first, sizes=sizes)
    _link_accounts(members_of, password, every_account)
    members_of = _save_members(cell_objects, groups_of, members_of)
    _build_years(rng, cell_objects, groups_of, members_of, years)
    _build_monday(rng, cell_objects, groups_of, members_of, years)
    _build_oversight(rng, cell_objects, groups_of, members_of, years)
    _build_documents(cell_objects, committee, years)
    return cell_objects


def _build_members(rng, committee, cells, groups_of, years, *, first, sizes) -> dict[int, list[Member]]:
    """Members, not saved yet, spread over the groups in turn: the first is the secretary, the
    second the deputy, the third a committee member. About one in 30 joined during the period,
    one in 30 left it, one in 30 is still probationary."""
    first_year, last = years[0], years[-1]
    members = []
    for cell_index, cell, per_cell in zip(range(first, first + len(cells)), cells, sizes, strict=True):
        for index in range(per_cell):
            gender = Gender.FEMALE if rng.random() < 0.45 else Gender.MALE
            born = rng.randint(1958, min(1996, first_year - 21))
            admitted = min(born + rng.randint(20, 35), first_year - 1)
            admitted_on = date(admitted, rng.randint(1, 12), rng.randint(1, 28))
            official_on = admitted_on + timedelta(days=365)
            status, joined_on, left_on, left_reason = MemberStatus.OFFICIAL, None, None, ""
            role = [CellRole.SECRETARY, CellRole.DEPUTY_SECRETARY, CellRole.COMMITTEE_MEMBER]
            role = role[index] if index < len(role) else CellRole.MEMBER
            kind = (cell_index + index) % 30
            if role == CellRole.MEMBER and kind == 7 and len(years) > 1:
                joined_on = date(years[1], 6, 15)  # transferred in
            elif role == CellRole.MEMBER and kind == 13:
                admitted_on = date(last, 5, 19)  # admitted in the last year
                official_on, status, joined_on = None, MemberStatus.PROBATIONARY, admitted_on
                born = min(born, last - 25)
            elif role == CellRole.MEMBER and kind == 21 and len(years) > 1:
                left_on, left_reason = date(years[-2], 6, 30), LeftReason.TRANSFER
            full_name = _full_name(rng, gender)
            members.append(
                Member(
                    cell=cell,
                    group=groups_of[cell.pk][index % GROUPS_PER_CELL],
                    full_name=full_name,
                    search_name=fold(full_name),
                    sort_key=vietnamese_sort_key(full_name),
                    gender=gender,
                    date_of_birth=date(born, rng.randint(1, 12), rng.randint(1, 28)),
                    admitted_on=admitted_on,
                    official_on=official_on,
                    card_number=f"{committee.pk:04d}{cell_index + 1:04d}{index + 1:04d}",
                    position=rng.choice(POSITIONS),
                    role=role,
                    status=status,
                    joined_on=joined_on if joined_on and joined_on > date(first_year, 1, 1) else None,
                    left_on=left_on,
                    left_reason=left_reason,
                )
            )
    members_of: dict[int, list[Member]] = {cell.pk: [] for cell in cells}
    for member in members:
        members_of[member.cell.pk].append(member)
    return members_of


def _save_members(cells, groups_of, members_of) -> dict[int, list[Member]]:
    """Insert the members, then make the first current member of each group its leader."""
    members = Member.objects.bulk_create(
        [member for cell_members in members_of.values() for member in cell_members], batch_size=1000
    )
    members_of = {cell.pk: [] for cell in cells}
    for member in members:
        members_of[member.cell_id].append(member)
    leaders = []
    for cell in cells:
        for group in groups_of[cell.pk]:
            group.leader = next(
                (m for m in members_of[cell.pk] if m.group_id == group.pk and m.left_on is None), None
            )
            leaders.append(group)
    PartyGroup.objects.bulk_update(leaders, ["leader"])
    return members_of


def _link_accounts(members_of: dict[int, list[Member]], password: str, every_account: bool) -> None:
    """Sign-in accounts `<cell>-bithu` for the secretary and, with `every_account`,
    `<cell>-dv<n>` for the n-th member of the cell."""
    User = get_user_model()
    signing_in = [
        (member, f"{cell_members[0].cell.slug}-{'bithu' if member.role == CellRole.SECRETARY else f'dv{n}'}")
        for cell_members in members_of.values()
        for n, member in enumerate(cell_members, start=1)
        if every_account or member.role == CellRole.SECRETARY
    ]
    users = User.objects.bulk_create(
        [User(username=name, first_name=member.full_name, password=password) for member, name in signing_in],
        batch_size=1000,
    )
    for (member, _username), user in zip(signing_in, users, strict=True):
        member.user = user


def _build_years(rng, cells, groups_of, members_of, years) -> None:
    """Per cell and year: the theme, 2 key contents, a study session with who attended, and a
    pledge of every member in the cell with 3 items, evaluated and rated (a member who left
    during the year stays approved)."""
    study_years = StudyYear.objects.bulk_create(
        StudyYear(
            cell=cell,
            year=year,
            theme=THEMES.get(
                year, f"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {year}"
            ),
            pledge_deadline=date(year, 3, 31),
        )
        for cell in cells
        for year in years
    )
    KeyContent.objects.bulk_create(
        KeyContent(study_year=study_year, order=order, text=KEY_CONTENTS[(study_year.year + order) % 8])
        for study_year in study_years
        for order in (1, 2)
    )
    sessions = StudySession.objects.bulk_create(
        StudySession(
            study_year=study_year,
            held_on=date(study_year.year, 2, 20),
            form=StudyForm.CONFERENCE,
            content=f"Hội nghị học tập, quán triệt chuyên đề năm {study_year.year}: {study_year.theme}",
        )
        for study_year in study_years
    )
    Attendance = StudySession.attendees.through
    Attendance.objects.bulk_create(
        Attendance(studysession_id=session.pk, member_id=member.pk)
        for session, study_year in zip(sessions, study_years, strict=True)
        for member in members_of[study_year.cell_id]
        if _in_cell(member, session.held_on) and rng.random() < 0.93
    )

    ratings, weights = zip(*RATINGS, strict=True)
    pledges = []
    for study_year in study_years:
        year = study_year.year
        cell_members = members_of[study_year.cell_id]
        secretary = cell_members[0]
        leaders = {group.pk: group.leader for group in groups_of[study_year.cell_id] if group.leader}
        for member in cell_members:
            if not _in_cell(member, date(year, 10, 1)) and not (
                member.left_on and member.left_on.year == year
            ):
                continue
            leaving = member.left_on is not None and member.left_on.year == year
            rating = rng.choices(ratings, weights)[0]
            reviewer = leaders.get(member.group_id, secretary)
            submitted = date(year, 3, rng.randint(1, 28))
            evaluated = {
                "state": PledgeState.EVALUATED,
                "self_assessment": "Đã thực hiện nghiêm túc các nội dung đã đăng ký.",
                "self_assessed_at": _moment(date(year, 12, 10)),
                "rating": rating,
                "score": rng.randint(*SCORES[rating]),
                "evaluation_comment": "Chi bộ thống nhất với tự đánh giá của đồng chí.",
                "evaluated_at": _moment(date(year, 12, 20)),
                "evaluated_by": secretary if member is not secretary else cell_members[1 % len(cell_members)],
            }
            pledges.append(
                Pledge(
                    member=member,
                    study_year=study_year,
                    submitted_at=_moment(submitted),
                    reviewed_at=_moment(submitted + timedelta(days=10)),
                    reviewed_by=reviewer if reviewer is not member else secretary,
                    reflection_text=f"Bài thu hoạch chuyên đề năm {year}.",
                    version=6,
                    **({"state": PledgeState.APPROVED} if leaving else evaluated),
                )
            )
    pledges = Pledge.objects.bulk_create(pledges, batch_size=500)
    aspects = (Aspect.THOUGHT, Aspect.ETHICS, Aspect.STYLE)
    items = []
    for pledge in pledges:
        for order, aspect in enumerate(aspects, start=1):
            action, target, timeframe = ITEMS[aspect][rng.randrange(3)]
            done = pledge.state == PledgeState.EVALUATED
            items.append(
                PledgeItem(
                    pledge=pledge,
                    order=order,
                    action=action,
                    aspect=aspect,
                    target=target,
                    timeframe=timeframe,
                    result=(ItemResult.DONE if rng.random() < 0.85 else ItemResult.PARTLY) if done else "",
                )
            )
    PledgeItem.objects.bulk_create(items, batch_size=1000)


def _build_monday(rng, cells, groups_of, members_of, years) -> None:
    """The story library, the demo's days off, and a session on every Monday of every year
    but the public holidays, the groups in turn; every past session held (one in 25 not)."""
    stories = Story.objects.bulk_create(
        Story(
            cell=cell, title=title, sort_key=vietnamese_sort_key(title), kind=kind, source=source, text=text
        )
        for cell in cells
        for title, kind, source, text in STORIES[:STORIES_PER_CELL]
    )
    stories_of = {cell.pk: [story for story in stories if story.cell_id == cell.pk] for cell in cells}
    days_off = [(day, reason) for day, reason in DAYS_OFF if day.year in years]
    MondayDayOff.objects.bulk_create(
        MondayDayOff(cell=cell, day=day, reason=reason) for cell in cells for day, reason in days_off
    )
    skipped = {day for day, _reason in days_off}
    for year in years:
        skipped |= set(public_holidays(year))
    days = [day for year in years for day in mondays(year) if day not in skipped]
    today = date.today()
    sessions = []
    for cell in cells:
        groups = groups_of[cell.pk]
        library = stories_of[cell.pk]
        for turn, day in enumerate(days):
            group = groups[turn % len(groups)]
            session = MondaySession(cell=cell, day=day, group=group, state=MondayState.PLANNED)
            if day < today:
                present = [m for m in members_of[cell.pk] if _in_cell(m, day)]
                readers = [m for m in present if m.group_id == group.pk] or present
                if rng.random() < 0.04 or not readers:
                    session.state = MondayState.NOT_HELD
                    session.not_held_reason = "Trùng lịch họp giao ban của cơ quan"
                else:
                    session.state = MondayState.HELD
                    session.reader = readers[turn // len(groups) % len(readers)]
                    session.story = library[turn % len(library)]
                    session.attendance = rng.randint(15, 45)
            sessions.append(session)
    MondaySession.objects.bulk_create(sessions, batch_size=1000)


def _build_oversight(rng, cells, groups_of, members_of, years) -> None:
    """Per cell and year: the programme, 2 inspections and 2 supervisions of 1 or 2 members,
    concluded (one in 8 with shortcomings fixed), a praise and two proposals for a reward."""
    programmes = Programme.objects.bulk_create(
        Programme(
            cell=cell,
            year=year,
            number=f"{year - years[0] + 1:02d}-CTr/CB",
            adopted_on=date(year, 1, 20),
            content="Kiểm tra, giám sát đảng viên theo Điều 30 Điều lệ Đảng, trong đó có việc thực hiện "
            "Chỉ thị số 05-CT/TW của Bộ Chính trị.",
        )
        for cell in cells
        for year in years
    )
    cases, concerned, praises, proposals = [], [], [], []
    for programme in programmes:
        year, cell_id = programme.year, programme.cell_id
        present = [member for member in members_of[cell_id] if _in_cell(member, date(year, 6, 1))]
        chosen = rng.sample(present, min(len(present), 6))
        for number, kind in enumerate(
            [CaseKind.INSPECTION, CaseKind.SUPERVISION, CaseKind.INSPECTION, CaseKind.SUPERVISION], start=1
        ):
            decided = date(year, 3 * number, 10)
            shortcomings = rng.random() < 0.125
            cases.append(
                Case(
                    cell_id=cell_id,
                    programme=programme,
                    kind=kind,
                    supervision_kind=SupervisionKind.THEMATIC if kind == CaseKind.SUPERVISION else "",
                    decision_number=f"{number:02d}-{'QĐ' if kind == CaseKind.INSPECTION else 'KH'}/CB",
                    decision_date=decided,
                    period_start=date(year - 1, 1, 1),
                    period_end=date(year - 1, 12, 31),
                    carried_out_by="Chi ủy Chi bộ",
                    start_on=decided,
                    end_on=decided + timedelta(days=30),
                    state=CaseState.CONCLUDED,
                    member_report="Đã báo cáo việc học tập chuyên đề, viết bài thu hoạch và thực hiện "
                    "bản đăng ký.",
                    findings="Đảng viên học tập đầy đủ các chuyên đề, có bài thu hoạch, xây dựng và thực "
                    "hiện bản đăng ký.",
                    strengths="Gương mẫu, có trách nhiệm trong công việc.",
                    shortcomings="Chỉ tiêu trong bản đăng ký còn chung chung." if shortcomings else "",
                    conclusion=Conclusion.SHORTCOMINGS if shortcomings else Conclusion.GOOD,
                    remedy="Cụ thể hóa chỉ tiêu trong bản đăng ký năm sau." if shortcomings else "",
                    remedy_due=date(year, 12, 31) if shortcomings else None,
                    remedy_done_on=date(year, 12, 15) if shortcomings else None,
                )
            )
            concerned.append(chosen[(number - 1) : (number - 1) + 1 + (number % 2)] or present[:1])
        if present:
            praised = rng.choice(present)
            praises.append(
                Praise(
                    cell_id=cell_id,
                    member=praised,
                    praised_on=date(year, 12, 18),
                    occasion=f"Hội nghị tổng kết năm {year} của Chi bộ",
                    reason="Gương mẫu, tận tụy, được cán bộ và nhân dân nơi cư trú tín nhiệm",
                )
            )
            granted = rng.random() < 0.8
            for number, target in enumerate([ProposalTarget.COLLECTIVE, ProposalTarget.INDIVIDUAL], start=1):
                proposed_on = date(year, 4, 15)
                proposals.append(
                    RewardProposal(
                        cell_id=cell_id,
                        target=target,
                        member=rng.choice(present) if target == ProposalTarget.INDIVIDUAL else None,
                        group=rng.choice(groups_of[cell_id]) if target == ProposalTarget.COLLECTIVE else None,
                        number=f"{number:02d}-TTr/CB",
                        proposed_on=proposed_on,
                        reason="Tiêu biểu trong việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ "
                        "Chí Minh",
                        outcome=ProposalOutcome.GRANTED if granted else ProposalOutcome.NOT_GRANTED,
                        decision_number=f"{number:02d}-QĐ/HU" if granted else "",
                        decision_date=proposed_on + timedelta(days=30) if granted else None,
                    )
                )
    cases = Case.objects.bulk_create(cases, batch_size=500)
    Concerned = Case.members.through
    Concerned.objects.bulk_create(
        Concerned(case_id=case.pk, member_id=member.pk)
        for case, members in zip(cases, concerned, strict=True)
        for member in members
    )
    Praise.objects.bulk_create(praises)
    RewardProposal.objects.bulk_create(proposals)


def _build_documents(cells, committee, years) -> None:
    """The register: Directive 05 and the committee's plan received, the cell's plan and its
    regulation, and a yearly plan of the cell."""
    first = years[0]
    documents = []
    for cell in cells:
        documents += [
            CellDocument(
                cell=cell,
                on_directive_05=True,
                kind=DocumentKind.DIRECTIVE,
                direction=DocumentDirection.RECEIVED,
                number="05-CT/TW",
                issued_on=date(2016, 5, 15),
                issuer="Bộ Chính trị",
                title="Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            ),
            CellDocument(
                cell=cell,
                on_directive_05=True,
                kind=DocumentKind.PLAN,
                direction=DocumentDirection.RECEIVED,
                number=f"46-KH/{committee.code}",
                issued_on=date(first - 1, 12, 8),
                issuer="Ban Thường vụ Huyện ủy",
                title="Kế hoạch về “Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”",
            ),
            CellDocument(
                cell=cell,
                on_directive_05=True,
                kind=DocumentKind.REGULATION,
                direction=DocumentDirection.ISSUED,
                number="02-QĐ/CB",
                issued_on=date(first, 3, 20),
                issuer=cell.name,
                title="Quy định về chuẩn mực đạo đức của cán bộ, đảng viên học tập và làm theo tấm gương "
                "đạo đức Hồ Chí Minh",
            ),
        ]
        documents += [
            CellDocument(
                cell=cell,
                on_directive_05=True,
                kind=DocumentKind.PLAN,
                direction=DocumentDirection.ISSUED,
                number=f"{year - first + 1:02d}-KH/CB",
                issued_on=date(year, 1, 16),
                issuer=cell.name,
                title=f"Kế hoạch thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị năm {year}",
            )
            for year in years
        ]
    CellDocument.objects.bulk_create(documents)


def get_page(client: Client, url: str) -> None:
    """A page the benchmark measures; anything but 200 means the benchmark itself is broken."""
    response = client.get(url)
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}, not 200: the benchmark is broken.")


def page_query_count(user, url: str) -> int:
    """The queries of a page once its caches are warm."""
    client = Client()
    client.force_login(user)
    get_page(client, url)
    with CaptureQueriesContext(connection) as queries:
        get_page(client, url)
    return len(queries)


# The figures of years without records: how many queries they cost the engine.

ENTERED_YEARS = 5


def entered_figures_query_counts(cells: int, *, first_year: int = 2016, years: int = 10) -> dict[int, int]:
    """The queries of period_figures over `years` years for `cells` new cells that hold records
    of their later years only: with none of their earlier years entered, then with
    ENTERED_YEARS of them entered from their reports. Keyed by the number of entered years; the
    engine's rule is that both are the same."""
    period = Period.of_years(first_year, first_year + years - 1)
    committee = build_dataset(
        cells=cells,
        members_per_cell=3,
        years=range(first_year + ENTERED_YEARS, first_year + years),
        committee_name="Đảng bộ xã Yên Cũ",
    )
    ids = list(Cell.objects.filter(committee=committee).values_list("pk", flat=True))
    counts = {0: _engine_queries(ids, period)}
    EnteredYearFigures.objects.bulk_create(
        EnteredYearFigures(
            cell_id=cell_id,
            year=year,
            report_number=f"{year - first_year + 1:02d}-BC/CB",
            report_date=date(year, 12, 20),
            members=3,
            party_groups=GROUPS_PER_CELL,
            pledges_filed=3,
            pledges_approved=3,
            monday_planned=48,
            monday_held=46,
        )
        for cell_id in ids
        for year in range(first_year, first_year + ENTERED_YEARS)
    )
    # bulk_create sends no signal: the cells' cached figures are made stale here.
    figures_changed(ids)
    counts[ENTERED_YEARS] = _engine_queries(ids, period)
    return counts


def _engine_queries(ids: list[int], period: Period) -> int:
    with CaptureQueriesContext(connection) as queries:
        period_figures(ids, period, detail=True)
    return len(queries)


def year_file(cell: Cell, year: int, members: list[Member], groups: list[PartyGroup]) -> bytes:
    """The filled template of a full year of the cell, built in memory: every member's pledge,
    self-assessed and rated, with 4 items; 10 study sessions that everybody attended; a Monday
    session for each Monday; 4 cases of 2 members each; 3 praises and 2 proposals."""

    def day(month: int, number: int) -> str:
        return f"{number:02d}/{month:02d}/{year}"

    def person(member: Member) -> dict:
        return {"card_number": member.card_number}

    sheets = {
        "year": [{"theme": THEMES.get(year, f"Chuyên đề năm {year}")}],
        "pledges": [
            {
                **person(m),
                "submitted_on": day(2, 10),
                "approved_on": day(2, 20),
                "self_assessment": "Đã làm",
                "self_assessed_on": day(12, 5),
                "score": 70 + index % 30,
                "evaluated_on": day(12, 20),
            }
            for index, m in enumerate(members)
        ],
        "items": [
            {
                **person(m),
                "action": f"Việc {n}",
                "aspect": "Đạo đức",
                "target": "Cả năm",
                "timeframe": "Cả năm",
                "result": "Hoàn thành",
            }
            for m in members
            for n in range(1, 5)
        ],
        "sessions": [
            {
                "number": n,
                "held_on": day(n, 3),
                "form": "Sinh hoạt chi bộ",
                "content": f"Học chuyên đề, buổi {n}",
            }
            for n in range(1, 11)
        ],
        "attendance": [{"number": n, **person(m)} for n in range(1, 11) for m in members],
        "mondays": [
            {
                "day": f"{monday:%d/%m/%Y}",
                "group": groups[index % len(groups)].name,
                "held": "Có",
                "reader_card": members[index % len(members)].card_number,
                "attendance": 40,
            }
            for index, monday in enumerate(mondays(year))
        ],
        "cases": [
            {
                "decision_number": f"0{n}-QĐ/CB",
                "decision_date": day(3, n),
                "kind": "Kiểm tra",
                **person(m),
                "period_start": f"01/01/{year - 1}",
                "period_end": f"31/12/{year - 1}",
                "carried_out_by": "Chi ủy",
                "start_on": day(3, 10),
                "end_on": day(4, 10),
                "conclusion": "Thực hiện tốt",
            }
            for n in range(1, 5)
            for m in members[2 * n : 2 * n + 2]
        ],
        "praises": [{**person(m), "praised_on": day(12, 28), "reason": "Tiêu biểu"} for m in members[:3]],
        "proposals": [
            {
                "number": f"0{n}-TTr/CB",
                "proposed_on": day(11, 20),
                "target": "Cá nhân",
                **person(m),
                "reason": "Gương mẫu",
            }
            for n, m in enumerate(members[:2], 1)
        ],
    }
    book = openpyxl.Workbook(write_only=True)
    for key, rows in sheets.items():
        title, columns, _required = SHEETS[key]
        sheet = book.create_sheet(title)
        sheet.append(list(columns.values()))
        for row in rows:
            sheet.append([row.get(name) for name in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def year_import_seconds(*, members: int = 300, year: int = 2019) -> tuple[float, float]:
    """The time of the preview and of the import of a full year of a cell of `members` members,
    into a new cell of a scratch database; the import's work is left in it."""
    cell = build_cell_for_import(members)
    people = list(Member.objects.filter(cell=cell).order_by("pk"))
    content = year_file(cell, year, people, list(cell.groups.order_by("order")))
    start = perf_counter()
    plan = year_plan(cell=cell, year=year, sheets=read_year_file(content, "xlsx"), file_name="bench.xlsx")
    preview_s = perf_counter() - start
    if plan.refusals:
        raise CommandError(f"The bench's year file is refused: {plan.refusals[:3]}")
    start = perf_counter()
    year_import_run(
        actor=None, cell=cell, year=year, content=content, file_format="xlsx", file_name="bench.xlsx"
    )
    return preview_s, perf_counter() - start


def build_cell_for_import(members: int) -> Cell:
    """A cell of `members` members with card numbers, in 5 groups, and no records."""
    committee = SuperiorCommittee.objects.create(
        name=f"Đảng ủy xã Nhập {members}", kind=CommitteeKind.COMMUNE, code="ĐU"
    )
    cell = Cell.objects.create(
        committee=committee, name="Chi bộ Nhập", slug=f"nhap-{committee.pk}", code="CB"
    )
    groups = PartyGroup.objects.bulk_create(
        PartyGroup(cell=cell, order=order, name=f"Tổ đảng số {order}")
        for order in range(1, GROUPS_PER_CELL + 1)
    )
    rng = random.Random(members)  # noqa: S311 - made-up records, not secrets
    people = []
    for number in range(members):
        gender = rng.choice([Gender.MALE, Gender.FEMALE])
        full_name = _full_name(rng, gender)
        people.append(
            Member(
                cell=cell,
                group=groups[number % len(groups)],
                full_name=full_name,
                search_name=fold(full_name),
                sort_key=vietnamese_sort_key(full_name),
                gender=gender,
                date_of_birth=date(1960 + number % 40, 1 + number % 12, 1 + number % 28),
                card_number=f"{cell.pk:04d}{number:06d}",
                admitted_on=date(2000, 5, 19),
                official_on=date(2001, 5, 19),
                role=CellRole.MEMBER,
                status=MemberStatus.OFFICIAL,
            )
        )
    Member.objects.bulk_create(people)
    return cell
