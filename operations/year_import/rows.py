"""The check of one row of the file: each value read by its column's rules, the member it names
found by card number, else by full name and date of birth (never matched to someone else), the
model's own rules applied, and each problem a refusal naming the sheet, the line and the column;
with the state a row's pledge or case reached. The planner reads every row through these."""

from collections import defaultdict
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from cell05.text import fold, nfc
from members.models import Cell, Member
from members.resources import ChoiceWidget, DayWidget, TextWidget, card_text
from operations.year_import.plan import Refusal
from operations.year_import.sheets import CHOICES, DATES_BEFORE_THE_YEAR, EVENT_HOUR, SHEETS
from oversight.choices import CaseState
from oversight.models import Case
from plans.models import Pledge
from plans.workflow import PLEDGE_WORKFLOW

if TYPE_CHECKING:
    from operations.year_import.planner import _Planner


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
