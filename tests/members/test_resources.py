"""The member list as a spreadsheet: its import, previewed then done by the worker, its rows
checked together, and its export (members/resources.py).
"""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import Member
from members.resources import COLUMNS
from tests.members.helpers import (
    ENGLISH,
    GOOD_ROWS,
    HEADERS,
    csv_file,
    csv_of,
    import_url,
    member_row,
    person_row,
    with_card,
)

pytestmark = pytest.mark.django_db


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


# The rules of the member forms, applied to the import (members/services/imports.py).


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
