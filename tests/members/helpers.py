"""What the tests of members/ share: the member list as a file to upload, and its rows."""

import io
import zipfile

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.resources import COLUMNS

HEADER = ",".join(COLUMNS.values())


def csv_file(*rows: str, name="dang-vien.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join([HEADER, *rows]).encode("utf-8"), content_type="text/csv")


def import_url(world, step=""):
    return reverse(f"members:member_import{step}", kwargs={"slug": world.cell.slug})


GOOD_ROWS = (
    "Lò Thị Mới,Nữ,12/03/1992,03/02/2018,03/02/2019,79100001,Chuyên viên,Phòng Nội vụ,Tổ đảng số 2,"
    "Đảng viên,Chính thức,",
    "Vi Văn Hai,nam,01/01/1990,19/05/2015,19/05/2016,79100002,Cán bộ,UBND phường,to dang so 1,,,",
)


ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
HEADERS = list(COLUMNS.values())


def person_row(number: int, *, name="", card=True, birth="01/01/1980"):
    """A good row of the file for a new member, as a list of cells."""
    return [
        name or f"Người Thứ {number}",
        "Nam",
        birth,
        "19/05/2005",
        "19/05/2006",
        f"7920{number:04d}" if card else "",
        "Chuyên viên",
        "Phòng Nội vụ",
        "Tổ đảng số 1",
        "Đảng viên",
        "Chính thức",
        "",
    ]


def csv_of(*rows: list, name="dang-vien.csv") -> SimpleUploadedFile:
    lines = [",".join(HEADERS), *(",".join(row) for row in rows)]
    return SimpleUploadedFile(name, "\n".join(lines).encode(), content_type="text/csv")


def xlsx_bytes(*rows: list) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def rezipped(content: bytes, *, replace: dict | None = None, add: dict | None = None) -> bytes:
    """The workbook with some of its parts replaced or added, as a person with a zip tool could."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for part in source.infolist():
            target.writestr(part.filename, replace.get(part.filename, source.read(part.filename)))
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def sheet_xml(rows_xml: str, dimension="A1:L2") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
    )


def inline_row(number: int, values: list) -> str:
    cells = "".join(
        f'<c r="{chr(65 + index)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
        for index, value in enumerate(values)
        if value
    )
    return f'<row r="{number}">{cells}</row>'


def xlsx_upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("dang-vien.xlsx", content)


def file_errors(response) -> list[str]:
    assert response.status_code == 200
    return response.context["form"].errors["file"]


def member_row(member, **changes) -> list:
    """The row of the file for an existing member, with some cells changed."""
    row = [
        member.full_name,
        "Nữ" if member.gender == "female" else "Nam",
        f"{member.date_of_birth:%d/%m/%Y}",
        f"{member.admitted_on:%d/%m/%Y}",
        f"{member.official_on:%d/%m/%Y}",
        member.card_number,
        member.position,
        member.workplace,
        member.group.name,
        {"secretary": "Bí thư", "deputy_secretary": "Phó bí thư", "committee_member": "Chi ủy viên"}.get(
            member.role, "Đảng viên"
        ),
        "Chính thức",
        "",
    ]
    for column, value in changes.items():
        row[list(COLUMNS).index(column)] = value
    return row


def with_card(member, number: str):
    member.card_number = number
    member.save()
    return member
