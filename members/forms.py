import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cell05.forms import ChoicePromptMixin, TypedTextField
from cell05.text import nfc
from cell05.versions import VersionedFormMixin
from members import import_file
from members.choices import CellRole, LeftReason, MemberStatus
from members.models import Cell, Member, PartyGroup, SuperiorCommittee
from members.resources import COLUMNS, REQUIRED_COLUMNS, card_number_taken
from members.services.cells import CELL_FIELDS, COMMITTEE_FIELDS
from members.services.members import MEMBER_FIELDS


class DateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy, whatever the language of the browser."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "text", **(attrs or {})},
            format="%d/%m/%Y",
        )


SYMBOL = re.compile(r"^[^\W_]+$")


class _PartyBodyForm(ChoicePromptMixin, VersionedFormMixin, forms.ModelForm):
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


def on_field(label, *, required: bool = True) -> forms.DateField:
    """The day a dated act of the organisation takes effect: today, unless told otherwise (left
    empty, where not required)."""
    return forms.DateField(label=label, initial=timezone.localdate, widget=DateInput(), required=required)


class CellRenameForm(forms.Form):
    name = forms.CharField(label=_("New name of the cell"), max_length=200)
    on = on_field(_("In use from"))


class GroupRenameForm(forms.Form):
    name = forms.CharField(label=_("New name of the group"), max_length=100)
    on = on_field(_("In use from"))


class GroupDissolveForm(forms.Form):
    on = on_field(_("Date of dissolution"))


class GroupMergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into the party group"), queryset=PartyGroup.objects.none())
    on = on_field(_("Date of the merger"))

    def __init__(self, *args, group: PartyGroup, **kwargs):
        super().__init__(*args, **kwargs)
        others = PartyGroup.objects.filter(cell_id=group.cell_id).exclude(pk=group.pk)
        self.fields["into"].queryset = others.current()


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


def limit_role_field(field, *, user, member: Member) -> None:
    """Offer the roles the user may give this member (a new one included): read-only for one
    who may give none, without the secretary post for one who may not fill or empty it."""
    if not user.has_perm("members.change_member_role", member):
        field.disabled = True
        field.help_text = _(
            "Set by the cell's secretary; the secretary's own role by the superior committee's office."
        )
    elif not user.has_perm("members.change_secretary", member.cell):
        field.choices = [choice for choice in field.choices if choice[0] != CellRole.SECRETARY]
        field.help_text = _("The superior committee's office names or relieves the secretary.")


class MemberForm(ChoicePromptMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Member
        fields = MEMBER_FIELDS
        widgets = {
            "date_of_birth": DateInput(),
            "admitted_on": DateInput(),
            "official_on": DateInput(),
            "joined_on": DateInput(),
        }
        field_classes = {"card_number": TypedTextField}

    def __init__(self, *args, cell, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cell = cell
        self.fields["group"].queryset = PartyGroup.objects.filter(cell=cell).current()
        limit_role_field(self.fields["role"], user=user, member=self.instance)
        if self.instance.pk:
            # Moving a member has its own page, which also hands over a group leadership.
            del self.fields["group"]
        else:
            # A new record has no copy that someone else could have changed.
            del self.fields["version"]

    def clean_card_number(self):
        """Card numbers are unique across cells: the refusal is the one the import gives,
        naming no member and no cell, whoever holds the number."""
        card_number = self.cleaned_data["card_number"]
        others = Member.objects.exclude(pk=self.instance.pk)
        if card_number and others.filter(card_number=card_number).exists():
            raise forms.ValidationError(card_number_taken())
        return card_number


class MemberRoleForm(ChoicePromptMixin, VersionedFormMixin, forms.ModelForm):
    on = on_field(_("From"), required=False)

    class Meta:
        model = Member
        fields = ["role"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        limit_role_field(self.fields["role"], user=user, member=self.instance)


class MemberMoveForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Move to the party group"), queryset=PartyGroup.objects.none())
    on = on_field(_("Date of the move"), required=False)

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = (
            PartyGroup.objects.filter(cell_id=member.cell_id).current().exclude(pk=member.group_id)
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


class GroupForm(ChoicePromptMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = PartyGroup
        fields = ["name", "order", "leader", "created_on"]
        widgets = {"created_on": DateInput()}

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cell = cell
        leaders = Member.objects.filter(cell=cell).current()
        if self.instance.pk:
            leaders = leaders.filter(group=self.instance)
            self.fields["leader"].help_text = _("A member of this group.")
            # The group's dates change by their own acts: rename, merge, dissolve.
            del self.fields["created_on"]
        else:
            # A new group has no members yet: its leader is chosen once members move in.
            del self.fields["leader"]
            del self.fields["version"]
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


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Member list (.xlsx or .csv)"),
        help_text=_("The first row holds the column headers, as in the exported list."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        content, file_format = import_file.uploaded_content(upload)
        dataset = import_file.read_member_list(content, file_format)
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
