"""What an import would do, as the preview shows it and the import writes it: the records to
create by kind, the rows skipped as already recorded, and each refused row with its sheet, line,
column and reason. Built by operations.year_import.year_plan, written by
operations.services.year_import_run."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from members.models import Cell
from plans.models import StudyYear

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
