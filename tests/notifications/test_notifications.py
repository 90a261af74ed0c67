"""Notifications (issue 14, item 2): who is told of what, in the app and by e-mail, the daily
reminders with a fixed clock, the pages, and what is never sent."""

import re
from datetime import date, datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications import reminders
from notifications.choices import NotificationKind
from notifications.models import EmailPreference, Notification
from notifications.outbox import outbox_send
from notifications.reminders import schedule_daily_reminders, send_daily_reminders
from notifications.services import notify
from oversight import services as case_services
from oversight.choices import Conclusion
from plans.choices import PledgeState, Rating
from plans.services import pledges as pledge_services
from reports.services.editing import report_create
from reports.services.printing import report_finalise
from tests.factories import (
    make_case,
    make_member_with_account,
    make_monday_session,
    make_pledge,
    make_study_year,
    report_header,
    write_what_is_left,
)

pytestmark = pytest.mark.django_db

K = NotificationKind
DAILY = "notifications.reminders.send_daily_reminders"


@pytest.fixture
def told(world):
    """Every person of the world with an e-mail address, so that each may be mailed."""
    for person in (world.secretary, world.deputy, world.committee_member, world.leader, world.member):
        person.user.email = f"{person.user.username}@example.vn"
        person.user.save()
    world.staff.email = "vanphong@example.vn"
    world.staff.save()
    world.year = make_study_year(world.cell, 2026)
    return world


@pytest.fixture
def clock(monkeypatch):
    """Set the day and hour the services and the worker read (Asia/Ho_Chi_Minh)."""

    def set_to(day: date, hour: int = 6, minute: int = 1):
        moment = timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to


def notes_of(person, kind=None):
    user = getattr(person, "user", person)
    notes = Notification.objects.filter(recipient=user)
    return list(notes.filter(kind=kind) if kind else notes)


def mailed_to(person) -> list:
    user = getattr(person, "user", person)
    return [message for message in mail.outbox if message.to == [user.email]]


# What a change tells, and to whom


def test_a_submitted_pledge_tells_its_group_leader_in_the_app_and_by_email(told):
    pledge = make_pledge(told.member, told.year)
    pledge_services.pledge_submit(actor=told.member.user, pledge=pledge)
    assert mail.outbox == []  # the worker sends it
    outbox_send()

    [note] = notes_of(told.leader)
    assert (note.kind, note.cell, note.link, note.read_at) == (
        K.PLEDGE_SUBMITTED,
        told.cell,
        pledge.get_absolute_url(),
        None,
    )
    assert "Nguyễn Thị Đào" in note.text and "2026" in note.text
    [message] = mail.outbox
    assert message.to == [told.leader.user.email]
    assert note.text in message.body
    assert pledge.get_absolute_url() in message.body
    assert notes_of(told.member) == []


def test_a_leaders_own_pledge_is_announced_to_the_cell_committee(told):
    pledge = make_pledge(told.leader, told.year)
    pledge_services.pledge_submit(actor=told.leader.user, pledge=pledge)
    told_users = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told_users == {
        told.secretary.user.username,
        told.deputy.user.username,
        told.committee_member.user.username,
    }


@pytest.mark.parametrize(
    ("act", "kind"),
    [
        (lambda w, p: pledge_services.pledge_approve(actor=w.leader.user, pledge=p), K.PLEDGE_APPROVED),
        (
            lambda w, p: pledge_services.pledge_return(actor=w.leader.user, pledge=p, comment="Cụ thể hơn"),
            K.PLEDGE_RETURNED,
        ),
    ],
)
def test_a_reviewed_pledge_tells_its_member(told, act, kind):
    pledge = make_pledge(told.member, told.year, PledgeState.SUBMITTED)
    act(told, pledge)
    outbox_send()
    [note] = notes_of(told.member)
    assert (note.kind, note.link) == (kind, pledge.get_absolute_url())
    assert len(mailed_to(told.member)) == 1
    if kind == K.PLEDGE_RETURNED:
        assert "Cụ thể hơn" in note.text


def test_an_evaluated_pledge_tells_its_member(told):
    pledge = make_pledge(told.member, told.year, PledgeState.SELF_ASSESSED)
    pledge_services.pledge_evaluate(
        actor=told.secretary.user,
        pledge=pledge,
        version=pledge.version,
        rating=Rating.GOOD,
        score=None,
        comment="",
    )
    [note] = notes_of(told.member)
    assert note.kind == K.PLEDGE_EVALUATED


def test_a_refused_change_tells_nobody(told):
    pledge = make_pledge(told.member, told.year, PledgeState.SUBMITTED)
    with pytest.raises(PermissionDenied):
        pledge_services.pledge_approve(actor=told.other_group_member.user, pledge=pledge)
    outbox_send()
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_a_rolled_back_change_sends_no_email(told):
    pledge = make_pledge(told.member, told.year)
    with pytest.raises(RuntimeError), transaction.atomic():
        pledge_services.pledge_submit(actor=told.member.user, pledge=pledge)
        raise RuntimeError("the request failed after the service")
    outbox_send()
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_a_kind_turned_off_stays_in_the_app_without_email(told):
    EmailPreference.objects.create(user=told.leader.user, kind=K.PLEDGE_SUBMITTED, send_email=False)
    pledge_services.pledge_submit(actor=told.member.user, pledge=make_pledge(told.member, told.year))
    outbox_send()
    assert len(notes_of(told.leader)) == 1
    assert mail.outbox == []


def test_a_person_without_an_address_is_told_in_the_app_only(told):
    told.leader.user.email = ""
    told.leader.user.save()
    pledge_services.pledge_submit(actor=told.member.user, pledge=make_pledge(told.member, told.year))
    outbox_send()
    assert len(notes_of(told.leader)) == 1
    assert mail.outbox == []


def test_a_case_tells_its_member_when_it_begins_and_when_it_is_concluded(told):
    case = make_case(told.cell, [told.member], decision_number="07-QĐ/CB")
    case_services.case_start(actor=told.secretary.user, case=case, start_on=date(2026, 3, 2))
    [opened] = notes_of(told.member)
    assert (opened.kind, opened.link) == (K.CASE_OPENED, "")
    assert "07-QĐ/CB" in opened.text and "02/03/2026" in opened.text
    case.refresh_from_db()
    case_services.case_conclude(
        actor=told.secretary.user,
        case=case,
        data={"findings": "Học tập đầy đủ", "conclusion": Conclusion.GOOD},
        end_on=date(2026, 4, 1),
    )
    outbox_send()
    [concluded] = notes_of(told.member, K.CASE_CONCLUDED)
    assert concluded.link == case.get_absolute_url()
    assert len(mailed_to(told.member)) == 2
    assert notes_of(told.leader) == []


def test_a_final_report_tells_the_superior_office(told):
    report = report_create(actor=told.secretary.user, cell=told.cell, data=report_header(told.secretary))
    write_what_is_left(report, told.secretary.user)
    report_finalise(actor=told.secretary.user, report=report)
    outbox_send()
    [note] = notes_of(told.staff)
    assert (note.kind, note.link, note.cell) == (K.REPORT_FINALISED, report.get_absolute_url(), told.cell)
    assert report.number_symbol in note.text
    assert [message.to for message in mail.outbox] == [[told.staff.email]]


def test_a_report_made_final_by_the_worker_tells_the_superior_office(told, login, run_jobs):
    report = report_create(actor=told.secretary.user, cell=told.cell, data=report_header(told.secretary))
    write_what_is_left(report, told.secretary.user)
    login(told.secretary).post(
        reverse("reports:report_finalise", kwargs={"slug": told.cell.slug, "pk": report.pk})
    )
    run_jobs()
    assert [note.kind for note in notes_of(told.staff)] == [K.REPORT_FINALISED]
    assert [message.to for message in mail.outbox] == [[told.staff.email]]


def test_the_text_is_made_in_the_recipients_language_whatever_the_senders(told):
    from django.utils import translation

    with translation.override("en"):
        notify(recipients=[told.member.user], kind=K.PLEDGE_APPROVED, text=K.PLEDGE_APPROVED.label)
    [note] = notes_of(told.member)
    with translation.override("vi"):
        assert note.text == str(K.PLEDGE_APPROVED.label)


# The daily reminders, with a fixed clock


def test_the_deadline_reminds_members_without_a_submitted_pledge_7_days_and_1_day_before(told, clock):
    told.year.pledge_deadline = date(2026, 3, 31)
    told.year.save()
    make_pledge(told.leader, told.year, PledgeState.SUBMITTED)
    make_pledge(told.member, told.year, PledgeState.DRAFT)
    other_year = make_study_year(told.other_cell, 2026, pledge_deadline=date(2026, 3, 31))
    make_pledge(told.other_cell_member, other_year, PledgeState.APPROVED)

    clock(date(2026, 3, 23))  # 8 days before
    assert send_daily_reminders.call()["pledge_deadline"] == 0

    clock(date(2026, 3, 24))
    send_daily_reminders.call()
    send_daily_reminders.call()  # a day run twice
    outbox_send()
    reminded = {note.recipient for note in Notification.objects.filter(kind=K.PLEDGE_DEADLINE)}
    assert reminded == {
        told.member.user,
        told.secretary.user,
        told.deputy.user,
        told.committee_member.user,
        told.other_group_member.user,
        told.other_secretary.user,
    }
    [week] = notes_of(told.member)
    assert week.key == f"deadline-7:{told.member.pk}:2026-03-31"
    assert "31/03/2026" in week.text and " 7 " in week.text
    assert len(mailed_to(told.member)) == 1

    clock(date(2026, 3, 27))  # neither 7 nor 1 day before: nothing new
    assert send_daily_reminders.call()["pledge_deadline"] == 0

    clock(date(2026, 3, 30))
    send_daily_reminders.call()
    send_daily_reminders.call()
    assert [note.key for note in notes_of(told.member)] == [
        f"deadline-1:{told.member.pk}:2026-03-31",
        f"deadline-7:{told.member.pk}:2026-03-31",
    ]
    assert notes_of(told.leader) == []


def test_a_member_who_left_is_not_reminded(told, clock):
    told.year.pledge_deadline = date(2026, 3, 31)
    told.year.save()
    told.member.left_on = date(2026, 3, 1)
    told.member.left_reason = "moved"
    told.member.save()
    clock(date(2026, 3, 24))
    send_daily_reminders.call()
    assert notes_of(told.member) == []


def test_the_monday_turn_reminds_the_groups_leader_on_the_friday_before(told, clock):
    session = make_monday_session(told.cell, told.group1, date(2026, 3, 9))
    make_monday_session(told.cell, told.group2, date(2026, 3, 16))

    clock(date(2026, 3, 5))  # Thursday
    assert send_daily_reminders.call()["monday_turn"] == 0
    clock(date(2026, 3, 6))  # Friday
    send_daily_reminders.call()
    send_daily_reminders.call()
    [note] = notes_of(told.leader)
    assert (note.kind, note.key) == (K.MONDAY_TURN, f"monday:{session.pk}:2026-03-09")
    rota = reverse("plans:monday_rota", kwargs={"slug": told.cell.slug})
    assert note.link == f"{rota}?year=2026#session-{session.pk}"
    assert "09/03/2026" in note.text
    clock(date(2026, 3, 7))  # the weekend: already told
    send_daily_reminders.call()
    assert len(notes_of(told.leader)) == 1
    # Group 2 has no leader: nobody to remind.
    clock(date(2026, 3, 13))
    assert send_daily_reminders.call()["monday_turn"] == 0


def test_the_daily_task_is_queued_once_for_six_in_the_morning_and_queues_the_next_day(told, clock, run_jobs):
    DBTaskResult.objects.filter(task_path=DAILY).delete()
    clock(date(2026, 3, 5), hour=14)
    schedule_daily_reminders()
    schedule_daily_reminders()
    [waiting] = DBTaskResult.objects.filter(task_path=DAILY)
    assert timezone.localtime(waiting.run_after) == timezone.make_aware(datetime(2026, 3, 6, 6, 0))

    make_monday_session(told.cell, told.group1, date(2026, 3, 9))
    clock(date(2026, 3, 6), hour=6, minute=0)
    run_jobs()
    assert len(notes_of(told.leader)) == 1
    [next_run] = DBTaskResult.objects.filter(task_path=DAILY, status="READY")
    assert timezone.localtime(next_run.run_after) == timezone.make_aware(datetime(2026, 3, 7, 6, 0))


def test_migrate_queues_the_daily_reminders():
    assert DBTaskResult.objects.filter(task_path=DAILY, status="READY").count() == 1


def test_a_failing_reminder_does_not_stop_the_others(told, clock, monkeypatch):
    monkeypatch.setitem(reminders.REMINDERS, "broken", f"{__name__}.broken_reminder")
    make_monday_session(told.cell, told.group1, date(2026, 3, 9))
    clock(date(2026, 3, 6))
    made = send_daily_reminders.call()
    assert "broken" not in made
    assert made["monday_turn"] == 1


def broken_reminder(*, today):
    raise ConnectionError("the database went away")


# The pages


def test_the_menu_shows_the_unread_count_with_one_query(told, login):
    notify(recipients=[told.member.user], kind=K.PLEDGE_APPROVED, text="Một")
    notify(recipients=[told.member.user], kind=K.PLEDGE_APPROVED, text="Hai")
    client = login(told.member)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("jobs:job_list")).content.decode()
    assert sum("notifications_notification" in query["sql"] for query in queries) == 1
    assert 'id="notifications-menu"' in page
    badge = re.search(r'id="notifications-menu">.*?<span class="badge[^>]*>(\d+)</span>', page, re.S)
    assert badge.group(1) == "2"


def test_the_list_shows_the_own_notifications_only(told, login):
    notify(recipients=[told.member.user], kind=K.PLEDGE_APPROVED, text="Bản của tôi được duyệt")
    notify(recipients=[told.other_cell_member.user], kind=K.PLEDGE_APPROVED, text="Chi bộ khác")
    notify(recipients=[told.leader.user], kind=K.PLEDGE_SUBMITTED, text="Tổ trưởng")
    page = login(told.member).get(reverse("notifications:notification_list")).content.decode()
    assert "Bản của tôi được duyệt" in page
    assert "Chi bộ khác" not in page and "Tổ trưởng" not in page


def test_opening_a_notification_marks_it_read_and_goes_to_its_link(told, login):
    pledge = make_pledge(told.member, told.year, PledgeState.APPROVED)
    [note] = notify(
        recipients=[told.member.user], kind=K.PLEDGE_APPROVED, text="Duyệt", link=pledge.get_absolute_url()
    )
    response = login(told.member).post(reverse("notifications:notification_open", kwargs={"pk": note.pk}))
    assert response["Location"] == pledge.get_absolute_url()
    note.refresh_from_db()
    assert note.read_at is not None


def test_opening_the_page_of_a_notifications_record_marks_it_read_and_leaves_the_others_unread(told, login):
    pledge = make_pledge(told.member, told.year, PledgeState.APPROVED)
    link = pledge.get_absolute_url()
    [about_it] = notify(recipients=[told.member.user], kind=K.PLEDGE_APPROVED, text="Duyệt", link=link)
    [elsewhere] = notify(recipients=[told.member.user], kind=K.PLEDGE_APPROVED, text="Khác", link="/")
    [anothers] = notify(recipients=[told.leader.user], kind=K.PLEDGE_APPROVED, text="Tổ trưởng", link=link)
    client = login(told.member)
    page = client.get(link).content.decode()
    # The page's own menu counts what is still unread: the other notification only.
    badge = re.search(r'id="notifications-menu">.*?<span class="badge[^>]*>(\d+)</span>', page, re.S)
    assert badge.group(1) == "1"
    for note in (about_it, elsewhere, anothers):
        note.refresh_from_db()
    assert about_it.read_at is not None
    assert (elsewhere.read_at, anothers.read_at) == (None, None)


def test_a_notification_whose_link_adds_an_anchor_is_read_on_its_page(told, login):
    rota = reverse("plans:monday_rota", kwargs={"slug": told.cell.slug})
    [note] = notify(
        recipients=[told.leader.user], kind=K.MONDAY_TURN, text="Lượt", link=f"{rota}?year=2026#session-1"
    )
    login(told.leader).get(rota)
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_page_that_no_notification_is_about_reads_them_with_one_query(told, login):
    notify(recipients=[told.member.user], kind=K.PLEDGE_APPROVED, text="Một", link="/somewhere/")
    client = login(told.member)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("notifications:email_preferences"))
    assert [query["sql"].split()[0] for query in queries if "notifications_notification" in query["sql"]] == [
        "SELECT"
    ]
    assert Notification.objects.get(recipient=told.member.user).read_at is None


def test_another_persons_notification_is_not_found(told, login):
    [note] = notify(recipients=[told.other_cell_member.user], kind=K.PLEDGE_APPROVED, text="Khác")
    response = login(told.secretary).post(reverse("notifications:notification_open", kwargs={"pk": note.pk}))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read_leaves_the_others_unread(told, login):
    notify(recipients=[told.member.user, told.leader.user], kind=K.PLEDGE_APPROVED, text="Một")
    notify(recipients=[told.member.user], kind=K.PLEDGE_APPROVED, text="Hai")
    login(told.member).post(reverse("notifications:notifications_read_all"))
    assert Notification.objects.filter(recipient=told.member.user, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(recipient=told.leader.user, read_at__isnull=True).count() == 1


def test_a_person_turns_off_the_email_of_a_kind_and_types_an_address_that_awaits_confirmation(told, login):
    client = login(told.member)
    kinds = [kind for kind in K.values if kind != K.PLEDGE_DEADLINE]
    response = client.post(
        reverse("notifications:email_preferences"), {"email": "dao@example.vn", "kinds": kinds}
    )
    assert response.status_code == 302
    confirmed = told.member.user.email
    told.member.user.refresh_from_db()
    assert told.member.user.email == confirmed  # notices go on to the confirmed address
    preferences = dict(
        EmailPreference.objects.filter(user=told.member.user).values_list("kind", "send_email")
    )
    assert preferences == {kind: kind != K.PLEDGE_DEADLINE for kind in K.values}
    page = client.get(reverse("notifications:email_preferences")).content.decode()
    assert 'value="dao@example.vn"' in page
    assert 'id="email-pending"' in page
    assert f'value="{K.PLEDGE_DEADLINE}"' in page


def test_a_wrong_address_is_refused_and_nothing_is_saved(told, login):
    before = told.member.user.email
    response = login(told.member).post(
        reverse("notifications:email_preferences"), {"email": "not an address"}
    )
    assert response.status_code == 200
    told.member.user.refresh_from_db()
    assert told.member.user.email == before
    assert EmailPreference.objects.count() == 0


def test_the_secretary_sees_who_has_no_email_address(told, login):
    told.member.user.email = ""
    told.member.user.save()
    no_account = make_member_with_account(told.cell, told.group2, full_name="Lý Văn Chưa")
    no_account.user = None
    no_account.save()
    page = login(told.secretary).get(reverse("notifications:email_preferences")).content.decode()
    assert 'id="without-email"' in page
    for name in ("Nguyễn Thị Đào", "Lý Văn Chưa", "Đỗ Văn Khác"):
        assert name in page
    assert "Trần Thị Tổ" not in page
    assert told.other_cell_member.full_name not in page


def test_a_plain_member_does_not_see_who_has_no_email_address(told, login):
    page = login(told.member).get(reverse("notifications:email_preferences")).content.decode()
    assert 'id="without-email"' not in page
