"""The study years, the documents register and the study sessions."""

import re
import unicodedata
from datetime import date
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import CellDocument, StudySession, StudyYear
from tests.factories import StudySessionFactory, make_document
from tests.two_editors import refused_then_saved, signed_in

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
            "version": 1,
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
        cell_url("year_create", plan_world), {"year": 2026, "theme": "Lần hai", "version": 1}
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
        "version": 1,
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


def test_the_secretary_marks_which_documents_carry_out_the_directive_and_the_list_says_so(plan_world, login):
    client = login(plan_world.secretary)
    form = client.get(cell_url("document_create", plan_world)).content.decode()
    assert "Văn bản thực hiện Chỉ thị 05 / Kết luận 01" in form
    client.post(cell_url("document_create", plan_world), document_data(on_directive_05="on"))
    client.post(
        cell_url("document_create", plan_world),
        document_data(number="09-KH/CB", title="Kế hoạch hội nghị tổng kết năm 2017"),
    )

    assert dict(CellDocument.objects.values_list("number", "on_directive_05")) == {
        "06-KH/CB": True,
        "09-KH/CB": False,
    }
    rows = [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(
            r"<tr>.*?</tr>", client.get(cell_url("document_list", plan_world)).content.decode(), re.S
        )
    ]
    assert [row for row in rows if "KH/CB" in row] == [
        "06-KH/CB 16/01/2017 Kế hoạch thực hiện Chỉ thị 05 Chi bộ Khối Đảng Có Sửa",
        "09-KH/CB 16/01/2017 Kế hoạch hội nghị tổng kết năm 2017 Chi bộ Khối Đảng Không Sửa",
    ]


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


def saved_as(download) -> str:
    """The name a modern browser saves a download under (RFC 6266 filename*)."""
    encoded = download["Content-Disposition"].split("filename*=UTF-8''", 1)[1]
    return unquote(encoded)


def test_a_document_is_stored_and_downloaded_with_the_extension_of_what_it_is(plan_world, login):
    typed = unicodedata.normalize("NFD", "Báo cáo.html")  # as a Mac sends it
    upload = SimpleUploadedFile(typed, b"%PDF-1.7 report", content_type="text/html")
    login(plan_world.secretary).post(cell_url("document_create", plan_world), document_data(file=upload))
    document = CellDocument.objects.get(cell=plan_world.cell, number="06-KH/CB")
    assert document.file.name.endswith(".pdf")
    assert document.file_name == unicodedata.normalize("NFC", "Báo cáo.html")
    download = login(plan_world.member).get(cell_url("document_file", plan_world, pk=document.pk))
    assert download["Content-Type"] == "application/pdf"
    assert saved_as(download) == unicodedata.normalize("NFC", "Báo cáo.pdf")
    assert 'filename="bao-cao.pdf"' in download["Content-Disposition"]


def test_editing_a_document_without_a_new_file_keeps_its_file_and_name(plan_world, login):
    client = login(plan_world.secretary)
    upload = SimpleUploadedFile("Kế hoạch 06.pdf", b"%PDF-1.7 plan", content_type="application/pdf")
    client.post(cell_url("document_create", plan_world), document_data(file=upload))
    document = CellDocument.objects.get(cell=plan_world.cell, number="06-KH/CB")
    response = client.post(
        cell_url("document_update", plan_world, pk=document.pk), document_data(title="Kế hoạch đã sửa")
    )
    assert response.status_code == 302
    edited = CellDocument.objects.get(pk=document.pk)
    assert (edited.title, edited.file.name, edited.file_name) == (
        "Kế hoạch đã sửa",
        document.file.name,
        "Kế hoạch 06.pdf",
    )


def test_the_document_form_links_the_current_file_through_the_checking_view_only(plan_world, login):
    client = login(plan_world.secretary)
    upload = SimpleUploadedFile("Kế hoạch 06.pdf", b"%PDF-1.7 plan", content_type="application/pdf")
    client.post(cell_url("document_create", plan_world), document_data(file=upload))
    document = CellDocument.objects.get(cell=plan_world.cell, number="06-KH/CB")
    page = client.get(cell_url("document_update", plan_world, pk=document.pk)).content.decode()
    assert f'href="{cell_url("document_file", plan_world, pk=document.pk)}"' in page
    assert "Kế hoạch 06.pdf" in page
    assert document.file.name not in page and document.file.url not in page


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
            "version": 1,
        },
    )
    assert response.status_code == 302
    session = StudySession.objects.get()
    assert set(session.attendees.values_list("pk", flat=True)) == set(attendees)
    assert set(session.history.get().attendees.values_list("member_id", flat=True)) == set(attendees)
    shown = client.get(plan_world.study_year.get_absolute_url()).context["sessions"][0]
    assert (shown.attended, shown.expected, shown.rate) == (3, 7, 43)


def test_a_session_outside_its_year_is_refused(plan_world, login):
    response = login(plan_world.secretary).post(
        cell_url("session_create", plan_world, year=2026),
        {"held_on": "20/02/2025", "form": "conference", "content": "Sai năm", "attendees": [], "version": 1},
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
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert not StudySession.objects.exists()


def edited_record(kind, world):
    """A record of the kind, the address of its edit page and what that page posts."""
    if kind == "year":
        url = cell_url("year_update", world, year=world.study_year.year)
        return world.study_year, url, {"pledge_deadline": "", "key_contents": "Nội dung trọng tâm"}
    if kind == "document":
        document = make_document(world.cell)
        return document, cell_url("document_update", world, pk=document.pk), document_data()
    session = StudySessionFactory(study_year=world.study_year, form="cell_meeting")
    url = cell_url("session_update", world, year=2026, pk=session.pk)
    return session, url, {"held_on": "02/03/2026", "form": "cell_meeting", "attendees": [world.member.pk]}


@pytest.mark.parametrize(
    ("kind", "field"), [("year", "theme"), ("document", "title"), ("session", "content")]
)
def test_a_save_on_an_older_copy_is_refused_and_keeps_what_was_typed(plan_world, kind, field):
    record, url, data = edited_record(kind, plan_world)
    refused_then_saved(
        url=url,
        data=data,
        first=plan_world.secretary,
        second=plan_world.committee_member,
        model=type(record),
        field=field,
        theirs="Bí thư sửa trên máy tính",
        mine="Chi ủy viên gõ trên điện thoại",
    )
    assert getattr(type(record).objects.get(pk=record.pk), field) == "Chi ủy viên gõ trên điện thoại"


def test_a_year_refused_after_a_change_of_its_key_contents_shows_them_as_saved(plan_world):
    url = cell_url("year_update", plan_world, year=2026)
    desktop, phone = signed_in(plan_world.secretary), signed_in(plan_world.committee_member)
    seen = phone.get(url).context["form"]["version"].value()
    data = {"theme": plan_world.study_year.theme, "pledge_deadline": ""}
    desktop.post(url, {**data, "key_contents": "Đổi mới tác phong", "version": seen})

    refused = phone.post(url, {**data, "key_contents": "Nâng cao chất lượng sinh hoạt", "version": seen})

    assert refused.status_code == 200
    assert refused.context["form"]["key_contents"].value() == "Nâng cao chất lượng sinh hoạt"
    assert any("Đổi mới tác phong" in line for line in refused.context["form"].non_field_errors())
    assert list(plan_world.study_year.key_contents.values_list("text", flat=True)) == ["Đổi mới tác phong"]
