"""What `manage.py bench` measures beside the pages: the queries of a page and of the counting
engine, and the import of a full year of a cell. The data sets are devtools/dataset.py's."""

import io
import random
from datetime import date
from time import perf_counter

import openpyxl
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cell05.periods import Period
from cell05.text import fold, vietnamese_sort_key
from devtools.dataset import build_dataset, made_up_name
from devtools.records import GROUPS_PER_CELL
from figures.cache import figures_changed
from figures.counting.period import period_figures
from figures.models import EnteredYearFigures
from members.choices import CellRole, CommitteeKind, Gender, MemberStatus
from members.models import Cell, Member, PartyGroup, SuperiorCommittee
from operations.services import year_import_run
from operations.year_import import year_plan
from operations.year_import.reading import read_year_file
from operations.year_import.sheets import SHEETS
from plans.demo.years import THEMES
from plans.services.monday import mondays


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
        full_name = made_up_name(rng, gender)
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
