"""The member list as a spreadsheet: the columns of the import file and of the export.

The column headers are Vietnamese in every interface language: the file is a form that
cells exchange, like a paper form, and must read the same for everybody.
"""

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
    CellRole.DEPUTY_SECRETARY: "Phó bí thư",
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

    def get_queryset(self, value, row, *args, **kwargs):
        return PartyGroup.objects.filter(cell=self.cell)

    def clean(self, value, row=None, **kwargs):
        name = nfc(str(value or "")).strip()
        if not name:
            return None
        for group in self.get_queryset(value, row):
            if fold(group.name) == fold(name):
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
    """The members of one cell; a row is matched by card number, else by name and birth date."""

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
        use_transactions = True

    def get_queryset(self):
        return Member.objects.filter(cell=self.cell).select_related("group")

    def get_instance(self, instance_loader, row):
        card_number = nfc(str(row.get(COLUMNS["card_number"]) or "")).strip()
        members = self.get_queryset()
        if card_number:
            return members.filter(card_number=card_number).first()
        name = fold(str(row.get(COLUMNS["full_name"]) or ""))
        try:
            born = DayWidget().clean(row.get(COLUMNS["date_of_birth"]))
        except ValueError:
            return None
        if not name or born is None:
            return None
        return members.filter(search_name=name, date_of_birth=born).first()

    def init_instance(self, row=None):
        return Member(cell=self.cell)

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = "member.imported"

    def column_name_of(self, attribute: str) -> str:
        return COLUMNS.get(attribute, attribute)


def import_problems(result, cell) -> list[dict]:
    """Every bad row of an import: its line in the file, the column, and why."""
    resource = MemberResource(cell)
    problems = []
    for row in result.invalid_rows:
        for field, errors in row.error_dict.items():
            column = resource.column_name_of(field) if field != "__all__" else ""
            for error in errors:
                problems.append({"line": row.number + 1, "column": column, "message": error})
    for line_number, errors in result.row_errors():
        for error in errors:
            problems.append({"line": line_number + 1, "column": "", "message": str(error.error)})
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
