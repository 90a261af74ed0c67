"""E-mail goes out from the worker, never from a request (issue 29, item 1): with a mail relay
that hangs, pages answer without touching it, a bulk approval completes, and the e-mails go out
once the relay answers; the worker tries the relay once per run, waits longer after each
failure, and keeps what it could not send for the administrator."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.choices import EmailState, NotificationKind
from notifications.models import Notification, OutgoingEmail
from notifications.outbox import BACKOFF_SECONDS, MAX_ATTEMPTS, claim_seconds, outbox_send
from notifications.reminders import send_daily_reminders
from notifications.services import notify
from plans import notices as pledge_notices
from plans.choices import PledgeState
from plans.models import Pledge
from plans.services import pledges as pledge_services
from tests.factories import make_member_with_account, make_pledge, make_study_year, make_user
from tests.notifications.relays import AnsweringRelay, SilentRelay, closed_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    """E-mail through SMTP to a relay on loopback, each step waiting one second at most."""

    def to(port: int):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_TIMEOUT = 1

    return to


@pytest.fixture
def silent_relay(smtp):
    relay = SilentRelay()
    smtp(relay.port)
    yield relay
    relay.close()


@pytest.fixture
def answering_relay():
    relays = []

    def start(refused=()):
        relays.append(AnsweringRelay(refused))
        return relays[-1]

    yield start
    for relay in relays:
        relay.close()


@pytest.fixture
def later(monkeypatch):
    """Move the clock of the services and the worker some seconds past the real time."""
    real_now = timezone.now

    def by(seconds: float):
        moment = real_now() + timedelta(seconds=seconds)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return by


@pytest.fixture
def seven(world):
    """Seven members of group 1 with an address, each with a submitted pledge."""
    year = make_study_year(world.cell, 2026)
    members = [
        make_member_with_account(world.cell, world.group1, full_name=f"Đảng viên {number}")
        for number in range(1, 8)
    ]
    for member in members:
        member.user.email = f"{member.user.username}@example.vn"
        member.user.save()
    return year, [make_pledge(member, year, PledgeState.SUBMITTED) for member in members]


def test_an_approval_with_a_hung_relay_answers_without_touching_the_relay(world, login, silent_relay, seven):
    _year, pledges = seven
    response = login(world.leader).post(
        reverse("plans:pledge_approve", kwargs={"slug": world.cell.slug, "pk": pledges[0].pk}),
        {"version": pledges[0].version},
    )
    assert response.status_code == 302
    assert Pledge.objects.get(pk=pledges[0].pk).state == PledgeState.APPROVED
    assert silent_relay.connections() == 0
    # The bell tells at once; the e-mail waits for the worker.
    [note] = Notification.objects.filter(recipient=pledges[0].member.user)
    [email] = OutgoingEmail.objects.all()
    assert (email.notification, email.address, email.state) == (
        note,
        pledges[0].member.user.email,
        EmailState.PENDING,
    )


def test_a_bulk_approval_of_seven_completes_with_a_hung_relay_and_the_emails_go_out_once_it_answers(
    world, login, silent_relay, seven, run_jobs, answering_relay, smtp, later
):
    year, pledges = seven
    response = login(world.secretary).post(
        reverse("plans:year_bulk_approve", kwargs={"slug": world.cell.slug, "year": year.year}),
        {"pledges": [pledge.pk for pledge in pledges]},
    )
    assert response.status_code == 302
    assert set(Pledge.objects.filter(pk__in=[p.pk for p in pledges]).values_list("state", flat=True)) == {
        PledgeState.APPROVED
    }
    assert silent_relay.connections() == 0
    assert OutgoingEmail.objects.filter(state=EmailState.PENDING).count() == 7

    # The worker tries the hung relay once for the seven, waits its timeout, and keeps them.
    run_jobs()
    assert silent_relay.connections() == 1
    waiting = OutgoingEmail.objects.filter(state=EmailState.PENDING)
    assert waiting.count() == 7
    assert {(email.attempts, "timed out" in email.last_error) for email in waiting} == {(1, True)}

    # The relay answers; after the first wait, the worker sends them all.
    relay = answering_relay()
    smtp(relay.port)
    later(BACKOFF_SECONDS[0] + 1)
    run_jobs()
    assert sorted(str(message["To"]) for message in relay.received) == sorted(
        pledge.member.user.email for pledge in pledges
    )
    assert OutgoingEmail.objects.filter(state=EmailState.SENT).count() == 7


def test_a_bulk_approval_stopped_half_way_approves_none(world, seven, monkeypatch):
    _year, pledges = seven
    told = []

    def stopped_at_the_fourth(pledge):
        told.append(pledge)
        if len(told) == 4:
            raise RuntimeError("the request was stopped")

    monkeypatch.setattr(pledge_notices, "pledge_approved", stopped_at_the_fourth)
    with pytest.raises(RuntimeError):
        pledge_services.pledges_bulk_approve(actor=world.secretary.user, pledges=pledges)
    assert set(Pledge.objects.filter(pk__in=[p.pk for p in pledges]).values_list("state", flat=True)) == {
        PledgeState.SUBMITTED
    }


def test_an_email_is_tried_again_after_growing_waits_then_kept_as_not_sent(world, smtp, later):
    smtp(closed_port())  # a relay that refuses at once
    world.member.user.email = "dao@example.vn"
    world.member.user.save()
    notify(recipients=[world.member.user], kind=NotificationKind.PLEDGE_APPROVED, text="Duyệt")
    waits, elapsed = [], 0
    for _attempt in range(MAX_ATTEMPTS):
        now = later(elapsed)
        outbox_send()
        email = OutgoingEmail.objects.get()
        if email.state == EmailState.PENDING:
            waits.append((email.next_attempt_at - now).total_seconds())
            elapsed += waits[-1]
    assert waits == list(BACKOFF_SECONDS)
    assert (email.state, email.attempts) == (EmailState.FAILED, MAX_ATTEMPTS)
    assert "ConnectionRefusedError" in email.last_error


def test_an_address_the_relay_refuses_is_kept_as_not_sent_and_shown_to_the_administrator(
    world, client, smtp, answering_relay
):
    relay = answering_relay(refused={"khong-co@example.vn"})
    smtp(relay.port)
    world.member.user.email = "khong-co@example.vn"
    world.member.user.save()
    notify(recipients=[world.member.user], kind=NotificationKind.PLEDGE_APPROVED, text="Duyệt")
    outbox_send()
    email = OutgoingEmail.objects.get()
    assert (email.state, email.attempts) == (EmailState.FAILED, 1)  # trying again changes nothing
    assert "550" in email.last_error

    client.force_login(make_user("quantri", is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:notifications_outgoingemail_changelist") + "?state=failed")
    page = listing.content.decode()
    assert "khong-co@example.vn" in page and "no such mailbox" in page

    # The address fixed on the relay, the administrator sends it again.
    relay.refused.clear()
    client.post(
        reverse("admin:notifications_outgoingemail_changelist"),
        {"action": "send_again", "_selected_action": [email.pk]},
    )
    outbox_send()
    assert OutgoingEmail.objects.get().state == EmailState.SENT
    assert [str(message["To"]) for message in relay.received] == ["khong-co@example.vn"]


class WorkerKilled(BaseException):
    """The worker's process ends in the middle of a send."""


def test_an_email_whose_worker_died_while_sending_is_sent_later_once(world, monkeypatch, later, run_jobs):
    world.member.user.email = "dao@example.vn"
    world.member.user.save()
    notify(recipients=[world.member.user], kind=NotificationKind.PLEDGE_APPROVED, text="Duyệt")

    def killed(message, fail_silently=False):
        raise WorkerKilled

    with monkeypatch.context() as dying:
        dying.setattr("django.core.mail.EmailMessage.send", killed)
        with pytest.raises(WorkerKilled):
            outbox_send()
    assert mail.outbox == []
    run_jobs()  # another worker meanwhile: the e-mail is still claimed
    assert mail.outbox == []

    later(claim_seconds() + 1)
    run_jobs()
    assert [message.to for message in mail.outbox] == [["dao@example.vn"]]
    assert OutgoingEmail.objects.get().state == EmailState.SENT


def test_the_daily_run_removes_emails_sent_beyond_the_kept_days_and_keeps_those_not_sent(
    world, client, settings, later
):
    settings.SENT_EMAIL_DAYS = 90
    user = world.member.user
    now = timezone.now()

    def email(subject: str, state: str, days_ago: int) -> None:
        OutgoingEmail.objects.create(
            recipient=user,
            address="dao@example.vn",
            subject=subject,
            body="…",
            state=state,
            created_at=now - timedelta(days=days_ago),
            sent_at=now - timedelta(days=days_ago) if state == EmailState.SENT else None,
        )

    email("gửi 91 ngày trước", EmailState.SENT, 91)
    email("gửi 89 ngày trước", EmailState.SENT, 89)
    email("không gửi được 200 ngày trước", EmailState.FAILED, 200)
    email("đang chờ", EmailState.PENDING, 0)

    send_daily_reminders.call()

    assert sorted(OutgoingEmail.objects.values_list("subject", flat=True)) == [
        "gửi 89 ngày trước",
        "không gửi được 200 ngày trước",
        "đang chờ",
    ]
    client.force_login(make_user("quantri", is_staff=True, is_superuser=True))
    failed = client.get(reverse("admin:notifications_outgoingemail_changelist") + "?state=failed")
    assert "không gửi được 200 ngày trước" in failed.content.decode()

    # Two days on, the one sent 89 days ago has passed the 90 days too.
    later(2 * 24 * 3600)
    send_daily_reminders.call()
    assert sorted(OutgoingEmail.objects.values_list("subject", flat=True)) == [
        "không gửi được 200 ngày trước",
        "đang chờ",
    ]
