"""A past year of a cell, brought in from the cell's own spreadsheet (issue 27, item 1): the
template to fill, the reading of the filled file, and the plan of what its import would create,
refuse and skip, row by row. The import itself is operations.services.year_import_run.

One workbook holds one year, one sheet per kind of record; a .csv holds the same rows in one
table whose column "Loại" names the sheet of each row. The sheets' and columns' names are
Vietnamese in every interface language: the file is a form that the cell fills, like a paper
form. Members are found by Party card number, else by full name and date of birth; a row whose
member is not found is refused, never matched to someone else.

A row that records what the cell already holds (the same member's pledge of the year, a session
of the same day and content, a case of the same decision) is skipped, so that the same file
imported twice creates nothing new. Any other record in a year that already has records is
refused: a year comes from one file, once.
"""

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

import openpyxl
import tablib
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from cell05.text import fold, nfc
from figures.counting.records import year_has_entered_figures, year_has_records
from members import import_file
from members.models import Cell, Member
from members.resources import COLUMNS as MEMBER_COLUMNS
from members.resources import ChoiceWidget, DayWidget, TextWidget, card_text
from oversight.choices import (
    CaseKind,
    CaseState,
    Conclusion,
    ProposalOutcome,
    ProposalTarget,
    SupervisionKind,
)
from oversight.models import Case, Praise, RewardProposal
from plans.choices import RATING_SCORE_BANDS, Aspect, ItemResult, MondayState, Rating, StudyForm
from plans.models import MondaySession, Pledge, PledgeItem, StudySession, StudyYear
from plans.workflow import PLEDGE_WORKFLOW

# Rows of one sheet, blank ones not counted: a year of a 300-member cell with five items and
# ten study sessions each is about 4,500 rows in its largest sheet.
MAX_ROWS = 10000

# The choices as the file writes them, whatever the interface language.
RATING_LABELS = {
    Rating.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Rating.GOOD: "Hoàn thành tốt nhiệm vụ",
    Rating.FULFILLED: "Hoàn thành nhiệm vụ",
    Rating.NOT_FULFILLED: "Không hoàn thành nhiệm vụ",
}
ASPECT_LABELS = {Aspect.THOUGHT: "Tư tưởng", Aspect.ETHICS: "Đạo đức", Aspect.STYLE: "Phong cách"}
RESULT_LABELS = {
    ItemResult.DONE: "Hoàn thành",
    ItemResult.PARTLY: "Hoàn thành một phần",
    ItemResult.NOT_DONE: "Chưa hoàn thành",
}
FORM_LABELS = {
    StudyForm.CONFERENCE: "Hội nghị",
    StudyForm.CELL_MEETING: "Sinh hoạt chi bộ",
    StudyForm.THEMATIC_MEETING: "Sinh hoạt chuyên đề",
    StudyForm.AGENCY_MEETING: "Sinh hoạt cơ quan",
    StudyForm.OTHER: "Khác",
}
HELD_LABELS = {MondayState.HELD: "Có", MondayState.NOT_HELD: "Không"}
CASE_KIND_LABELS = {CaseKind.INSPECTION: "Kiểm tra", CaseKind.SUPERVISION: "Giám sát"}
SUPERVISION_LABELS = {SupervisionKind.REGULAR: "Thường xuyên", SupervisionKind.THEMATIC: "Chuyên đề"}
CONCLUSION_LABELS = {
    Conclusion.GOOD: "Thực hiện tốt",
    Conclusion.SHORTCOMINGS: "Có khuyết điểm cần khắc phục",
    Conclusion.VIOLATION: "Có vi phạm",
}
TARGET_LABELS = {ProposalTarget.COLLECTIVE: "Tập thể", ProposalTarget.INDIVIDUAL: "Cá nhân"}
OUTCOME_LABELS = {
    ProposalOutcome.PENDING: "Chờ quyết định",
    ProposalOutcome.GRANTED: "Được khen thưởng",
    ProposalOutcome.NOT_GRANTED: "Không được khen thưởng",
}

# The member a row is about, by the columns of the member list.
PERSON = {
    "card_number": MEMBER_COLUMNS["card_number"],
    "full_name": MEMBER_COLUMNS["full_name"],
    "date_of_birth": MEMBER_COLUMNS["date_of_birth"],
}
READER = {"reader_card": "Số thẻ người đọc", "reader_name": "Người đọc", "reader_born": "Ngày sinh người đọc"}

# Each sheet: its name, its columns (key: header), the columns a row must fill, and what the
# choice columns take.
SHEETS = {
    "year": ("Năm", {"theme": "Chuyên đề năm"}, ("theme",)),
    "pledges": (
        "Bản đăng ký",
        {
            **PERSON,
            "submitted_on": "Ngày nộp",
            "approved_on": "Ngày duyệt",
            "self_assessment": "Tự đánh giá",
            "self_assessed_on": "Ngày tự đánh giá",
            "rating": "Xếp loại",
            "score": "Điểm",
            "evaluated_on": "Ngày xếp loại",
            "evaluation_comment": "Nhận xét của chi bộ",
        },
        (),
    ),
    "items": (
        "Việc đăng ký",
        {
            **PERSON,
            "action": "Việc đăng ký làm theo",
            "aspect": "Làm theo Bác về",
            "target": "Chỉ tiêu",
            "timeframe": "Thời gian",
            "result": "Kết quả",
            "result_note": "Ghi chú kết quả",
        },
        ("action", "aspect", "target", "timeframe"),
    ),
    "sessions": (
        "Buổi học tập",
        {"number": "Buổi số", "held_on": "Ngày", "form": "Hình thức", "content": "Nội dung"},
        ("number", "held_on", "form", "content"),
    ),
    "attendance": ("Dự học tập", {"number": "Buổi số", **PERSON}, ("number",)),
    "mondays": (
        "Sinh hoạt thứ Hai",
        {
            "day": "Ngày",
            "group": "Tổ đảng",
            "held": "Đã tổ chức",
            **READER,
            "attendance": "Số người dự",
            "not_held_reason": "Lý do không tổ chức",
            "note": "Ghi chú",
        },
        ("day", "group", "held"),
    ),
    "cases": (
        "Kiểm tra, giám sát",
        {
            "decision_number": "Số quyết định",
            "decision_date": "Ngày quyết định",
            "kind": "Kiểm tra hay giám sát",
            "supervision_kind": "Hình thức giám sát",
            **PERSON,
            "content": "Nội dung",
            "period_start": "Thời kỳ từ ngày",
            "period_end": "Thời kỳ đến ngày",
            "carried_out_by": "Người thực hiện",
            "start_on": "Ngày bắt đầu",
            "end_on": "Ngày kết thúc",
            "conclusion": "Kết luận",
            "remedy": "Việc phải khắc phục",
        },
        ("decision_number", "decision_date", "kind", "period_start", "period_end", "carried_out_by"),
    ),
    "praises": (
        "Biểu dương",
        {**PERSON, "praised_on": "Ngày", "occasion": "Hội nghị, dịp", "reason": "Lý do"},
        ("praised_on", "reason"),
    ),
    "proposals": (
        "Đề nghị khen thưởng",
        {
            "number": "Số tờ trình",
            "proposed_on": "Ngày đề nghị",
            "target": "Đề nghị cho",
            **PERSON,
            "collective": "Tập thể",
            "addressed_to": "Gửi",
            "reason": "Lý do",
            "outcome": "Kết quả",
            "decision_number": "Số quyết định",
            "decision_date": "Ngày quyết định",
        },
        ("number", "proposed_on", "target", "reason"),
    ),
}
CHOICES = {
    "rating": RATING_LABELS,
    "aspect": ASPECT_LABELS,
    "result": RESULT_LABELS,
    "form": FORM_LABELS,
    "held": HELD_LABELS,
    "kind": CASE_KIND_LABELS,
    "supervision_kind": SUPERVISION_LABELS,
    "conclusion": CONCLUSION_LABELS,
    "target": TARGET_LABELS,
    "outcome": OUTCOME_LABELS,
}
# The column of a .csv that names each row's sheet.
KIND_COLUMN = "Loại"
# The dates that say when the period examined by a case began and ended: they may lie before
# the year, unlike every date of what the cell did.
DATES_BEFORE_THE_YEAR = {"period_start", "period_end"}
DATE_KEYS = {
    "submitted_on",
    "approved_on",
    "self_assessed_on",
    "evaluated_on",
    "held_on",
    "day",
    "decision_date",
    "period_start",
    "period_end",
    "start_on",
    "end_on",
    "praised_on",
    "proposed_on",
}
# A row's event becomes a moment of its day at this hour, as the demonstration data does.
EVENT_HOUR = 9
# What the plan lists, in the order the import writes it.
KINDS = ("pledges", "items", "sessions", "attendance", "mondays", "cases", "praises", "proposals")


@dataclass
class Refusal:
    sheet: str
    line: int | None
    column: str
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        place = _("sheet “%(sheet)s”, line %(line)s") % {"sheet": self.sheet, "line": self.line}
        if self.column:
            place += f", {self.column}"
        return f"{place}: {self.message}"


@dataclass
class PlanRow:
    """What one row of the file would do: create its record, or skip it as already recorded."""

    sheet: str
    line: int
    new: bool
    what: str


@dataclass
class YearPlan:
    """What importing the file would do. The records are built, not saved; `new` holds those
    to create by kind, `rows` every row that is not refused."""

    cell: Cell
    year: int
    file_name: str
    study_year: StudyYear | None = None
    theme: str = ""
    new: dict = field(default_factory=lambda: {kind: [] for kind in KINDS})
    skipped: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    rows: list[PlanRow] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    # Each member the file names and the cell does not have: name, birth, card, where.
    unmatched: dict = field(default_factory=dict)

    @property
    def created(self) -> dict:
        return {kind: len(records) for kind, records in self.new.items()}

    @property
    def has_new(self) -> bool:
        return any(self.new.values()) or (self.study_year is None and bool(self.theme))


def file_bounds() -> import_file.Bounds:
    return import_file.Bounds(
        max_rows=MAX_ROWS,
        what=_("year of records"),
        too_many_rows=_(
            "The sheet “%(sheet)s” has more than %(rows)s rows; a year of a cell has a few "
            "thousand at most. Check that the file holds one year of one cell."
        ),
    )


def read_year_file(content: bytes, file_format: str) -> dict:
    """The sheets of the file by their key in SHEETS, each a list of (line, {column key: value});
    the columns are matched to the template's by their folded headers. Raises ValidationError
    for a file beyond the limits, that cannot be read, or whose sheets or columns are not the
    template's."""
    datasets = import_file.read_sheets(content, file_format, file_bounds())
    if file_format != "xlsx":
        datasets = _split_csv(datasets[""])
    by_title = {fold(title): key for key, (title, _columns, _required) in SHEETS.items()}
    sheets = {}
    for title, dataset in datasets.items():
        if not len(dataset):
            continue
        key = by_title.get(fold(title))
        if key is None:
            raise ValidationError(
                _("The sheet “%(sheet)s” is not one of the template's: %(sheets)s.")
                % {"sheet": title, "sheets": ", ".join(sheet[0] for sheet in SHEETS.values())}
            )
        sheets[key] = _rows_of(key, dataset)
    if not sheets:
        raise ValidationError(_("The file has no rows to import."))
    return sheets


def _split_csv(dataset) -> dict:
    """The rows of a .csv, one dataset per sheet named by its column "Loại"."""
    headers = dataset.headers or []
    if KIND_COLUMN not in headers:
        raise ValidationError(
            _("A .csv file needs the column “%(column)s”, naming each row's sheet.") % {"column": KIND_COLUMN}
        )
    where = headers.index(KIND_COLUMN)
    others = [header for header in headers if header != KIND_COLUMN]
    parts = {}
    for line, row in zip(dataset.lines, dataset, strict=True):
        title = str(row[where] or "").strip()
        part = parts.setdefault(fold(title), (title, [], []))
        part[1].append([value for index, value in enumerate(row) if index != where])
        part[2].append(line)
    split = {}
    for title, rows, lines in parts.values():
        # The columns of the other sheets are empty on this sheet's rows: they are left out.
        used = [i for i, header in enumerate(others) if any(str(row[i] or "").strip() for row in rows)]
        part = tablib.Dataset(
            *[[row[i] for i in used] for row in rows], headers=[others[i] for i in used], title=title
        )
        part.lines = lines
        split[title] = part
    return split


def _rows_of(key: str, dataset) -> list:
    title, columns, required = SHEETS[key]
    by_header = {fold(header): name for name, header in columns.items()}
    names = []
    for header in dataset.headers or []:
        if not header:
            names.append(None)
            continue
        name = by_header.get(fold(header))
        if name is None:
            raise ValidationError(
                _("The sheet “%(sheet)s” has a column “%(column)s” that the template does not have.")
                % {"sheet": title, "column": header}
            )
        names.append(name)
    missing = [columns[name] for name in required if name not in names]
    if missing:
        raise ValidationError(
            _("The sheet “%(sheet)s” has no column %(columns)s.")
            % {"sheet": title, "columns": ", ".join(f"“{column}”" for column in missing)}
        )
    return [
        (line, {name: value for name, value in zip(names, row, strict=True) if name})
        for line, row in zip(dataset.lines, dataset, strict=True)
    ]


class _Members:
    """The cell's members (those who have left included: the year is past), read once."""

    def __init__(self, cell: Cell):
        members = list(Member.objects.filter(cell=cell))
        self.by_card = {member.card_number: member for member in members if member.card_number}
        self.by_person = defaultdict(list)
        for member in members:
            if member.date_of_birth:
                self.by_person[(member.search_name, member.date_of_birth)].append(member)


class _Row:
    """One row of a sheet as the plan reads it: each value read by its column's rules, each
    problem a refusal naming the sheet, the line and the column."""

    def __init__(self, planner: "_Planner", key: str, line: int, values: dict):
        self.planner = planner
        self.sheet, self.columns, self.required = SHEETS[key]
        self.line = line
        self.values = values
        self.refused = False

    def refuse(self, message: str, column: str = "") -> None:
        self.refused = True
        header = self.columns.get(column, column)
        self.planner.plan.refusals.append(Refusal(self.sheet, self.line, header, message))

    def _read(self, name: str, reader):
        value = self.values.get(name)
        if value is None or str(value).strip() == "":
            if name in self.required:
                self.refuse(_("This cell of the file is empty."), name)
            return None
        try:
            return reader(value)
        except ValueError as error:
            self.refuse(str(error), name)
            return None

    def text(self, name: str) -> str:
        return self._read(name, TextWidget().clean) or ""

    def choice(self, name: str) -> str:
        return self._read(name, ChoiceWidget(CHOICES[name]).clean) or ""

    def day(self, name: str) -> date | None:
        day = self._read(name, DayWidget().clean)
        year = self.planner.plan.year
        if day is not None and (day.year > year or (day.year < year and name not in DATES_BEFORE_THE_YEAR)):
            self.refuse(
                _("%(day)s is outside the year %(year)s.") % {"day": f"{day:%d/%m/%Y}", "year": year}, name
            )
            return None
        return day

    def moment(self, name: str) -> datetime | None:
        day = self.day(name)
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day, time(EVENT_HOUR)))

    def score(self) -> int | None:
        def whole(value):
            try:
                number = float(str(value).strip().replace(",", "."))
            except ValueError:
                number = None
            if number is None or not number.is_integer():
                raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
            if not 0 <= number <= 100:
                raise ValueError(_("The score %(score)s is beyond 0–100.") % {"score": int(number)})
            return int(number)

        return self._read("score", whole)

    def member(
        self, card="card_number", name="full_name", born="date_of_birth", required=True
    ) -> Member | None:
        """The member the row names: by card number, else by full name and date of birth."""
        card_number = card_text(self.values.get(card))
        full_name = nfc(str(self.values.get(name) or "")).strip()
        birth = self._read(born, DayWidget().clean) if self.values.get(born) else None
        members = self.planner.members
        if card_number:
            member = members.by_card.get(card_number)
        elif full_name and birth:
            found = members.by_person.get((fold(full_name), birth), [])
            if len(found) > 1:
                self.refuse(
                    _("The cell has several members of this name and date of birth; give the card number.")
                )
                return None
            member = found[0] if found else None
        elif not required and not full_name:
            return None
        else:
            self.refuse(
                _("Give the member's Party card number, or the full name and the date of birth."), name
            )
            return None
        if member is None:
            self.refuse(_("The cell has no such member."), card if card_number else name)
            person = (card_number, fold(full_name), birth)
            entry = self.planner.plan.unmatched.setdefault(
                person,
                {"card_number": card_number, "full_name": full_name, "date_of_birth": birth, "where": []},
            )
            entry["where"].append(_("“%(sheet)s” line %(line)s") % {"sheet": self.sheet, "line": self.line})
        return member


def _clean(record: Model, row: _Row) -> None:
    """The model's own rules, without the queries of its relations and constraints (the plan
    has checked what they would)."""
    relations = [field.name for field in record._meta.fields if field.is_relation]
    # A value the row has refused already is not refused again as missing.
    if row.refused:
        relations += [field.name for field in record._meta.fields if getattr(record, field.attname) is None]
    try:
        record.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                row.refuse(message, "" if name == "__all__" else _header_of(row, name))


def _header_of(row: _Row, field_name: str) -> str:
    return row.columns.get(field_name, "")


class _Planner:
    """Reads each sheet against the cell as it stands, in one handful of queries."""

    def __init__(self, cell: Cell, year: int, file_name: str):
        self.plan = YearPlan(cell=cell, year=year, file_name=file_name)
        self.members = _Members(cell)
        self.plan.study_year = StudyYear.objects.filter(cell=cell, year=year).first()
        study_year = self.plan.study_year
        self.pledged = (
            set(Pledge.objects.filter(study_year=study_year).values_list("member_id", flat=True))
            if study_year
            else set()
        )
        self.sessions_held = (
            {(day, content) for day, content in study_year.sessions.values_list("held_on", "content")}
            if study_year
            else set()
        )
        self.mondays_held = set(
            MondaySession.objects.filter(cell=cell, day__year=year).values_list("day", flat=True)
        )
        self.cases_held = set(
            Case.objects.filter(cell=cell, decision_date__year=year).values_list(
                "kind", "decision_number", "decision_date"
            )
        )
        self.praises_held = set(
            Praise.objects.filter(cell=cell, praised_on__year=year).values_list("member_id", "praised_on")
        )
        self.proposals_held = set(
            RewardProposal.objects.filter(cell=cell, proposed_on__year=year).values_list(
                "number", "proposed_on"
            )
        )
        self.groups = {fold(group.name): group for group in cell.groups.all()}
        # The members whose pledge the file has a row of, refused or not.
        self.pledge_rows = set()
        # The numbers of the study sessions the file has a row of, refused or not.
        self.session_rows = set()

    def row(self, new: bool, row: _Row, what) -> None:
        self.plan.rows.append(PlanRow(row.sheet, row.line, new, str(what)))

    def year(self, rows) -> None:
        for line, values in rows[:1]:
            self.plan.theme = _Row(self, "year", line, values).text("theme")

    def pledges(self, rows) -> dict:
        """The pledge of each member named, new or already recorded (None)."""
        pledges, first_line = {}, {}
        for line, values in rows:
            row = _Row(self, "pledges", line, values)
            member = row.member()
            if member is not None:
                self.pledge_rows.add(member.pk)
            record = Pledge(
                member=member,
                study_year=self.plan.study_year,
                submitted_at=row.moment("submitted_on"),
                reviewed_at=row.moment("approved_on"),
                self_assessment=row.text("self_assessment"),
                self_assessed_at=row.moment("self_assessed_on"),
                rating=row.choice("rating"),
                score=row.score(),
                evaluated_at=row.moment("evaluated_on"),
                evaluation_comment=row.text("evaluation_comment"),
            )
            self._rate(record, row)
            record.state = _pledge_state(record)
            _clean(record, row)
            if member is None:
                continue
            first = first_line.setdefault(member.pk, line)
            if first != line:
                row.refuse(
                    _("Lines %(first)s and %(line)s are pledges of the same member.")
                    % {"first": first, "line": line}
                )
            if row.refused:
                continue
            new = member.pk not in self.pledged
            pledges[member.pk] = record if new else None
            if new:
                self.plan.new["pledges"].append(record)
            else:
                self.plan.skipped["pledges"] += 1
            self.row(new, row, member)
        return pledges

    def _rate(self, record: Pledge, row: _Row) -> None:
        """A rating given by its score alone is the band's; a score outside its rating's band
        (Quy định 366) is refused."""
        if record.score is None:
            return
        band = next(
            rating for rating, (low, high) in RATING_SCORE_BANDS.items() if low <= record.score <= high
        )
        if not record.rating:
            record.rating = band
        elif record.rating != band:
            row.refuse(
                _("A score of %(score)s is “%(band)s”, not “%(rating)s”.")
                % {
                    "score": record.score,
                    "band": RATING_LABELS[band],
                    "rating": RATING_LABELS[record.rating],
                },
                "score",
            )

    def items(self, rows, pledges: dict) -> None:
        orders = defaultdict(int)
        for line, values in rows:
            row = _Row(self, "items", line, values)
            member = row.member()
            record = PledgeItem(
                action=row.text("action"),
                aspect=row.choice("aspect"),
                target=row.text("target"),
                timeframe=row.text("timeframe"),
                result=row.choice("result"),
                result_note=row.text("result_note"),
            )
            _clean(record, row)
            if member is None:
                continue
            if member.pk not in pledges and member.pk in self.pledge_rows:
                continue  # its pledge's row is refused, and says why
            if member.pk not in pledges:
                row.refuse(
                    _("The sheet “%(sheet)s” has no pledge of this member.") % {"sheet": SHEETS["pledges"][0]}
                )
            if row.refused:
                continue
            pledge = pledges[member.pk]
            if pledge is None:
                self.plan.skipped["items"] += 1
                self.row(False, row, record.action)
                continue
            orders[member.pk] += 1
            record.pledge, record.order = pledge, orders[member.pk]
            self.plan.new["items"].append(record)
            self.row(True, row, record.action)

    def sessions(self, rows) -> dict:
        """Each session by its number in the file: a new one, or None when already recorded."""
        sessions, first_line = {}, {}
        for line, values in rows:
            row = _Row(self, "sessions", line, values)
            number = row.text("number")
            record = StudySession(
                study_year=self.plan.study_year,
                held_on=row.day("held_on"),
                form=row.choice("form"),
                content=row.text("content"),
            )
            _clean(record, row)
            self.session_rows.add(fold(number))
            first = first_line.setdefault(fold(number), line)
            if first != line:
                row.refuse(
                    _("Lines %(first)s and %(line)s have the same session number.")
                    % {"first": first, "line": line},
                    "number",
                )
            if row.refused:
                continue
            new = (record.held_on, record.content) not in self.sessions_held
            sessions[fold(number)] = record if new else None
            record.attending = set()
            if new:
                self.plan.new["sessions"].append(record)
            else:
                self.plan.skipped["sessions"] += 1
            self.row(new, row, record)
        return sessions

    def attendance(self, rows, sessions: dict) -> None:
        for line, values in rows:
            row = _Row(self, "attendance", line, values)
            number = row.text("number")
            member = row.member()
            if fold(number) not in sessions and fold(number) in self.session_rows:
                continue  # its session's row is refused, and says why
            if fold(number) not in sessions:
                row.refuse(
                    _("The sheet “%(sheet)s” has no session number %(number)s.")
                    % {"sheet": SHEETS["sessions"][0], "number": number},
                    "number",
                )
            if row.refused or member is None:
                continue
            session = sessions[fold(number)]
            if session is None:
                self.plan.skipped["attendance"] += 1
            else:
                session.attending.add(member)
                self.plan.new["attendance"].append((session, member))
            self.row(session is not None, row, member)

    def mondays(self, rows) -> None:
        first_line = {}
        for line, values in rows:
            row = _Row(self, "mondays", line, values)
            group_name = nfc(str(values.get("group") or "")).strip()
            group = self.groups.get(fold(group_name))
            if group_name and group is None:
                row.refuse(_("The cell has no party group named “%(name)s”.") % {"name": group_name}, "group")
            attendance = row._read("attendance", _attendance)
            record = MondaySession(
                cell=self.plan.cell,
                day=row.day("day"),
                group=group,
                state=row.choice("held"),
                reader=row.member("reader_card", "reader_name", "reader_born", required=False),
                attendance=attendance,
                not_held_reason=row.text("not_held_reason"),
                note=row.text("note"),
            )
            if group is not None:
                _clean(record, row)
            if record.day is not None:
                first = first_line.setdefault(record.day, line)
                if first != line:
                    row.refuse(
                        _("Lines %(first)s and %(line)s are sessions of the same day.")
                        % {"first": first, "line": line},
                        "day",
                    )
            if row.refused:
                continue
            self._add("mondays", record.day not in self.mondays_held, record, row)

    def cases(self, rows) -> None:
        """One case per decision: its rows name its members, one a row."""
        cases = {}
        for line, values in rows:
            row = _Row(self, "cases", line, values)
            member = row.member()
            key = (row.choice("kind"), row.text("decision_number"), row.day("decision_date"))
            case = cases.get(key)
            if case is None:
                case = Case(
                    cell=self.plan.cell,
                    kind=key[0],
                    supervision_kind=row.choice("supervision_kind"),
                    decision_number=key[1],
                    decision_date=key[2],
                    period_start=row.day("period_start"),
                    period_end=row.day("period_end"),
                    carried_out_by=row.text("carried_out_by"),
                    start_on=row.day("start_on"),
                    end_on=row.day("end_on"),
                    conclusion=row.choice("conclusion"),
                    remedy=row.text("remedy"),
                )
                case.content = row.text("content") or case.content
                case.state = _case_state(case)
                _clean(case, row)
                if case.period_start and case.period_end and case.period_end < case.period_start:
                    row.refuse(_("The period ends before it starts."), "period_end")
                case.concerned = []
                if not row.refused:
                    cases[key] = case
            if row.refused or member is None:
                continue
            case.concerned.append(member)
            new = key not in self.cases_held
            if len(case.concerned) == 1:
                if new:
                    self.plan.new["cases"].append(case)
                else:
                    self.plan.skipped["cases"] += 1
            self.row(new, row, f"{case} — {member}")

    def praises(self, rows) -> None:
        for line, values in rows:
            row = _Row(self, "praises", line, values)
            record = Praise(
                cell=self.plan.cell,
                member=row.member(),
                praised_on=row.day("praised_on"),
                occasion=row.text("occasion"),
                reason=row.text("reason"),
            )
            _clean(record, row)
            if row.refused:
                continue
            self._add("praises", (record.member.pk, record.praised_on) not in self.praises_held, record, row)

    def proposals(self, rows) -> None:
        for line, values in rows:
            row = _Row(self, "proposals", line, values)
            target = row.choice("target")
            collective = nfc(str(values.get("collective") or "")).strip()
            group = self.groups.get(fold(collective))
            record = RewardProposal(
                cell=self.plan.cell,
                target=target,
                member=row.member(required=target == ProposalTarget.INDIVIDUAL),
                group=group,
                collective_name="" if group else row.text("collective"),
                number=row.text("number"),
                proposed_on=row.day("proposed_on"),
                reason=row.text("reason"),
                outcome=row.choice("outcome") or ProposalOutcome.PENDING,
                decision_number=row.text("decision_number"),
                decision_date=row.day("decision_date"),
            )
            record.addressed_to = row.text("addressed_to") or record.addressed_to
            _clean(record, row)
            if row.refused:
                continue
            self._add(
                "proposals", (record.number, record.proposed_on) not in self.proposals_held, record, row
            )

    def _add(self, kind: str, new: bool, record, row: _Row) -> None:
        if new:
            self.plan.new[kind].append(record)
        else:
            self.plan.skipped[kind] += 1
        self.row(new, row, record)


def _attendance(value) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from None


def _pledge_state(pledge: Pledge) -> str:
    """The furthest state the row shows the pledge reached; a pledge in the file was at least
    handed in."""
    if pledge.rating:
        return PLEDGE_WORKFLOW["evaluate"].target
    if pledge.self_assessment or pledge.self_assessed_at:
        return PLEDGE_WORKFLOW["self_assess"].target
    if pledge.reviewed_at:
        return PLEDGE_WORKFLOW["approve"].target
    return PLEDGE_WORKFLOW["submit"].target


def _case_state(case: Case) -> str:
    if case.conclusion:
        return CaseState.CONCLUDED
    if case.start_on:
        return CaseState.IN_PROGRESS
    return CaseState.PLANNED


def year_plan(*, cell: Cell, year: int, sheets: dict, file_name: str) -> YearPlan:
    """What importing the sheets (read_year_file) into the cell's year would create, skip and
    refuse; nothing is written."""
    planner = _Planner(cell, year, file_name)
    planner.year(sheets.get("year", []))
    pledges = planner.pledges(sheets.get("pledges", []))
    planner.items(sheets.get("items", []), pledges)
    sessions = planner.sessions(sheets.get("sessions", []))
    planner.attendance(sheets.get("attendance", []), sessions)
    planner.mondays(sheets.get("mondays", []))
    planner.cases(sheets.get("cases", []))
    planner.praises(sheets.get("praises", []))
    planner.proposals(sheets.get("proposals", []))
    plan = planner.plan
    if plan.study_year is None and (plan.new["pledges"] or plan.new["sessions"]) and not plan.theme:
        plan.refusals.append(
            Refusal(
                SHEETS["year"][0],
                None,
                "",
                _("The cell has no study year %(year)s: give its theme in the sheet “%(sheet)s”.")
                % {"year": year, "sheet": SHEETS["year"][0]},
            )
        )
    if year_has_entered_figures(cell, year):
        plan.refusals.append(
            Refusal(
                "",
                None,
                "",
                _(
                    "The figures of %(year)s were entered from the cell's report: a year holds records "
                    "or entered figures, never both. Remove the entered figures first."
                )
                % {"year": year},
            )
        )
    elif plan.has_new and year_has_records(cell, year):
        plan.refusals.append(
            Refusal(
                "",
                None,
                "",
                _(
                    "The year %(year)s already has records in cell05, which this file does not "
                    "hold. A year is imported once, into a year without records."
                )
                % {"year": year},
            )
        )
    return plan


def template_workbook() -> bytes:
    """The workbook to fill: one sheet per kind of record, its headers on the first row."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, columns, required in SHEETS.values():
        sheet = workbook.create_sheet(title)
        sheet.append(list(columns.values()))
        for cell, name in zip(sheet[1], columns, strict=True):
            cell.font = Font(bold=True, color="C00000" if name in required else None)
            sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_guide() -> list[dict]:
    """Each sheet with its columns, as the import page names them: the choices a column takes,
    the form of dates, and which must be filled."""
    guide = []
    for title, columns, required in SHEETS.values():
        described = []
        for name, header in columns.items():
            if name in CHOICES:
                header += f" ({' / '.join(CHOICES[name].values())})"
            elif name in DATE_KEYS or name in ("date_of_birth", "reader_born"):
                header += " (dd/mm/yyyy)"
            elif name == "score":
                header += " (0–100)"
            described.append({"header": header, "required": name in required})
        guide.append({"title": title, "columns": described})
    return guide
