"""The limits of an uploaded member list, checked before it is parsed (members/import_file.py)."""

import io
import random
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.members.helpers import (
    ENGLISH,
    HEADERS,
    csv_of,
    file_errors,
    import_url,
    inline_row,
    person_row,
    rezipped,
    sheet_xml,
    xlsx_bytes,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db


def test_a_csv_with_more_member_rows_than_a_cell_has_is_refused(world, login):
    upload = csv_of(*(person_row(number) for number in range(2001)))
    response = login(world.secretary).post(import_url(world), {"file": upload}, **ENGLISH)
    assert file_errors(response) == [
        "The file has more than 2,000 member rows; a cell's list has a few hundred. "
        "Check that the file is the member list of one cell."
    ]


def test_a_csv_that_runs_on_for_more_lines_than_a_member_list_is_refused(world, login):
    text = ",".join(HEADERS) + "\n" + ",".join(person_row(1)) + "\n" * 20000
    upload = SimpleUploadedFile("dang-vien.csv", text.encode(), content_type="text/csv")
    response = login(world.secretary).post(import_url(world), {"file": upload}, **ENGLISH)
    assert file_errors(response) == [
        "The file goes on beyond line 20,000, which no member list needs. Delete the rows below "
        "the list (empty-looking ones too) and upload it again."
    ]


def test_a_workbook_that_unpacks_to_far_more_than_a_member_list_is_refused(world, login):
    # 100,000 rows alike pack far more than a hundred to one: refused on the zip's table of
    # contents, before openpyxl reads a row.
    rows = '<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 100_000
    content = rezipped(xlsx_bytes(), replace={"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    response = login(world.secretary).post(import_url(world), {"file": xlsx_upload(content)}, **ENGLISH)
    assert file_errors(response) == [
        "This workbook unpacks to far more than a member list (10 MB at most). Copy the list into "
        "a new workbook, save it as .xlsx and upload that."
    ]


def test_a_workbook_beyond_the_unpacked_size_limit_is_refused_whatever_its_packing(world, login):
    # Cells like a real list's, numbers among them: packed about ten to one, 14 MB unpacked.
    pick = random.Random(5)  # noqa: S311 - the same file at every run
    words = ["Chuyên viên", "Phòng Nội vụ", "Nam", "Nữ", "Tổ đảng số 1", "Đảng viên", "Chính thức"]
    rows = "".join(
        inline_row(
            number, [str(pick.randrange(10**6)) if i % 3 == 0 else pick.choice(words) for i in range(12)]
        )
        for number in range(2, 20000)
    )
    content = rezipped(xlsx_bytes(), replace={"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    assert len(content) < 2 * 1024 * 1024
    response = login(world.secretary).post(import_url(world), {"file": xlsx_upload(content)}, **ENGLISH)
    assert "This workbook unpacks to far more than a member list" in file_errors(response)[0]


def test_a_workbook_with_megabytes_of_cell_styles_is_refused(world, login):
    # openpyxl builds an object for every style, read or not.
    content = xlsx_bytes(person_row(1))
    styles = zipfile.ZipFile(io.BytesIO(content)).read("xl/styles.xml").decode()
    pick = random.Random(5)  # noqa: S311 - the same file at every run
    many = "".join(
        f'<xf numFmtId="{pick.randrange(200)}" fontId="0" fillId="0" borderId="0"/>' for _ in range(30000)
    )
    assert '<cellXfs count="1">' in styles
    styles = styles.replace('<cellXfs count="1">', f'<cellXfs count="30001">{many}')
    content = rezipped(content, replace={"xl/styles.xml": styles})
    response = login(world.secretary).post(import_url(world), {"file": xlsx_upload(content)}, **ENGLISH)
    assert "This workbook unpacks to far more than a member list" in file_errors(response)[0]


@pytest.mark.parametrize(
    "part",
    ["xl/embeddings/danh-sach.zip", "xl/embeddings/Microsoft_Excel_Worksheet.xlsx", "../../etc/cron.d/x"],
)
def test_a_workbook_with_parts_no_spreadsheet_program_writes_is_refused(world, login, part):
    content = rezipped(xlsx_bytes(person_row(1)), add={part: b"PK\x03\x04 an archive inside"})
    response = login(world.secretary).post(import_url(world), {"file": xlsx_upload(content)}, **ENGLISH)
    assert file_errors(response) == [
        "This workbook holds parts that Excel or LibreOffice do not write in a plain list. Copy the "
        "list into a new workbook, save it as .xlsx and upload that."
    ]


def test_a_workbook_whose_sheet_claims_a_million_rows_is_read_by_the_cells_it_has(world, login):
    rows = inline_row(1, HEADERS) + inline_row(2, person_row(1))
    content = rezipped(
        xlsx_bytes(), replace={"xl/worksheets/sheet1.xml": sheet_xml(rows, dimension="A1:XFD1048576")}
    )
    response = login(world.secretary).post(import_url(world), {"file": xlsx_upload(content)})
    assert response.context["problems"] == []
    assert [item["row"].object_repr for item in response.context["rows"]] == ["Người Thứ 1"]


def test_a_workbook_with_a_cell_far_below_the_list_is_refused(world, login):
    rows = inline_row(1, HEADERS) + inline_row(2, person_row(1)) + inline_row(1048576, ["x"])
    content = rezipped(xlsx_bytes(), replace={"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    response = login(world.secretary).post(import_url(world), {"file": xlsx_upload(content)}, **ENGLISH)
    assert file_errors(response)[0].startswith("The file goes on beyond line 20,000")


def test_a_preview_reads_the_cell_once_not_once_per_row(world, login):
    client = login(world.secretary)
    rows = [person_row(number) for number in range(200)]
    with CaptureQueriesContext(connection) as queries:
        response = client.post(import_url(world), {"file": xlsx_upload(xlsx_bytes(*rows))})
    assert response.context["problems"] == []
    assert response.context["result"].totals["new"] == 200
    # Each row has its savepoint (django-import-export's), and nothing else.
    reads = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(reads) < 30
