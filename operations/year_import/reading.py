"""The reading of a filled file: its sheets (or, for a .csv, its rows split by the column that
names their sheet) matched to the template's by their folded headers, each row a line number and
its values by column key. A file beyond the limits, unreadable, or not the template's is refused
whole, before any row is checked."""

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cell05.text import fold
from members import import_file
from operations.year_import.sheets import KIND_COLUMN, SHEETS

# Rows of one sheet, blank ones not counted: a year of a 300-member cell with five items and
# ten study sessions each is about 4,500 rows in its largest sheet.
MAX_ROWS = 10000


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
