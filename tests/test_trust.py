"""Sessions, headers, served files and the activity feed: the promises of issue 6 that are
not about one app."""

import time
from datetime import date, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from members.choices import LeftReason
from members.services.members import member_mark_left
from plans.models import MondaySession
from tests.factories import make_document, make_pledge, make_study_year

pytestmark = pytest.mark.django_db


def test_a_request_renews_a_session_that_ends_after_thirty_minutes_idle(world, login):
    client = login(world.member)
    response = client.get(world.cell.get_absolute_url())
    assert response.cookies["sessionid"]["max-age"] == 30 * 60
    assert client.session.get_expiry_age() == 30 * 60


def test_a_page_viewed_within_a_minute_of_the_last_renewal_writes_no_session(world, login):
    client = login(world.member)
    client.get(world.cell.get_absolute_url())
    key = client.session.session_key
    expires = Session.objects.get(session_key=key).expire_date
    response = client.get(world.cell.get_absolute_url())
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert Session.objects.get(session_key=key).expire_date == expires


def test_a_request_a_minute_after_the_last_renewal_renews_the_session(world, login):
    client = login(world.member)
    client.get(world.cell.get_absolute_url())
    session = client.session
    session["renewed_at"] = int(time.time()) - 61
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=5)
    )
    response = client.get(world.cell.get_absolute_url())
    assert response.cookies["sessionid"]["max-age"] == 30 * 60
    renewed = Session.objects.get(session_key=session.session_key).expire_date
    assert renewed > timezone.now() + timedelta(minutes=29)


def test_session_ends_twelve_hours_after_signing_in_whatever_the_activity(world, login):
    client = login(world.member)
    assert client.get(world.cell.get_absolute_url()).status_code == 200
    session = client.session
    session["signed_in_at"] = int(time.time()) - 12 * 60 * 60 - 1
    session.save()
    response = client.get(world.cell.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get(world.cell.get_absolute_url()).status_code == 302


def test_pages_forbid_inline_scripts_and_framing(world, login):
    response = login(world.member).get(world.cell.get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_no_cache_keeps_a_signed_in_page_or_download(world, login):
    signed_in = login(world.secretary)
    year = make_study_year(world.cell, 2026)
    for address in (
        world.cell.get_absolute_url(),
        reverse("members:member_list", kwargs={"slug": world.cell.slug}),
        reverse("plans:year_export", kwargs={"slug": world.cell.slug, "year": year.year}),
    ):
        response = signed_in.get(address)
        assert response.status_code == 200
        assert {"no-store", "private"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_forms_refuse_a_post_without_the_csrf_token(world, client):
    client = client.__class__(enforce_csrf_checks=True)
    client.force_login(world.secretary.user)
    response = client.post(
        reverse("members:group_create", kwargs={"slug": world.cell.slug}), {"name": "X", "order": 9}
    )
    assert response.status_code == 403
    assert world.cell.groups.count() == 2


def test_a_served_file_takes_its_content_type_from_its_bytes_not_its_name(world, login):
    document = make_document(
        world.cell,
        file=SimpleUploadedFile("ke-hoach.docx", b"%PDF-1.7 really a pdf"),
        file_name='ke "hoach"\r\n.docx',
    )
    response = login(world.member).get(
        reverse("plans:document_file", kwargs={"slug": world.cell.slug, "pk": document.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    assert "\r" not in response["Content-Disposition"] and "\n" not in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")


def test_an_uploaded_file_is_not_reachable_under_a_media_or_static_url(world, login):
    document = make_document(
        world.cell, number="07-KH/CB", file=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.7 plan")
    )
    client = login(world.secretary)
    for prefix in ("/media/", "/static/"):
        assert client.get(prefix + document.file.name).status_code == 404


def test_activity_feed_shows_the_secretary_every_change_with_who_made_it(world, login):
    member_mark_left(
        actor=world.secretary.user,
        member=world.other_group_member,
        left_on=date(2025, 8, 1),
        reason=LeftReason.TRANSFER,
    )
    make_pledge(world.member, make_study_year(world.cell))
    response = login(world.secretary).get(reverse("reports:cell_activity", kwargs={"slug": world.cell.slug}))
    entries = response.context["entries"]
    left = next(entry for entry in entries if entry["subject"] == world.other_group_member.full_name)
    assert (left["who"], str(left["action"])) == (world.secretary.user, "Ghi nhận rời chi bộ")
    assert any(str(entry["model"]) == "bản đăng ký" for entry in entries)
    assert [entry["when"] for entry in entries] == sorted((entry["when"] for entry in entries), reverse=True)


def test_activity_feed_shows_a_generated_rota_as_one_entry_by_the_person_who_made_it(world, login):
    from plans.services.monday import monday_rota_generate

    sessions = monday_rota_generate(actor=world.secretary.user, cell=world.cell, year=2026)
    make_pledge(world.member, make_study_year(world.cell))
    page = login(world.secretary).get(reverse("reports:cell_activity", kwargs={"slug": world.cell.slug}))
    rota = [entry for entry in page.context["entries"] if entry["model"] == MondaySession._meta.verbose_name]
    assert len(rota) == 1
    assert (rota[0]["who"], rota[0]["count"]) == (world.secretary.user, len(sessions))
    first, last = min(session.day for session in sessions), max(session.day for session in sessions)
    assert f"{first:%d/%m/%Y} – {last:%d/%m/%Y} ({len(sessions)} bản ghi)" in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("member", 403), ("leader", 403), ("staff", 200), ("other_secretary", 404)]
)
def test_activity_feed_is_for_the_committee_and_the_superior_office(world, login, persona, status):
    response = login(getattr(world, persona)).get(
        reverse("reports:cell_activity", kwargs={"slug": world.cell.slug})
    )
    assert response.status_code == status


def test_activity_feed_shows_nothing_of_another_cell(world, login):
    make_pledge(world.other_cell_member, make_study_year(world.other_cell))
    entries = (
        login(world.secretary)
        .get(reverse("reports:cell_activity", kwargs={"slug": world.cell.slug}))
        .context["entries"]
    )
    assert world.other_cell_member.full_name not in {entry["subject"] for entry in entries}


def test_the_secretary_reads_the_history_of_a_report_and_of_a_praise(world, login):
    from oversight import services as oversight_services
    from reports.services.editing import report_create, report_update

    report = report_create(
        actor=world.secretary.user,
        cell=world.cell,
        data={
            "kind": "yearly",
            "start_year": 2025,
            "end_year": 2025,
            "number": 3,
            "title": "Báo cáo năm 2025",
            "place": "",
            "report_date": date(2025, 12, 20),
            "recipients": "- Lưu Chi bộ.",
            "signer": world.secretary,
            "signer_title": "BÍ THƯ",
        },
    )
    report_update(actor=world.deputy.user, report=report, data={}, sections={"limitations": "Còn chậm."})
    client = login(world.secretary)
    history = client.get(report.get_absolute_url()).context["history"]
    assert (history[0]["who"], history[0]["subject"]) == (
        world.deputy.user,
        "Hạn chế, khuyết điểm",
    )
    praise = oversight_services.praise_save(
        actor=world.secretary.user,
        cell=world.cell,
        data={
            "member": world.member,
            "praised_on": date(2025, 12, 18),
            "occasion": "",
            "reason": "Gương mẫu",
        },
    )
    page = client.get(reverse("oversight:praise_update", kwargs={"slug": world.cell.slug, "pk": praise.pk}))
    assert page.context["history"][0]["who"] == world.secretary.user
