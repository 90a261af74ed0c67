"""Every year of Directive 05 work of the cells that devtools/dataset.py builds: pledges,
study sessions, the Monday rota, inspection and supervision, praises and proposals, the
register. Written with bulk_create from one seeded random generator."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from cell05.text import vietnamese_sort_key
from members.models import Member
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

GROUPS_PER_CELL = 5
STORIES_PER_CELL = 10

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


def build_years(rng, cells, groups_of, members_of, years) -> None:
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


def build_monday(rng, cells, groups_of, members_of, years) -> None:
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


def build_oversight(rng, cells, groups_of, members_of, years) -> None:
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


def build_documents(cells, committee, years) -> None:
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
