import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

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
    first = Member.objects.get(card_number="79100001")
    second = Member.objects.get(card_number="79100002")
    assert (first.full_name, first.gender, first.group, first.cell) == (
        "Lò Thị Mới",
        "female",
        world.group2,
        world.cell,
    )
    assert (second.group, second.role, second.status) == (world.group1, "member", "official")
    assert first.history.first().history_change_reason == "member.imported"


def test_file_with_a_bad_row_saves_nothing_and_names_line_and_column(world, login):
    client = login(world.secretary)
    bad_row = "Sai Ngày Sinh,Nam,31/02/1990,01/01/2015,01/01/2016,79100003,,,Tổ đảng số 1,,,"
    preview = client.post(import_url(world), {"file": csv_file(*GOOD_ROWS, bad_row)})
    assert preview.status_code == 200
    assert preview.context["problems"] == [
        {
            "line": 4,
            "column": "Ngày sinh",
            "message": "“31/02/1990” không phải là ngày; hãy ghi theo dạng dd/mm/yyyy.",
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
