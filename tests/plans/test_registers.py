"""The study years, the documents register and the study sessions."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import CellDocument, StudySession, StudyYear

pytestmark = pytest.mark.django_db


def cell_url(name, world, **kwargs):
    return reverse(f"plans:{name}", kwargs={"slug": world.cell.slug, **kwargs})


def test_secretary_creates_a_year_with_its_key_contents(plan_world, login):
    response = login(plan_world.secretary).post(
        cell_url("year_create", plan_world),
        {
            "year": 2027,
            "theme": "Chuyên đề năm 2027",
            "pledge_deadline": "31/03/2027",
            "key_contents": "Nâng cao chất lượng sinh hoạt chi bộ\n\nĐổi mới tác phong làm việc\n",
        },
    )
    year = StudyYear.objects.get(cell=plan_world.cell, year=2027)
    assert response["Location"] == year.get_absolute_url()
    assert year.pledge_deadline == date(2027, 3, 31)
    assert list(year.key_contents.values_list("text", flat=True)) == [
        "Nâng cao chất lượng sinh hoạt chi bộ",
        "Đổi mới tác phong làm việc",
    ]


def test_a_second_year_with_the_same_number_is_refused(plan_world, login):
    response = login(plan_world.secretary).post(
        cell_url("year_create", plan_world), {"year": 2026, "theme": "Lần hai"}
    )
    assert response.status_code == 200
    assert StudyYear.objects.filter(cell=plan_world.cell, year=2026).count() == 1


@pytest.mark.parametrize(
    ("persona", "status"), [("member", 403), ("leader", 403), ("staff", 403), ("secretary", 200)]
)
def test_only_the_committee_manages_years(plan_world, login, persona, status):
    assert login(getattr(plan_world, persona)).get(cell_url("year_create", plan_world)).status_code == status


def document_data(**extra):
    return {
        "kind": "plan",
        "direction": "issued",
        "number": "06-KH/CB",
        "issued_on": "16/01/2017",
        "issuer": "Chi bộ Khối Đảng",
        "title": "Kế hoạch thực hiện Chỉ thị 05",
        "summary": "",
        **extra,
    }


def test_secretary_registers_a_document_with_its_file(plan_world, login):
    upload = SimpleUploadedFile("Kế hoạch 06.pdf", b"%PDF-1.7 plan", content_type="application/pdf")
    client = login(plan_world.secretary)
    response = client.post(cell_url("document_create", plan_world), document_data(file=upload))
    assert response.status_code == 302
    document = CellDocument.objects.get(cell=plan_world.cell, number="06-KH/CB")
    assert (document.issued_on, document.file_name) == (date(2017, 1, 16), "Kế hoạch 06.pdf")
    download = login(plan_world.member).get(cell_url("document_file", plan_world, pk=document.pk))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 plan"
    assert (
        login(plan_world.other_secretary)
        .get(cell_url("document_file", plan_world, pk=document.pk))
        .status_code
        == 404
    )


def test_a_document_file_that_is_really_a_program_is_refused(plan_world, login):
    upload = SimpleUploadedFile("ke-hoach.docx", b"MZ\x90\x00program", content_type="application/msword")
    response = login(plan_world.secretary).post(
        cell_url("document_create", plan_world), document_data(file=upload)
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not CellDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused(plan_world, login, settings):
    upload = SimpleUploadedFile(
        "lon.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    response = login(plan_world.secretary).post(
        cell_url("document_create", plan_world), document_data(file=upload)
    )
    assert response.context["form"].errors["file"] == ["Tệp lớn hơn 10 MB."]


def test_session_records_attendance_and_the_year_page_shows_the_rate(plan_world, login):
    attendees = [plan_world.secretary.pk, plan_world.member.pk, plan_world.leader.pk]
    client = login(plan_world.secretary)
    response = client.post(
        cell_url("session_create", plan_world, year=2026),
        {
            "held_on": "20/02/2026",
            "form": "conference",
            "content": "Quán triệt chuyên đề",
            "attendees": attendees,
        },
    )
    assert response.status_code == 302
    session = StudySession.objects.get()
    assert set(session.attendees.values_list("pk", flat=True)) == set(attendees)
    shown = client.get(plan_world.study_year.get_absolute_url()).context["sessions"][0]
    assert (shown.attended, shown.expected, shown.rate) == (3, 7, 43)


def test_a_session_outside_its_year_is_refused(plan_world, login):
    response = login(plan_world.secretary).post(
        cell_url("session_create", plan_world, year=2026),
        {"held_on": "20/02/2025", "form": "conference", "content": "Sai năm", "attendees": []},
    )
    assert response.status_code == 200
    assert not StudySession.objects.exists()


def test_members_of_another_cell_cannot_be_marked_as_attending(plan_world, login):
    response = login(plan_world.secretary).post(
        cell_url("session_create", plan_world, year=2026),
        {
            "held_on": "20/02/2026",
            "form": "conference",
            "content": "Học",
            "attendees": [plan_world.other_cell_member.pk],
        },
    )
    assert response.status_code == 200
    assert not StudySession.objects.exists()
