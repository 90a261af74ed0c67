from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cell05.periods import FIRST_YEAR
from members import import_file
from operations.year_import.reading import read_year_file


class YearImportForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        help_text=_("The past year that the file holds."),
        validators=[MinValueValidator(FIRST_YEAR)],
    )
    file = forms.FileField(
        label=_("The year's records (.xlsx or .csv)"),
        help_text=_("The template filled in: one sheet per kind of record."),
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        # Only a year that is over is brought in: the current one is recorded as it goes.
        MaxValueValidator(timezone.localdate().year - 1, _("Only a past year can be imported."))(year)
        return year

    def clean_file(self):
        upload = self.cleaned_data["file"]
        content, file_format = import_file.uploaded_content(upload)
        self.cleaned_data["sheets"] = read_year_file(content, file_format)
        self.cleaned_data["format"] = file_format
        self.cleaned_data["content"] = content
        return upload
