"""The interface's Vietnamese as the outside review of 2026-12-07 (issue 28 §6) asked: the words
of the catalogue, the pages that said them wrong, and the Vietnamese alphabetical order."""

import re
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cell05.text import vietnamese_sort_key
from oversight.models import Case
from plans.services.monday import public_holidays
from tests.factories import make_case, make_document, make_member, make_story, make_study_year

pytestmark = pytest.mark.django_db


def in_order(page: str, *texts: str) -> bool:
    positions = [page.index(text) for text in texts]
    return positions == sorted(positions)


# Vietnamese alphabetical order


def test_sort_key_puts_đ_after_d_and_the_tones_after_the_letters():
    names = [
        "Em",
        "Đỗ Thị Lan",
        "Lấn",
        "Dương Văn An",
        "Lê Anh",
        "Ðặng Văn Ba",
        "Lan",
        "Lê An",
        "Đinh Văn Bình",
        "Lân",
    ]
    assert sorted(names, key=vietnamese_sort_key) == [
        "Dương Văn An",
        "Ðặng Văn Ba",
        "Đinh Văn Bình",
        "Đỗ Thị Lan",
        "Em",
        "Lan",
        "Lân",
        "Lấn",
        "Lê An",
        "Lê Anh",
    ]


def test_sort_key_is_made_of_digits_so_that_every_database_collation_agrees():
    assert re.fullmatch(r"\d+", vietnamese_sort_key("Nguyễn Thị Đào, (Tổ 1)"))


def test_member_list_orders_a_groups_members_in_vietnamese_alphabetical_order(world, login):
    for name in ["Đỗ Thị Lan", "Dương Văn An", "Đinh Văn Bình", "Em Thị Út"]:
        make_member(world.cell, world.group2, full_name=name)
    page = login(world.secretary).get(reverse("members:member_list", kwargs={"slug": world.cell.slug}))
    assert page.status_code == 200
    assert in_order(
        page.content.decode(), "Dương Văn An", "Đinh Văn Bình", "Đỗ Thị Lan", "Em Thị Út", "Lê Văn Ủy"
    )


def test_a_renamed_member_moves_to_the_place_of_the_new_name(world):
    member = make_member(world.cell, world.group2, full_name="Đỗ Thị Lan")
    member.full_name = "Dương Thị Lan"
    member.save(update_fields=["full_name"])
    member.refresh_from_db()
    assert member.sort_key == vietnamese_sort_key("Dương Thị Lan")


def test_story_list_orders_titles_in_vietnamese_alphabetical_order_under_the_heading_tên_bài(world, login):
    for title in ["Ngôi nhà sàn", "Chiếc đồng hồ", "Nâng niu từng hạt gạo", "Cán bộ là đầy tớ của nhân dân"]:
        make_story(world.cell, title)
    page = (
        login(world.member)
        .get(reverse("plans:story_list", kwargs={"slug": world.cell.slug}))
        .content.decode()
    )
    assert in_order(page, "Cán bộ là", "Chiếc đồng hồ", "Nâng niu", "Ngôi nhà sàn")
    assert "<th>Tên bài</th>" in page
    assert "Trích yếu" not in page
    assert "phục vụ sinh hoạt 15 phút đầu giờ sáng thứ Hai." in page


# The pages


def test_a_supervision_names_its_plan_and_an_inspection_its_decision(world, login):
    supervision = make_case(
        world.cell, [world.member], decision_number="10-KH/CB", decision_date=date(2021, 3, 22)
    )
    inspection = make_case(
        world.cell,
        [world.member],
        kind="inspection",
        decision_number="03-QĐ/CB",
        decision_date=date(2021, 5, 4),
    )
    client = login(world.secretary)

    def page(case):
        url = reverse("oversight:case_detail", kwargs={"slug": world.cell.slug, "pk": case.pk})
        return client.get(url).content.decode()

    assert "Kế hoạch số 10-KH/CB ngày 22/03/2021" in page(supervision)
    assert "Quyết định ngày" not in page(supervision)
    assert "Quyết định số 03-QĐ/CB ngày 04/05/2021" in page(inspection)


def test_a_new_case_examines_the_pledge_of_studying_and_following_hồ_chí_minh(world):
    case = Case(cell=world.cell)
    assert (
        "bản đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh và kết quả" in case.content
    )
    assert "làm theo và" not in case.content


def test_document_list_says_a_documents_kind_once(world, login):
    make_document(
        world.cell, kind="guidance", number="56-HD/BTGHU", title="Hướng dẫn tổng kết 10 năm thực hiện Chỉ thị"
    )
    make_document(world.cell, number="07-KH/CB", title="Tổ chức hội nghị sơ kết")
    page = login(world.secretary).get(reverse("plans:document_list", kwargs={"slug": world.cell.slug}))
    text = page.content.decode()
    assert "Hướng dẫn tổng kết 10 năm" in text
    assert "Hướng dẫn: Hướng dẫn" not in text
    assert "Kế hoạch: Tổ chức hội nghị sơ kết" in text


def test_change_log_names_its_column_of_records_with_a_noun(world, login):
    page = login(world.secretary).get(reverse("reports:cell_activity", kwargs={"slug": world.cell.slug}))
    assert page.status_code == 200
    assert "<th>Hồ sơ</th>" in page.content.decode()
    assert "<th>Ghi nhận</th>" not in page.content.decode()


def test_a_wait_that_began_today_reads_since_today():
    html = render_to_string("_waiting.html", {"entry": {"since": timezone.localdate(), "days": 0}})
    assert "từ hôm nay" in html
    assert "0 ngày" not in html


def test_member_home_names_the_year_of_the_pledge_to_write(world, login):
    make_study_year(world.cell, timezone.localdate().year)
    page = login(world.member).get(reverse("home")).content.decode()
    assert f"Việc tiếp theo: đồng chí xây dựng bản đăng ký năm {timezone.localdate().year}." in page


def test_monday_page_spells_tết_nguyên_đán_and_reads_to_the_members_too(world, login):
    assert public_holidays(2026, language="vi")[date(2026, 2, 17)] == "Tết Nguyên đán"
    make_study_year(world.cell, 2026)
    url = reverse("plans:monday_rota", kwargs={"slug": world.cell.slug}) + "?year=2026"
    page = login(world.member).get(url).content.decode()
    assert "cho toàn thể cán bộ, đảng viên, công chức trong các cơ quan" in page
    assert "Nguyên Đán" not in page


# The catalogue: the entries the review sampled (section F)


@pytest.mark.parametrize(
    "msgid, vietnamese",
    [
        ("Date of becoming an official member", "Ngày chính thức"),
        ("Address for a calendar on the web", "Địa chỉ đăng ký lịch (https)"),
        ("The record of %(name)s was saved.", "Đã lưu hồ sơ đồng chí %(name)s."),
        ("study session", "buổi học tập, quán triệt"),
        (
            "The symbol in the committee's document numbers, e.g. HU in 46-KH/HU.",
            "Chữ viết tắt tên cấp ủy trong ký hiệu văn bản, ví dụ HU trong 46-KH/HU.",
        ),
        ("role in the cell", "chức vụ trong chi bộ"),
        ("shortcomings", "hạn chế, khuyết điểm"),
        ("programme", "kế hoạch kiểm tra, giám sát năm"),
        (
            "Optional; under Regulation No. 366-QĐ/TW of 30/8/2025 of the Politburo: 90 points and above is "
            "excellently fulfilled duties, 70–89 well fulfilled duties, 50–69 fulfilled duties, below 50 did "
            "not fulfil duties.",
            "Không bắt buộc; theo Quy định số 366-QĐ/TW, ngày 30/8/2025 của Bộ Chính trị: từ 90 điểm trở "
            "lên là hoàn thành xuất sắc nhiệm vụ, từ 70 đến 89 điểm là hoàn thành tốt nhiệm vụ, từ 50 đến 69 "
            "điểm là hoàn thành nhiệm vụ, dưới 50 điểm là không hoàn thành nhiệm vụ.",
        ),
        (
            "An agency or organisation of the bloc, if the collective is not a party group.",
            "Cơ quan, đơn vị, nếu tập thể được đề nghị không phải là tổ đảng.",
        ),
    ],
)
def test_the_catalogue_says_what_the_review_proposed(msgid, vietnamese):
    with translation.override("vi"):
        assert translation.gettext(msgid) == vietnamese
