"""The years of the commune committee's other cells (members.demo.COMMUNE_CELLS): from the
first year of each cell's records to the year under way, its theme, key contents, study
sessions and a pledge of every member, as the source's cell has them; then what sets each apart:
the members of one cell who had not filed the pledge of the year under way by its deadline, and
the Monday sessions of the schools, held but in one, where most of this year's were not.
Loading twice changes nothing."""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from members.choices import CellRole
from members.demo import BEHIND_ON_PLEDGES, COMMUNE_CELLS, MONDAY_NOT_HELD, NOT_FILED
from members.models import Cell, Member
from plans.choices import MondayState
from plans.demo.monday import STORIES, hold
from plans.demo.years import KEY_CONTENTS, load_pledges, load_sessions, study_year_of
from plans.models import KeyContent, MondaySession, Story
from plans.services.monday import rota_plan

# The key contents such cells chose: the cell's and its members' example-setting, under the
# Politburo's rules of 2019 and 2024, then unity through the reorganisation of 2025.
KEY_CONTENTS_OF_CELLS = {year: [1, 9] for year in range(2021, 2024)} | {
    year: [9, 11, 12] for year in range(2024, 2100)
}
# The cells that hold Monday sessions, from the year of their rota: the sessions held, but of
# the year under way in MONDAY_NOT_HELD. Each reads from the first stories of the source cell's
# library.
MONDAY_SINCE = {"thcs-hoa-thanh": 2024, "tieu-hoc-hoa-thanh": 2025, "mam-non-hoa-thanh": 2024}
MONDAY_STORIES = 4
# Why the Monday cell's sessions of the year under way were not held; one in three was.
NOT_HELD_REASONS = (
    "Trùng lễ chào cờ đầu tuần của nhà trường, chưa bố trí được thời gian",
    "Giáo viên đi tập huấn Chương trình giáo dục phổ thông 2018",
    "Tổ đảng trực chưa chuẩn bị bài viết, mẩu chuyện để đọc",
)


@transaction.atomic
def load_cells_years(cells: list[Cell]) -> None:
    today = timezone.localdate()
    specs = {spec.slug: spec for spec in COMMUNE_CELLS}
    for cell in cells:
        spec = specs[cell.slug]
        if spec.first_year is None:
            study_year_of(cell, today.year)  # the year under way, for its first members to file
            continue
        members = list(
            Member.objects.filter(cell=cell).select_related("group__leader", "user").order_by("pk")
        )
        secretary = next(member for member in members if member.role == CellRole.SECRETARY)
        for year in range(spec.first_year, today.year + 1):
            study_year, created = study_year_of(cell, year)
            if created:
                KeyContent.objects.bulk_create(
                    KeyContent(study_year=study_year, order=order, text=KEY_CONTENTS[index])
                    for order, index in enumerate(KEY_CONTENTS_OF_CELLS[year], start=1)
                )
                load_sessions(study_year, members)
            filing = members
            if year == today.year and cell.slug == BEHIND_ON_PLEDGES:
                late = sorted(members, key=lambda member: member.card_number)[-NOT_FILED:]
                filing = [member for member in members if member not in late]
            load_pledges(study_year, filing, secretary)
        if cell.slug in MONDAY_SINCE:
            _load_monday(cell, members, today)


def _load_monday(cell: Cell, members: list[Member], today) -> None:
    """The rota since its first year, its past sessions held; in MONDAY_NOT_HELD, those of the
    year under way held one in three, the others recorded as not held with the reason."""
    for title, kind, source, text in STORIES[:MONDAY_STORIES]:
        Story.objects.get_or_create(
            cell=cell, title=title, defaults={"kind": kind, "source": source, "text": text}
        )
    stories = list(Story.objects.filter(cell=cell).order_by("pk"))
    read = {}  # group id → [(day, story id)] of its held sessions
    for session in MondaySession.objects.filter(cell=cell, story__isnull=False, state=MondayState.HELD):
        read.setdefault(session.group_id, []).append((session.day, session.story_id))
    for year in range(MONDAY_SINCE[cell.slug], today.year + 1):
        if MondaySession.objects.filter(cell=cell, day__year=year).exists():
            continue
        sessions = rota_plan(cell, year)
        past = [session for session in sessions if session.day < today]
        for number, session in enumerate(past):
            if cell.slug != MONDAY_NOT_HELD or year < today.year or number % 3 == 0:
                hold(session, members, stories, read)
            else:
                session.state = MondayState.NOT_HELD
                session.not_held_reason = NOT_HELD_REASONS[number % len(NOT_HELD_REASONS)]
        bulk_create_with_history(sessions, MondaySession, default_change_reason="demo.loaded")
