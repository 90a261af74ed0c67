import io
import random
import zipfile
from datetime import date, timedelta
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from members import import_file
from members.jobs import purge_import_previews, purge_import_previews_later
from members.models import Member
from members.resources import COLUMNS

pytestmark = pytest.mark.django_db

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


def test_good_csv_is_previewed_then_imported_by_the_worker_on_confirm(world, login, run_jobs):
    client = login(world.secretary)
    preview = client.post(import_url(world), {"file": csv_file(*GOOD_ROWS)})
    assert preview.status_code == 200
    assert preview.context["problems"] == []
    assert preview.context["result"].totals["new"] == 2
    assert not Member.objects.filter(card_number__in=["79100001", "79100002"]).exists()

    confirmed = client.post(import_url(world, "_confirm"))
    assert confirmed.status_code == 302
    assert not Member.objects.filter(card_number="79100001").exists()
    run_jobs()
    job_page = client.get(confirmed["Location"]).content.decode()
    assert "Đã nhập: thêm mới 2 đảng viên, cập nhật 0, giữ nguyên 0." in job_page
    # The job's page keeps the cell's menu and leads back to the member list.
    member_list = reverse("members:member_list", kwargs={"slug": world.cell.slug})
    assert f'<a href="{member_list}" id="job-back">' in job_page
    assert f'href="{member_list}">Đảng viên</a>' in job_page
    first = Member.objects.get(card_number="79100001")
    second = Member.objects.get(card_number="79100002")
    assert (first.full_name, first.gender, first.group, first.cell) == (
        "Lò Thị Mới",
        "female",
        world.group2,
        world.cell,
    )
    assert (second.group, second.role, second.status) == (world.group1, "member", "official")
    # Saved by the same service as the form, with the person who asked for the import.
    entry = first.history.first()
    assert (entry.history_change_reason, entry.history_user) == ("member.created", world.secretary.user)


def test_file_with_a_bad_row_saves_nothing_and_names_line_and_column(world, login):
    client = login(world.secretary)
    bad_row = "Sai Ngày Sinh,Nam,31/02/1990,01/01/2015,01/01/2016,79100003,,,Tổ đảng số 1,,,"
    preview = client.post(import_url(world), {"file": csv_file(*GOOD_ROWS, bad_row)})
    assert preview.status_code == 200
    assert preview.context["problems"] == [
        {
            "line": 4,
            "column": "Ngày sinh",
            "message": "“31/02/1990” không phải là ngày; ngày được ghi theo dạng dd/mm/yyyy.",
        }
    ]
    assert "Sai Ngày Sinh" not in [m.full_name for m in Member.objects.all()]
    # Nothing was kept for confirmation: a confirm without a good preview imports nothing.
    confirmed = client.post(import_url(world, "_confirm"))
    assert confirmed.status_code == 302
    assert not Member.objects.filter(card_number__startswith="791000").exists()


def test_unknown_group_and_choice_are_explained(world, login):
    row = "Vi Văn Ba,Không rõ,01/01/1990,19/05/2015,19/05/2016,79100004,,,Tổ không có,,,"
    preview = login(world.secretary).post(import_url(world), {"file": csv_file(row)})
    problems = {(p["line"], p["column"]) for p in preview.context["problems"]}
    assert problems == {(2, "Giới tính"), (2, "Tổ đảng")}


def test_import_refuses_a_file_that_is_not_a_spreadsheet(world, login):
    fake = SimpleUploadedFile(
        "dang-vien.xlsx", b"MZ\x90\x00 not a workbook", content_type="application/octet-stream"
    )
    response = login(world.secretary).post(import_url(world), {"file": fake})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Tệp này không phải là bảng tính Excel .xlsx."]


def test_import_refuses_a_file_without_the_name_column(world, login):
    upload = SimpleUploadedFile("x.csv", "Tên,Tuổi\nA,1\n".encode(), content_type="text/csv")
    response = login(world.secretary).post(import_url(world), {"file": upload})
    assert response.status_code == 200
    assert "Họ và tên" in response.context["form"].errors["file"][0]


def test_xlsx_import_updates_a_member_found_by_card_number(world, login, run_jobs):
    world.member.card_number = "79100005"
    world.member.save()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS.values()))
    sheet.append(
        [
            "Nguyễn Thị Đào",
            "Nữ",
            "01/01/1980",
            "19/05/2005",
            "19/05/2006",
            "79100005",
            "Phó Trưởng phòng",
            "Sở Nội vụ",
            "Tổ đảng số 1",
            "Đảng viên",
            "Chính thức",
            None,
        ]
    )
    content = io.BytesIO()
    workbook.save(content)
    upload = SimpleUploadedFile("dang-vien.xlsx", content.getvalue())
    client = login(world.secretary)
    preview = client.post(import_url(world), {"file": upload})
    assert preview.context["problems"] == []
    assert preview.context["result"].totals["update"] == 1
    client.post(import_url(world, "_confirm"))
    run_jobs()
    world.member.refresh_from_db()
    assert (world.member.position, world.member.workplace) == ("Phó Trưởng phòng", "Sở Nội vụ")


def test_export_gives_the_current_members_as_xlsx_that_imports_back_unchanged(world, login):
    client = login(world.secretary)
    response = client.get(reverse("members:member_export", kwargs={"slug": world.cell.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert list(rows[0]) == list(COLUMNS.values())
    assert sorted(row[0] for row in rows[1:]) == sorted(
        m.full_name for m in Member.objects.filter(cell=world.cell)
    )
    preview = client.post(import_url(world), {"file": SimpleUploadedFile("back.xlsx", response.content)})
    assert preview.context["problems"] == []
    assert preview.context["result"].totals["skip"] == 6


def test_plain_member_cannot_export_the_member_list(world, login):
    response = login(world.member).get(reverse("members:member_export", kwargs={"slug": world.cell.slug}))
    assert response.status_code == 403


def test_the_import_page_names_every_column_with_its_choices(world, login):
    page = login(world.secretary).get(import_url(world)).content.decode()
    for column in COLUMNS.values():
        assert column in page
    assert "Giới tính (Nam / Nữ)" in page
    assert "Trạng thái (Chính thức / Dự bị)" in page
    assert "Ngày sinh (dd/mm/yyyy)" in page


# The limits of the file, checked before it is parsed (members/import_file.py).

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


# The rows of the file, checked together.


def test_two_rows_with_one_card_number_are_a_row_error_naming_both_lines(world, login):
    first, second = person_row(1, name="Lò Văn Một"), person_row(1, name="Lò Văn Hai")
    response = login(world.secretary).post(import_url(world), {"file": csv_of(first, second)}, **ENGLISH)
    assert response.context["problems"] == [
        {"line": 3, "column": "Số thẻ đảng viên", "message": "Lines 2 and 3 have the same Party card number."}
    ]


def test_two_rows_for_one_member_are_a_row_error_even_without_card_numbers(world, login):
    world.member.date_of_birth = date(1980, 1, 1)
    world.member.save()
    row = person_row(1, name=world.member.full_name, card=False)
    other = person_row(2, card=False)
    response = login(world.secretary).post(import_url(world), {"file": csv_of(row, other, row)}, **ENGLISH)
    assert response.context["problems"] == [
        {"line": 4, "column": "Họ và tên", "message": "Lines 2 and 4 are the same member."}
    ]


def test_a_problem_names_the_line_of_the_file_blank_lines_counted(world, login):
    bad = person_row(2, birth="31/02/1990")
    upload = SimpleUploadedFile(
        "dang-vien.csv",
        "\n".join([",".join(HEADERS), ",".join(person_row(1)), "", ",,,", ",".join(bad)]).encode(),
        content_type="text/csv",
    )
    response = login(world.secretary).post(import_url(world), {"file": upload})
    assert [(p["line"], p["column"]) for p in response.context["problems"]] == [(5, "Ngày sinh")]


def test_a_card_number_of_another_cell_is_refused_without_naming_that_cell(world, login):
    world.other_cell_member.card_number = "79209999"
    world.other_cell_member.save()
    row = person_row(1)
    row[5] = "79209999"
    response = login(world.secretary).post(import_url(world), {"file": csv_of(row)}, **ENGLISH)
    assert response.context["problems"] == [{"line": 2, "column": "Số thẻ đảng viên", "message": CARD_TAKEN}]
    page = response.content.decode()
    for told in (world.other_cell.name, world.other_cell.slug, world.other_cell_member.full_name):
        assert told not in page


CARD_TAKEN = "This Party card number is already recorded for a member; check the number on the card."


@pytest.mark.parametrize("holder", ["other_cell_member", "other_group_member"])
def test_the_member_form_refuses_a_taken_card_number_alike_wherever_its_holder_is(world, login, holder):
    held_by = getattr(world, holder)
    held_by.card_number = "79208888"
    held_by.save()
    data = {
        "full_name": "Nguyễn Văn Mới",
        "gender": "male",
        "date_of_birth": "03/02/1990",
        "group": world.group1.pk,
        "role": "member",
        "status": "official",
        "admitted_on": "02/03/2015",
        "official_on": "02/03/2016",
        "card_number": "79208888",
    }
    url = reverse("members:member_create", kwargs={"slug": world.cell.slug})
    response = login(world.secretary).post(url, data, **ENGLISH)
    assert response.status_code == 200
    assert response.context["form"].errors == {"card_number": [CARD_TAKEN]}
    page = response.content.decode()
    assert world.other_cell.name not in page
    assert held_by.full_name not in page


# The rules of the member forms, applied to the import (members/services.py).


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


def test_a_leader_moved_by_the_import_stops_leading_the_old_group(world, login, run_jobs):
    leader = with_card(world.leader, "79207777")
    client = login(world.secretary)
    preview = client.post(import_url(world), {"file": csv_of(member_row(leader, group="Tổ đảng số 2"))})
    assert preview.context["problems"] == []
    client.post(import_url(world, "_confirm"))
    run_jobs()
    leader.refresh_from_db()
    world.group1.refresh_from_db()
    assert (leader.group, world.group1.leader) == (world.group2, None)


def test_an_import_that_edits_a_member_who_has_left_is_refused(world, login):
    member = with_card(world.member, "79206666")
    member.left_on, member.left_reason = date(2025, 6, 1), "transfer"
    member.save()
    response = login(world.secretary).post(
        import_url(world), {"file": csv_of(member_row(member, position="Trưởng phòng"))}
    )
    assert response.context["problems"] == [
        {"line": 2, "column": "", "message": "Đảng viên này đã rời chi bộ; hồ sơ được giữ nguyên như cũ."}
    ]


def test_the_worker_refuses_a_member_who_left_after_the_preview_and_imports_nothing(world, login, run_jobs):
    member = with_card(world.member, "79206655")
    client = login(world.secretary)
    rows = [member_row(member, position="Trưởng phòng"), person_row(7)]
    assert client.post(import_url(world), {"file": csv_of(*rows)}).context["problems"] == []
    member.left_on, member.left_reason = date(2025, 6, 1), "transfer"
    member.save()
    job_page = client.post(import_url(world, "_confirm"), follow=True)
    run_jobs()
    member.refresh_from_db()
    assert member.position != "Trưởng phòng"
    assert not Member.objects.filter(card_number=person_row(7)[5]).exists()
    job_page = client.get(job_page.redirect_chain[-1][0]).content.decode()
    assert "Đảng viên này đã rời chi bộ; hồ sơ được giữ nguyên như cũ." in job_page


def test_a_role_the_importer_may_not_give_is_refused(world, login):
    member = with_card(world.member, "79205555")
    response = login(world.committee_member).post(
        import_url(world), {"file": csv_of(member_row(member, role="Phó bí thư"))}
    )
    assert [(p["line"], p["column"]) for p in response.context["problems"]] == [(2, "Chức vụ trong chi bộ")]
    member.refresh_from_db()
    assert member.role == "member"


def test_the_secretary_cannot_relieve_himself_by_import(world, login):
    secretary = with_card(world.secretary, "79204444")
    response = login(secretary).post(
        import_url(world), {"file": csv_of(member_row(secretary, role="Đảng viên"))}
    )
    assert [(p["line"], p["column"]) for p in response.context["problems"]] == [(2, "Chức vụ trong chi bộ")]


def test_an_import_cannot_name_a_second_secretary(world, login):
    member = with_card(world.member, "79203333")
    response = login(world.secretary).post(
        import_url(world), {"file": csv_of(member_row(member, role="Bí thư"))}, **ENGLISH
    )
    assert response.context["problems"] == [
        {"line": 2, "column": "Chức vụ trong chi bộ", "message": "The cell already has a secretary."}
    ]


# The previewed file holds personal data: deleted on confirm, cancel, or after an hour.


def previewed_files() -> list[str]:
    try:
        return sorted(default_storage.listdir(import_file.PREVIEW_FOLDER)[1])
    except FileNotFoundError:
        return []


@pytest.fixture
def clock(monkeypatch):
    """The clock by which the previewed files age, set by the test."""
    now = SimpleNamespace(value=timezone.now())
    monkeypatch.setattr(import_file, "timezone", SimpleNamespace(now=lambda: now.value))
    return now


def test_the_worker_deletes_the_file_it_imported(world, login, run_jobs):
    client = login(world.secretary)
    client.post(import_url(world), {"file": csv_of(person_row(1))})
    assert len(previewed_files()) == 1
    client.post(import_url(world, "_confirm"))
    run_jobs()
    assert Member.objects.filter(full_name="Người Thứ 1").exists()
    assert previewed_files() == []


def test_cancel_deletes_the_previewed_file_and_imports_nothing(world, login):
    client = login(world.secretary)
    preview = client.post(import_url(world), {"file": csv_of(person_row(1))})
    assert (
        reverse("members:member_import_cancel", kwargs={"slug": world.cell.slug}) in preview.content.decode()
    )
    assert len(previewed_files()) == 1
    cancelled = client.post(import_url(world, "_cancel"))
    assert cancelled["Location"] == reverse("members:member_list", kwargs={"slug": world.cell.slug})
    assert previewed_files() == []
    confirmed = client.post(import_url(world, "_confirm"))
    assert confirmed["Location"] == import_url(world)
    assert not Member.objects.filter(full_name="Người Thứ 1").exists()


def test_a_new_upload_deletes_the_file_previewed_before_it(world, login):
    client = login(world.secretary)
    client.post(import_url(world), {"file": csv_of(person_row(1))})
    first = previewed_files()
    client.post(import_url(world), {"file": csv_of(person_row(2))})
    assert len(previewed_files()) == 1
    assert previewed_files() != first


def test_previewed_files_older_than_an_hour_are_deleted_at_the_next_preview(world, login, client, clock):
    login(world.secretary).post(import_url(world), {"file": csv_of(person_row(1))})
    left_behind = previewed_files()
    other = Client()
    other.force_login(world.deputy.user)
    clock.value += timedelta(minutes=59)
    other.post(import_url(world), {"file": csv_of(person_row(2))})
    assert set(left_behind) < set(previewed_files())
    clock.value += timedelta(minutes=2)
    other.post(import_url(world), {"file": csv_of(person_row(3))})
    assert len(previewed_files()) == 1
    assert not set(left_behind) & set(previewed_files())


def test_each_preview_has_the_worker_purge_the_previews_an_hour_later(world, login, clock):
    before = timezone.now()
    login(world.secretary).post(import_url(world), {"file": csv_of(person_row(1))})
    task = DBTaskResult.objects.get(task_path="members.jobs.purge_import_previews_later")
    assert before + timedelta(hours=1) < task.run_after < timezone.now() + timedelta(hours=1, minutes=2)
    clock.value += timedelta(hours=1, minutes=1)
    assert purge_import_previews_later.call() == 1
    assert previewed_files() == []


def test_the_purge_keeps_the_file_of_an_import_waiting_for_the_worker(world, login, clock):
    client = login(world.secretary)
    client.post(import_url(world), {"file": csv_of(person_row(1))})
    client.post(import_url(world, "_confirm"))
    clock.value += timedelta(hours=3)
    assert purge_import_previews() == 0
    assert len(previewed_files()) == 1
