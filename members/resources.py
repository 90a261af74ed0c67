"""The member list as a spreadsheet: the columns of the import file and of the export.

The column headers are Vietnamese in every interface language: the file is a form that
cells exchange, like a paper form, and must read the same for everybody.
"""

from copy import copy

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from cell05.text import fold, nfc
from cell05.validators import validate_no_control_characters
from members.choices import CellRole, Gender, MemberStatus
from members.models import Cell, Member, PartyGroup

COLUMNS = {
    "full_name": "Họ và tên",
    "gender": "Giới tính",
    "date_of_birth": "Ngày sinh",
    "admitted_on": "Ngày vào Đảng",
    "official_on": "Ngày chính thức",
    "card_number": "Số thẻ đảng viên",
    "position": "Chức vụ",
    "workplace": "Nơi công tác",
    "group": "Tổ đảng",
    "role": "Chức vụ trong chi bộ",
    "status": "Trạng thái",
    "joined_on": "Ngày chuyển đến chi bộ",
}
REQUIRED_COLUMNS = ("full_name", "gender")

# The labels the file uses, whatever the interface language.
GENDER_LABELS = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
ROLE_LABELS = {
    CellRole.SECRETARY: "Bí thư",
    CellRole.DEPUTY_SECRETARY: "Phó Bí thư",
    CellRole.COMMITTEE_MEMBER: "Chi ủy viên",
    CellRole.MEMBER: "Đảng viên",
}
STATUS_LABELS = {MemberStatus.OFFICIAL: "Chính thức", MemberStatus.PROBATIONARY: "Dự bị"}


class ChoiceWidget(widgets.Widget):
    """Reads a choice by its Vietnamese label (with or without diacritics) or its code."""

    def __init__(self, labels: dict, default: str = ""):
        super().__init__()
        self.labels = labels
        self.default = default
        self.lookup = {fold(label): value for value, label in labels.items()}
        self.lookup.update({fold(str(value)): value for value in labels})

    def clean(self, value, row=None, **kwargs):
        text = fold(str(value or ""))
        if not text:
            if self.default:
                return self.default
            raise ValueError(_("This cell of the file is empty."))
        try:
            return self.lookup[text]
        except KeyError:
            allowed = ", ".join(self.labels.values())
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": value, "allowed": allowed}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class DayWidget(widgets.DateWidget):
    def __init__(self):
        super().__init__(format="%d/%m/%Y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date; write it as dd/mm/yyyy.") % {"value": value}
            ) from None


class GroupWidget(widgets.ForeignKeyWidget):
    """A party group of the importing cell, by its name."""

    def __init__(self, cell: Cell):
        super().__init__(PartyGroup, field="name")
        self.cell = cell
        self.groups = None

    def get_queryset(self, value, row, *args, **kwargs):
        return PartyGroup.objects.filter(cell=self.cell)

    def clean(self, value, row=None, **kwargs):
        name = nfc(str(value or "")).strip()
        if not name:
            return None
        if self.groups is None:  # read once per import, not once per row
            self.groups = {fold(group.name): group for group in self.get_queryset(value, row)}
        group = self.groups.get(fold(name))
        if group is not None:
            return group
        raise ValueError(_("The cell has no party group named “%(name)s”.") % {"name": name})


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = nfc(super().clean(value, row, **kwargs) or "").strip()
        try:
            for validate in (ProhibitNullCharactersValidator(), validate_no_control_characters):
                validate(text)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None
        return text


class MemberResource(resources.ModelResource):
    """The members of one cell; a row is matched by card number, else by name and birth date.

    What each row is checked against (the cell's members, the card numbers of the file that
    other cells hold) is read once, before the first row: a preview of 500 rows makes a handful
    of queries, not thousands. The rules of the member forms (services.member_create and
    member_update) are applied by the import in services (`MemberImport`)."""

    def __init__(self, cell: Cell):
        super().__init__()
        self.cell = cell
        text = TextWidget()
        day = DayWidget()
        specs = {
            "full_name": text,
            "gender": ChoiceWidget(GENDER_LABELS),
            "date_of_birth": day,
            "admitted_on": day,
            "official_on": day,
            "card_number": text,
            "position": text,
            "workplace": text,
            "group": GroupWidget(cell),
            "role": ChoiceWidget(ROLE_LABELS, default=CellRole.MEMBER),
            "status": ChoiceWidget(STATUS_LABELS, default=MemberStatus.OFFICIAL),
            "joined_on": day,
        }
        self.fields = {
            name: fields.Field(attribute=name, column_name=COLUMNS[name], widget=widget)
            for name, widget in specs.items()
        }

    class Meta:
        model = Member
        fields = tuple(COLUMNS)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        # No copy and no diff of every row: skip_row compares with the member as read.
        skip_diff = True
        use_transactions = True

    def get_queryset(self):
        return Member.objects.filter(cell=self.cell).select_related("group")

    def before_import(self, dataset, **kwargs):
        members = list(self.get_queryset())
        self.stored = {member.pk: member for member in members}
        self.by_card = {member.card_number: member for member in members if member.card_number}
        self.by_name_born = {}
        for member in members:
            if member.date_of_birth:
                self.by_name_born.setdefault((member.search_name, member.date_of_birth), member)
        self.secretary = next(
            (m.pk for m in members if m.role == CellRole.SECRETARY and not m.has_left), None
        )
        self.lines = list(getattr(dataset, "lines", None) or range(2, len(dataset) + 2))
        cards = set()
        if COLUMNS["card_number"] in (dataset.headers or []):
            cards = {card_text(value) for value in dataset[COLUMNS["card_number"]]} - {""}
        self.taken_elsewhere = set(
            Member.objects.exclude(cell=self.cell)
            .filter(card_number__in=cards)
            .values_list("card_number", flat=True)
        )
        self.first_line = {}

    def get_instance(self, instance_loader, row):
        """A copy of the stored member, so that a row changes only its own copy."""
        card_number = card_text(row.get(COLUMNS["card_number"]))
        if card_number:
            member = self.by_card.get(card_number)
        else:
            name = fold(str(row.get(COLUMNS["full_name"]) or ""))
            try:
                born = DayWidget().clean(row.get(COLUMNS["date_of_birth"]))
            except ValueError:
                born = None
            member = self.by_name_born.get((name, born)) if name and born else None
        return copy(member) if member else None

    def init_instance(self, row=None):
        return Member(cell=self.cell)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        line = self.lines[kwargs["row_number"] - 1]
        for field, message in self.row_refusals(instance, line).items():
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def row_refusals(self, instance: Member, line: int) -> dict:
        """What the rows of the file refuse together: a member on two rows (one would silently
        overwrite the other), a card number that a member of another cell holds (refused
        without saying which cell), a second secretary."""
        refusals = {}
        same_card = _("Lines %(first)s and %(line)s have the same Party card number.")
        same_member = _("Lines %(first)s and %(line)s are the same member.")
        keys = []
        if instance.card_number:
            keys.append((("card", instance.card_number), "card_number", same_card))
        elif instance.full_name and instance.date_of_birth:
            person = ("person", fold(instance.full_name), instance.date_of_birth)
            keys.append((person, "full_name", same_member))
        if instance.pk is not None:
            keys.append((("member", instance.pk), "full_name", same_member))
        for key, field, message in keys:
            first = self.first_line.setdefault(key, line)
            if first != line:
                refusals[field] = message % {"first": first, "line": line}
                break
        if instance.pk is None and instance.card_number in self.taken_elsewhere:
            refusals["card_number"] = card_number_taken()
        if instance.role == CellRole.SECRETARY and not instance.has_left and instance.pk != self.secretary:
            if self.secretary is not None:
                refusals["role"] = _("The cell already has a secretary.")
            else:
                self.secretary = instance.pk or -line  # the one secretary the file names
        return refusals

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A row that changes nothing of a member (an exported list imported back)."""
        if import_validation_errors or instance.pk is None:
            return False
        stored = self.stored[instance.pk]
        return all(field.get_value(instance) == field.get_value(stored) for field in self.get_import_fields())

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            # Without the constraints and the foreign keys, which cost queries on every row:
            # the card number and the secretary are checked by row_refusals, the group is one
            # of the cell's (GroupWidget), and the database keeps its constraints on saving.
            instance.full_clean(
                exclude=[*errors, "cell", "group", "user"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def column_name_of(self, attribute: str) -> str:
        return COLUMNS.get(attribute, attribute)


def card_text(value) -> str:
    return nfc(str(value if value is not None else "")).strip()


def card_number_taken() -> str:
    """The refusal of a card number that another member holds, in this cell or another: it
    names no one, and is the same wherever that member is."""
    return _("This Party card number is already recorded for a member; check the number on the card.")


def import_problems(result, cell, lines=None) -> list[dict]:
    """Every bad row of an import: its line in the file (`lines`: the dataset's, blank rows
    counted), the column, and why."""
    resource = MemberResource(cell)

    def line_of(number: int) -> int:
        return lines[number - 1] if lines else number + 1

    problems = []
    for row in result.invalid_rows:
        for field, errors in row.error_dict.items():
            column = resource.column_name_of(field) if field != "__all__" else ""
            for error in errors:
                problems.append({"line": line_of(row.number), "column": column, "message": error})
    for line_number, errors in result.row_errors():
        for error in errors:
            problems.append({"line": line_of(line_number), "column": "", "message": str(error.error)})
    for error in result.base_errors:
        problems.append({"line": "", "column": "", "message": str(error.error)})
    return problems


def column_guide() -> list[str]:
    """The columns of a member list, as the import page names them: with the labels a choice
    column takes, and the form of the date columns."""
    choices = {"gender": GENDER_LABELS, "role": ROLE_LABELS, "status": STATUS_LABELS}
    dates = {"date_of_birth", "admitted_on", "official_on", "joined_on"}
    guide = []
    for name, column in COLUMNS.items():
        if name in choices:
            column += f" ({' / '.join(choices[name].values())})"
        elif name in dates:
            column += " (dd/mm/yyyy)"
        guide.append(column)
    return guide
