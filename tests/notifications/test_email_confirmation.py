"""An address receives notices only once confirmed by the link sent to it, and a notice says no
more than the member's own pages (issue 29, item 5)."""

import re
import time
from datetime import date, timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from notifications.choices import NotificationKind
from notifications.models import PendingEmailAddress
from notifications.outbox import outbox_send
from notifications.selectors import CONFIRMATION_DAYS
from notifications.services import email_preferences_save, notify
from oversight import services as case_services
from tests.factories import make_case

pytestmark = pytest.mark.django_db

PREFERENCES = "notifications:email_preferences"


def type_address(client, address: str):
    return client.post(reverse(PREFERENCES), {"email": address, "kinds": NotificationKind.values})


def link_in(message) -> str:
    """The path of the confirmation link an e-mail carries."""
    return re.search(r"(/notifications/email/confirm/[^/\s]+/)", message.body).group(1)


def notices_mailed(person, address: str) -> list:
    """The e-mails that a notice to the person sends to the address."""
    person.user.refresh_from_db()
    notify(recipients=[person.user], kind=NotificationKind.PLEDGE_APPROVED, text="Bản cam kết đã duyệt")
    outbox_send()
    return [message for message in mail.outbox if message.to == [address] and "đã duyệt" in message.body]


def test_a_typed_address_receives_notices_only_once_confirmed_by_its_link(world, login):
    client = login(world.member)
    assert type_address(client, "dao@example.vn").status_code == 302
    world.member.user.refresh_from_db()
    assert world.member.user.email == ""
    page = client.get(reverse(PREFERENCES)).content.decode()
    assert "dao@example.vn" in page and "chờ xác nhận" in page

    outbox_send()
    [confirmation] = mail.outbox
    assert confirmation.to == ["dao@example.vn"]
    assert world.member.user.username in confirmation.body
    link = link_in(confirmation)
    assert notices_mailed(world.member, "dao@example.vn") == []

    shown = client.get(link)
    assert shown.status_code == 200
    assert "dao@example.vn" in shown.content.decode()
    world.member.user.refresh_from_db()
    assert world.member.user.email == ""  # nothing changes over GET
    assert client.post(link).status_code == 302
    world.member.user.refresh_from_db()
    assert world.member.user.email == "dao@example.vn"
    assert not PendingEmailAddress.objects.exists()
    assert "chờ xác nhận" not in client.get(reverse(PREFERENCES)).content.decode()
    assert len(notices_mailed(world.member, "dao@example.vn")) == 1


def test_notices_go_on_to_the_confirmed_address_while_a_new_one_awaits(world, login):
    world.member.user.email = "cu@example.vn"
    world.member.user.save()
    client = login(world.member)
    type_address(client, "moi@example.vn")
    page = client.get(reverse(PREFERENCES)).content.decode()
    assert "cu@example.vn" in page and "moi@example.vn" in page
    assert len(notices_mailed(world.member, "cu@example.vn")) == 1
    assert notices_mailed(world.member, "moi@example.vn") == []


def test_a_confirmation_link_is_not_found_by_another_person(world, login, client):
    type_address(login(world.member), "dao@example.vn")
    outbox_send()
    link = link_in(mail.outbox[0])
    client.force_login(world.leader.user)
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    world.member.user.refresh_from_db()
    world.leader.user.refresh_from_db()
    assert world.member.user.email == world.leader.user.email == ""


def test_a_damaged_link_is_not_found(world, login):
    client = login(world.member)
    type_address(client, "dao@example.vn")
    assert client.get(reverse("notifications:email_confirm", kwargs={"token": "abc:def"})).status_code == 404


def test_an_expired_link_is_refused_saying_so(world, login, monkeypatch):
    typed_at = time.time() - CONFIRMATION_DAYS * 24 * 3600 - 60
    with monkeypatch.context() as past:
        past.setattr(signing.time, "time", lambda: typed_at)
        email_preferences_save(actor=world.member.user, email="dao@example.vn", kinds=set())
    outbox_send()
    response = login(world.member).post(link_in(mail.outbox[0]))
    assert response.status_code == 400
    assert "hết hạn" in response.content.decode()
    world.member.user.refresh_from_db()
    assert world.member.user.email == ""


def test_a_link_to_an_address_since_changed_is_refused(world, login):
    client = login(world.member)
    type_address(client, "mot@example.vn")
    type_address(client, "hai@example.vn")
    outbox_send()
    first, second = sorted(mail.outbox, key=lambda message: message.to)[::-1]
    assert (first.to, second.to) == (["mot@example.vn"], ["hai@example.vn"])
    response = client.post(link_in(first))
    assert response.status_code == 400
    world.member.user.refresh_from_db()
    assert world.member.user.email == ""
    client.post(link_in(second))
    world.member.user.refresh_from_db()
    assert world.member.user.email == "hai@example.vn"


def test_a_form_saved_twice_sends_one_link(world, login):
    client = login(world.member)
    type_address(client, "dao@example.vn")
    type_address(client, "dao@example.vn")
    outbox_send()
    assert len(mail.outbox) == 1


def test_clearing_the_address_stops_the_emails_at_once(world, login):
    world.member.user.email = "dao@example.vn"
    world.member.user.save()
    type_address(login(world.member), "")
    world.member.user.refresh_from_db()
    assert world.member.user.email == ""
    assert notices_mailed(world.member, "dao@example.vn") == []


def test_the_case_began_notice_and_its_email_say_only_that_a_case_began(world):
    world.member.user.email = "dao@example.vn"
    world.member.user.save()
    case = make_case(
        world.cell,
        [world.member],
        decision_number="10-QĐ/CB",
        content="Giám sát dấu hiệu vi phạm (NOI-DUNG-KIN-2)",
    )
    case_services.case_start(actor=world.secretary.user, case=case, start_on=date(2026, 12, 7))
    outbox_send()
    [message] = mail.outbox
    note = message.body.splitlines()[0]
    assert "10-QĐ/CB" in note and "07/12/2026" in note
    assert "NOI-DUNG-KIN" not in message.body
    assert "NOI-DUNG-KIN" not in world.member.user.notifications.get().text


def test_a_fourth_confirmation_email_within_the_hour_is_refused_and_says_when_to_ask_again(
    world, login, monkeypatch
):
    client = login(world.member)
    for number in range(1, 4):
        assert type_address(client, f"dia-chi-{number}@example.vn").status_code == 302

    refused = type_address(client, "dia-chi-4@example.vn")

    assert refused.status_code == 200
    assert (
        "Đã gửi 3 thư xác nhận trong một giờ qua. Đề nghị mở liên kết trong thư gửi sau cùng, "
        "hoặc yêu cầu lại sau 60 phút." in refused.content.decode()
    )
    assert PendingEmailAddress.objects.get(user=world.member.user).address == "dia-chi-3@example.vn"
    outbox_send()
    sent = [message.to for message in mail.outbox]
    assert sent == [[f"dia-chi-{number}@example.vn"] for number in (1, 2, 3)]

    # An hour after the first, one more may be asked for.
    an_hour_on = timezone.now() + timedelta(hours=1, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: an_hour_on)
    client = login(world.member)  # the session of an hour ago has run out
    assert type_address(client, "dia-chi-4@example.vn").status_code == 302
    assert PendingEmailAddress.objects.get(user=world.member.user).address == "dia-chi-4@example.vn"
