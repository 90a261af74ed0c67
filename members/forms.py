import io
import re
import zipfile

import tablib
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cell05.forms import TypedTextField
from cell05.text import nfc
from members.choices import LeftReason, MemberStatus
from members.models import Cell, Member, PartyGroup, SuperiorCommittee
from members.resources import COLUMNS, REQUIRED_COLUMNS
from members.services import CELL_FIELDS, COMMITTEE_FIELDS


class DateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy, whatever the language of the browser."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "text", **(attrs or {})},
            format="%d/%m/%Y",
        )


SYMBOL = re.compile(r"^[^\W_]+$")


class _PartyBodyForm(forms.ModelForm):
    """The name, document symbol and place name of a cell or of a superior committee, as its
    documents print them."""

    def clean_code(self):
        code = nfc(self.cleaned_data["code"]).strip()
        if not SYMBOL.match(code):
            raise forms.ValidationError(
                _("Write the symbol in letters and digits only, without spaces, dashes or slashes.")
            )
        return code


class CellForm(_PartyBodyForm):
    class Meta:
        model = Cell
        fields = list(CELL_FIELDS)
        labels = {"name": _("Name of the cell")}
        help_texts = {
            "name": _("As the header of the cell's documents prints it, e.g. Chi bộ Khối Đảng."),
            "place": _("Written before the date of the cell's documents, e.g. Yên Thành."),
        }

    def clean_name(self):
        name = self.cleaned_data["name"]
        others = Cell.objects.filter(committee_id=self.instance.committee_id).exclude(pk=self.instance.pk)
        if others.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("Another cell of the same superior committee has this name."))
        return name


class CommitteeForm(_PartyBodyForm):
    class Meta:
        model = SuperiorCommittee
        fields = list(COMMITTEE_FIELDS)
        labels = {"name": _("Full name of the committee")}
        help_texts = {
            "name": _(
                "As the header of its cells' documents prints it above the cell, "
                "e.g. Đảng bộ huyện Yên Thành."
            ),
            "place": _("Written before the date of the committee's documents, e.g. Yên Thành."),
            "superior_name": _(
                "Printed above the committee's name at the head of its own reports, "
                "e.g. Đảng bộ tỉnh Nghệ An."
            ),
        }
        error_messages = {"name": {"unique": _("Another committee has this name.")}}


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "full_name",
            "gender",
            "date_of_birth",
            "group",
            "role",
            "status",
            "admitted_on",
            "official_on",
            "card_number",
            "position",
            "workplace",
            "joined_on",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "admitted_on": DateInput(),
            "official_on": DateInput(),
            "joined_on": DateInput(),
        }
        field_classes = {"card_number": TypedTextField}

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cell = cell
        self.fields["group"].queryset = PartyGroup.objects.filter(cell=cell)
        if self.instance.pk:
            # Moving a member has its own page, which also hands over a group leadership.
            del self.fields["group"]


class MemberMoveForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Move to the party group"), queryset=PartyGroup.objects.none())

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = PartyGroup.objects.filter(cell_id=member.cell_id).exclude(
            pk=member.group_id
        )


class MemberLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Date of leaving the cell"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Reason"), choices=LeftReason.choices)
    note = TypedTextField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a transfer: the Party organisation the member moves to."),
    )

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_left_on(self):
        left_on = self.cleaned_data["left_on"]
        if left_on > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        joined = self.member.joined_on or self.member.admitted_on
        if joined and left_on < joined:
            raise forms.ValidationError(_("The member left before joining the cell."))
        return left_on


class GroupForm(forms.ModelForm):
    class Meta:
        model = PartyGroup
        fields = ["name", "order", "leader"]

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cell = cell
        leaders = Member.objects.filter(cell=cell).current()
        if self.instance.pk:
            leaders = leaders.filter(group=self.instance)
            self.fields["leader"].help_text = _("A member of this group.")
        else:
            # A new group has no members yet: its leader is chosen once members move in.
            del self.fields["leader"]
            self.fields["order"].initial = (
                max(PartyGroup.objects.filter(cell=cell).values_list("order", flat=True), default=0) + 1
            )
        if "leader" in self.fields:
            self.fields["leader"].queryset = leaders


class MemberAccountForm(forms.Form):
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[a-z0-9_.-]+$",
        error_messages={
            "invalid": _(
                "Use only lower-case letters without diacritics, digits, dots, dashes and underscores."
            )
        },
    )
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("At least 10 characters. Give it to the member, who changes it at first sign-in."),
    )

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("username"):
            user = get_user_model()(username=cleaned["username"], first_name=self.member.full_name)
            try:
                validate_password(cleaned["password"], user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    group = forms.ModelChoiceField(
        label=_("Party group"),
        queryset=PartyGroup.objects.none(),
        required=False,
        empty_label=_("All groups"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *MemberStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    include_left = forms.BooleanField(
        label=_("Include members who left"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = PartyGroup.objects.filter(cell=cell)


MAX_IMPORT_BYTES = 2 * 1024 * 1024


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Member list (.xlsx or .csv)"),
        help_text=_("The first row holds the column headers, as in the exported list."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        content = upload.read()
        name = upload.name.lower()
        if name.endswith(".xlsx"):
            file_format = "xlsx"
            dataset = self._read_xlsx(content)
        elif name.endswith(".csv"):
            file_format = "csv"
            dataset = self._read_csv(content)
        else:
            raise forms.ValidationError(_("Choose an .xlsx or a .csv file."))
        missing = [COLUMNS[name] for name in REQUIRED_COLUMNS if COLUMNS[name] not in (dataset.headers or [])]
        if missing:
            raise forms.ValidationError(
                _("The file has no column %(columns)s.") % {"columns": ", ".join(f"“{m}”" for m in missing)}
            )
        if not len(dataset):
            raise forms.ValidationError(_("The file has no member rows."))
        self.cleaned_data["dataset"] = dataset
        self.cleaned_data["format"] = file_format
        self.cleaned_data["content"] = content
        return upload

    @staticmethod
    def _read_xlsx(content: bytes) -> tablib.Dataset:
        if not zipfile.is_zipfile(io.BytesIO(content)):
            raise forms.ValidationError(_("This file is not an Excel .xlsx workbook."))
        try:
            return read_dataset(content, "xlsx")
        except Exception:  # openpyxl raises many kinds on a damaged workbook
            raise forms.ValidationError(_("This Excel workbook cannot be read.")) from None

    @staticmethod
    def _read_csv(content: bytes) -> tablib.Dataset:
        try:
            return read_dataset(content, "csv")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("Save the .csv file in UTF-8 encoding.")) from None
        except Exception:
            raise forms.ValidationError(_("This .csv file cannot be read.")) from None


def read_dataset(content: bytes, file_format: str) -> tablib.Dataset:
    """The rows of an uploaded member list; blank rows are dropped."""
    if file_format == "csv":
        dataset = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
    else:
        dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
    if dataset.headers:
        dataset.headers = [str(header or "").strip() for header in dataset.headers]
    blank = [index for index, row in enumerate(dataset) if all(value in (None, "") for value in row)]
    for index in reversed(blank):
        del dataset[index]
    return dataset
