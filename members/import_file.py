"""An uploaded spreadsheet (the member list, a past year's records): its limits, its rows, and
the copy kept between preview and import.

A cell has a few hundred members. A file larger than any member list or year of records is
refused on what costs nothing to read (the upload's size, the zip's table of contents, the count
of lines) before openpyxl or the csv reader builds anything: a 147 KB workbook that unpacks to
gigabytes, or whose sheet claims a million rows that no cell fills, is refused in milliseconds.

The file previewed at step one is kept in the storage until its import succeeds, the person
cancels it, or it is an hour old (`previews_purge`): it holds personal data.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from uuid import uuid4

import openpyxl
import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import formats, timezone
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
# Member rows, blank ones not counted.
MAX_ROWS = 2000
# Rows of a sheet or lines of the .csv, blank ones included, per row the file may hold: a stray
# cell far below the list would otherwise make the reader walk every empty row above it.
SHEET_ROWS_PER_ROW = 10
# Cells to the right of these are not read.
MAX_COLUMNS = 50
# An .xlsx is a zip of XML parts: what they unpack to, and how much smaller they are packed (a
# member list written by Excel, LibreOffice or the export packs about ten to one).
MAX_XLSX_UNPACKED_BYTES = 10 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_XLSX_PARTS = 100
# Of the other XML parts (styles, theme, workbook…) openpyxl builds an object per element: 9 MB
# of cell styles, packed into 250 KB, took 5 s and 130 MB; Excel writes a few kilobytes.
MAX_XLSX_OTHER_XML_BYTES = 1024 * 1024
# A workbook holding archives is not a plain list (and would be a zip inside a zip).
ARCHIVE_SUFFIXES = (".zip", ".xlsx", ".xlsm", ".xlsb", ".docx", ".pptx", ".gz", ".7z", ".rar", ".jar")

PREVIEW_FOLDER = "django-import-export"
PREVIEW_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True)
class Bounds:
    """How many rows a kind of file may hold in one sheet, and how its refusals name it (asked
    when a file is read, so that they are in the language of the request)."""

    max_rows: int
    # "member list": "which no member list needs", "far more than a member list".
    what: str
    # The refusal of a sheet with more than max_rows rows, with %(rows)s and %(sheet)s.
    too_many_rows: str


def member_list_bounds() -> Bounds:
    return Bounds(
        max_rows=MAX_ROWS,
        what=_("member list"),
        too_many_rows=_(
            "The file has more than %(rows)s member rows; a cell's list has a few hundred. "
            "Check that the file is the member list of one cell."
        ),
    )


def read_member_list(content: bytes, file_format: str) -> tablib.Dataset:
    """The rows of a member list (.xlsx or .csv: its first sheet), blank rows left out;
    `dataset.lines` holds each row's line in the file. Raises ValidationError, saying why, for a
    file beyond the limits or that cannot be read."""
    return next(iter(read_sheets(content, file_format, member_list_bounds(), first_only=True).values()))


def read_sheets(content: bytes, file_format: str, bounds: Bounds, *, first_only=False) -> dict:
    """Each sheet of a workbook by its name (a .csv is one sheet named ""), as a dataset with
    its `lines`, read within `bounds`. Raises ValidationError, saying why, for a file beyond the
    limits or that cannot be read."""
    if len(content) > MAX_BYTES:
        raise too_large()
    if file_format != "xlsx":
        return {"": _dataset(_csv_rows(content, bounds), bounds, "")}
    return {
        name: _dataset(rows, bounds, name)
        for name, rows in _xlsx_sheets(content, bounds, first_only=first_only)
    }


def _number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def too_large() -> ValidationError:
    return ValidationError(_("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)})


def uploaded_content(upload) -> tuple[bytes, str]:
    """The bytes of an uploaded .xlsx or .csv and its format, the size refused before a byte is
    read (the other limits are checked before parsing). Raises ValidationError, saying why."""
    if upload.size > MAX_BYTES:
        raise too_large()
    name = upload.name.lower()
    if name.endswith(".xlsx"):
        return upload.read(), "xlsx"
    if name.endswith(".csv"):
        return upload.read(), "csv"
    raise ValidationError(_("Choose an .xlsx or a .csv file."))


def _sheet_rows(bounds: Bounds) -> int:
    return SHEET_ROWS_PER_ROW * bounds.max_rows


def _too_long(bounds: Bounds) -> ValidationError:
    return ValidationError(
        _(
            "The file goes on beyond line %(lines)s, which no %(what)s needs. Delete the "
            "rows below the list (empty-looking ones too) and upload it again."
        )
        % {"lines": _number(_sheet_rows(bounds)), "what": bounds.what}
    )


def _dataset(rows, bounds: Bounds, sheet: str) -> tablib.Dataset:
    headers, data, lines = None, [], []
    for line, values in rows:
        if all(value is None or str(value).strip() == "" for value in values):
            continue
        if headers is None:
            headers = [str(value if value is not None else "").strip() for value in values]
            while headers and not headers[-1]:
                headers.pop()
            continue
        if len(data) == bounds.max_rows:
            raise ValidationError(
                bounds.too_many_rows % {"rows": _number(bounds.max_rows), "sheet": sheet or ".csv"}
            )
        values = list(values[: len(headers)])
        data.append(values + [""] * (len(headers) - len(values)))
        lines.append(line)
    dataset = tablib.Dataset(*data, headers=headers or None, title=sheet)
    dataset.lines = lines
    return dataset


def _check_workbook_zip(content: bytes, bounds: Bounds) -> None:
    """Refuse, on the zip's table of contents alone, a workbook that unpacks to more than a
    member list (or a year of records) or holds parts no spreadsheet program writes."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise ValidationError(_("This file is not an Excel .xlsx workbook.")) from None
    names = set()
    for part in parts:
        name = part.filename
        if (
            len(parts) > MAX_XLSX_PARTS
            or name in names
            or name.startswith("/")
            or "\\" in name
            or ".." in name.split("/")
            or part.flag_bits & 0x1  # encrypted
            or part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
            or name.lower().endswith(ARCHIVE_SUFFIXES)
        ):
            raise ValidationError(
                _(
                    "This workbook holds parts that Excel or LibreOffice do not write in a plain "
                    "list. Copy the list into a new workbook, save it as .xlsx and upload that."
                )
            )
        names.add(name)
    unpacked = sum(part.file_size for part in parts)
    packed = sum(part.compress_size for part in parts)
    largest_other_xml = max(
        (part.file_size for part in parts if part.filename.endswith(".xml") and not _holds_cells(part)),
        default=0,
    )
    if (
        unpacked > MAX_XLSX_UNPACKED_BYTES
        or unpacked > MAX_XLSX_RATIO * max(packed, 1)
        or largest_other_xml > MAX_XLSX_OTHER_XML_BYTES
    ):
        raise ValidationError(
            _(
                "This workbook unpacks to far more than a %(what)s (%(size)s MB at most). Copy "
                "the list into a new workbook, save it as .xlsx and upload that."
            )
            % {"size": MAX_XLSX_UNPACKED_BYTES // (1024 * 1024), "what": bounds.what}
        )


def _holds_cells(part: zipfile.ZipInfo) -> bool:
    return part.filename.startswith("xl/worksheets/") or part.filename == "xl/sharedStrings.xml"


def _xlsx_sheets(content: bytes, bounds: Bounds, *, first_only: bool):
    """(name, rows) of each sheet, the active one only if `first_only`; the rows of a sheet are
    read before the next sheet is opened."""
    _check_workbook_zip(content, bounds)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise ValidationError(_("This Excel workbook cannot be read.")) from None
    try:
        sheets = [workbook.active] if first_only else workbook.worksheets
        for sheet in sheets:
            yield sheet.title, _xlsx_rows(sheet, bounds)
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(_("This Excel workbook cannot be read.")) from None
    finally:
        workbook.close()


def _xlsx_rows(sheet, bounds: Bounds):
    # The rows are read by the caller, outside _xlsx_sheets: a damaged sheet is refused here.
    try:
        # The sheet's own claim of its size is not trusted: a claim of A1:XFD1048576 would
        # have every row read as 16,384 cells.
        sheet.reset_dimensions()
        for line, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
            if line > _sheet_rows(bounds):
                raise _too_long(bounds)
            yield line, values
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(_("This Excel workbook cannot be read.")) from None


def _csv_rows(content: bytes, bounds: Bounds):
    if content.count(b"\n") >= _sheet_rows(bounds):
        raise _too_long(bounds)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Save the .csv file in UTF-8 encoding.")) from None
    try:
        for line, values in enumerate(csv.reader(io.StringIO(text)), 1):
            yield line, values[:MAX_COLUMNS]
    except csv.Error:
        raise ValidationError(_("This .csv file cannot be read.")) from None


def _storage():
    """Where django-import-export's MediaStorage kept these files before, so that none is
    left behind."""
    return storages["import_export"] if "import_export" in settings.STORAGES else storages["default"]


def _path(name: str) -> str:
    return f"{PREVIEW_FOLDER}/{name}"


def preview_save(content: bytes) -> str:
    """Keep the previewed file for its import; its name, to read it back."""
    name = uuid4().hex
    _storage().save(_path(name), ContentFile(content))
    return name


def preview_read(name: str) -> bytes:
    """The previewed file; FileNotFoundError once it is gone."""
    with _storage().open(_path(name), "rb") as file:
        return file.read()


def preview_remove(name: str) -> None:
    _storage().delete(_path(name))


def previews_purge(*, keep=()) -> int:
    """Delete the previewed files older than an hour, but those named in `keep` (waiting for
    the worker); how many were deleted."""
    storage = _storage()
    try:
        _folders, names = storage.listdir(PREVIEW_FOLDER)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - PREVIEW_LIFETIME
    purged = 0
    for name in names:
        if name in keep:
            continue
        try:
            if storage.get_modified_time(_path(name)) <= cutoff:
                storage.delete(_path(name))
                purged += 1
        except FileNotFoundError:  # removed meanwhile by its import or another purge
            continue
    return purged
