"""The calendar feed (issue 14, item 3): a member's phone polls, without signing in, a secret
address that lists the member's Monday turns, the group's, the cell's study sessions and the
year's pledge deadline, of the member's cell only; the member renews the address on the rota
page, and the old one then answers 404."""

import hashlib
import re
from datetime import date, timedelta

import icalendar
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from cell05.middleware import RENEWED_AT
from members.models import Member
from members.services.members import member_mark_left
from plans.models import CalendarToken
from plans.services.calendar import calendar_address_renew
from tests.factories import StudySessionFactory, make_monday_session, make_story, make_study_year

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday())  # this week's
PASSWORD = "a-long-test-password"


def address_of(member) -> dict[str, str]:
    """A new address of the member's feed, as its key and secret (the secret is kept nowhere)."""
    token, secret, _created = calendar_address_renew(actor=member.user, cell=member.cell)
    return {"key": token.key, "secret": secret}


def feed_url(address: dict[str, str]) -> str:
    return reverse("plans:calendar_feed", kwargs=address)


def shown_address(page: str) -> dict[str, str] | None:
    """The address the rota page shows to copy, if it shows one."""
    found = re.search(r'value="http://testserver/cells/calendar/([^/"]+)/([^/"]+)\.ics"', page)
    return {"key": found[1], "secret": found[2]} if found else None


def events_of(response) -> dict:
    """The events of a feed by UID, read back by the icalendar parser as a phone would."""
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def in_vietnamese(msgid: str, **values) -> str:
    with translation.override("vi"):
        return gettext(msgid) % values if values else gettext(msgid)


@pytest.fixture
def records(world):
    """The own cell's Monday turns, study sessions and this year's deadline, and the same in
    the other cell, on the same days."""
    world.story = make_story(world.cell, "Chiếc đồng hồ")
    world.own_turn = make_monday_session(world.cell, world.group1, MONDAY - timedelta(weeks=2), "held")
    world.own_turn.reader, world.own_turn.story = world.member, world.story
    world.own_turn.save()
    world.group_turn = make_monday_session(world.cell, world.group1, MONDAY + timedelta(weeks=1))
    world.not_held = make_monday_session(world.cell, world.group1, MONDAY - timedelta(weeks=4), "not_held")
    world.other_group_turn = make_monday_session(world.cell, world.group2, MONDAY)
    # The member read for the other group once: the feed keeps that turn too.
    world.read_for_other_group = make_monday_session(
        world.cell, world.group2, MONDAY - timedelta(weeks=3), "held", reader=world.member
    )
    world.too_old = make_monday_session(world.cell, world.group1, date(TODAY.year - 2, 12, 7))
    world.study_year = make_study_year(world.cell, TODAY.year, pledge_deadline=date(TODAY.year, 3, 31))
    world.study_session = StudySessionFactory(
        study_year=world.study_year,
        held_on=date(TODAY.year, 3, 10),
        form="cell_meeting",
        content="Học chuyên đề",
    )
    other_year = make_study_year(world.other_cell, TODAY.year, pledge_deadline=date(TODAY.year, 3, 30))
    world.other_cell_records = [
        make_monday_session(world.other_cell, world.other_group, day)
        for day in (MONDAY - timedelta(weeks=2), MONDAY + timedelta(weeks=1))
    ]
    world.other_study_session = StudySessionFactory(study_year=other_year, held_on=date(TODAY.year, 3, 10))
    world.other_year = other_year
    return world


def test_the_feed_lists_the_groups_turns_the_cells_study_sessions_and_this_years_deadline(records, client):
    response = client.get(feed_url(address_of(records.member)))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = events_of(response)
    assert sorted(events) == sorted(
        [
            f"monday-session-{records.own_turn.pk}@testserver",
            f"monday-session-{records.group_turn.pk}@testserver",
            f"monday-session-{records.not_held.pk}@testserver",
            f"monday-session-{records.read_for_other_group.pk}@testserver",
            f"study-session-{records.study_session.pk}@testserver",
            f"pledge-deadline-{records.study_year.pk}@testserver",
        ]
    )
    own = events[f"monday-session-{records.own_turn.pk}@testserver"]
    assert str(own["summary"]) == in_vietnamese("Monday session: you read (%(group)s)", group="Tổ đảng số 1")
    assert own.start == records.own_turn.day
    assert own.end == records.own_turn.day + timedelta(days=1)
    assert "Chiếc đồng hồ" in str(own["description"])
    group = events[f"monday-session-{records.group_turn.pk}@testserver"]
    assert str(group["summary"]) == in_vietnamese("Monday session: %(group)s", group="Tổ đảng số 1")
    assert events[f"monday-session-{records.not_held.pk}@testserver"]["status"] == "CANCELLED"
    assert str(events[f"monday-session-{records.read_for_other_group.pk}@testserver"]["summary"]) == (
        in_vietnamese("Monday session: you read (%(group)s)", group="Tổ đảng số 2")
    )
    study = events[f"study-session-{records.study_session.pk}@testserver"]
    assert study.start == date(TODAY.year, 3, 10)
    assert str(study["description"]) == "Học chuyên đề"
    deadline = events[f"pledge-deadline-{records.study_year.pk}@testserver"]
    assert (str(deadline["summary"]), deadline.start) == ("Hạn nộp bản đăng ký", date(TODAY.year, 3, 31))
    assert all(event.get("dtstamp") is not None for event in events.values())


def test_the_feed_is_named_and_speaks_vietnamese_whatever_language_the_phone_asks_for(records, client):
    response = client.get(feed_url(address_of(records.member)), HTTP_ACCEPT_LANGUAGE="en")

    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == in_vietnamese(
        "Directive 05 calendar of %(cell)s", cell="Chi bộ Khu phố 1"
    )
    assert str(calendar["x-wr-timezone"]) == "Asia/Ho_Chi_Minh"
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert "Hạn nộp bản đăng ký" in summaries


def test_an_event_keeps_its_uid_from_one_poll_to_the_next(records, client):
    url = feed_url(address_of(records.member))

    first, second = events_of(client.get(url)), events_of(client.get(url))

    assert sorted(first) == sorted(second)
    assert len(first) == 6


def test_the_feed_never_shows_another_cells_records(records, client):
    own = events_of(client.get(feed_url(address_of(records.member))))
    other = events_of(client.get(feed_url(address_of(records.other_cell_member))))

    assert sorted(other) == sorted(
        [f"monday-session-{session.pk}@testserver" for session in records.other_cell_records]
        + [
            f"study-session-{records.other_study_session.pk}@testserver",
            f"pledge-deadline-{records.other_year.pk}@testserver",
        ]
    )
    assert set(own) & set(other) == set()


def test_the_feed_of_the_other_group_lists_its_turns_and_not_those_of_the_members_group(records, client):
    events = events_of(client.get(feed_url(address_of(records.other_group_member))))

    assert sorted(uid for uid in events if uid.startswith("monday")) == sorted(
        f"monday-session-{session.pk}@testserver"
        for session in (records.other_group_turn, records.read_for_other_group)
    )
    assert str(events[f"monday-session-{records.other_group_turn.pk}@testserver"]["summary"]) == (
        in_vietnamese("Monday session: %(group)s", group="Tổ đảng số 2")
    )


def test_renewing_the_address_makes_the_old_one_answer_404(world, client):
    old = address_of(world.member)
    old_url = feed_url(old)
    assert client.get(old_url).status_code == 200

    new, secret, created = calendar_address_renew(actor=world.member.user, cell=world.cell)

    assert created is False
    assert client.get(old_url).status_code == 404
    assert client.get(feed_url({"key": new.key, "secret": secret})).status_code == 200
    assert CalendarToken.objects.filter(member=world.member).count() == 1
    history = list(new.history.order_by("history_date").values_list("history_change_reason", "history_user"))
    assert history == [("calendar.created", world.member.user.pk), ("calendar.renewed", world.member.user.pk)]
    # The history says who renewed and when, never what the secret was.
    assert {"secret", "secret_hash"}.isdisjoint(
        field.name for field in type(new.history.first())._meta.fields
    )


def test_the_renew_button_gives_a_new_address_and_says_so(world, login):
    old = address_of(world.member)
    client = login(world.member)

    response = client.post(reverse("plans:calendar_renew", kwargs={"slug": world.cell.slug}), follow=True)

    new = CalendarToken.objects.get(member=world.member)
    assert response.redirect_chain[-1][0].endswith("#calendar")
    page = response.content.decode()
    shown = shown_address(page)
    assert shown["key"] == new.key != old["key"]
    assert CalendarToken.hash_secret(shown["secret"]) == new.secret_hash
    assert feed_url(old) not in page
    assert [str(message) for message in response.context["messages"]] == [
        gettext(
            "Your calendar has a new address and the old one no longer works: "
            "add the new one to your phone's calendar."
        )
    ]


@pytest.mark.parametrize(
    "address",
    [
        lambda address: {
            "key": address["key"],
            "secret": address["secret"][:-1] + ("B" if address["secret"].endswith("A") else "A"),
        },
        lambda address: {
            "key": ("y" if address["key"].startswith("x") else "x") + address["key"][1:],
            "secret": address["secret"],
        },
    ],
    ids=["wrong-secret", "unknown-key"],
)
def test_a_wrong_address_answers_404(world, client, address):
    response = client.get(feed_url(address(address_of(world.member))))

    assert response.status_code == 404


def test_a_member_who_left_the_cell_gets_404(world, client):
    url = feed_url(address_of(world.member))
    Member.objects.filter(pk=world.member.pk).update(left_on=TODAY, left_reason="transfer")

    assert client.get(url).status_code == 404


def test_a_member_whose_account_is_closed_gets_404(world, client):
    url = feed_url(address_of(world.member))
    world.member.user.is_active = False
    world.member.user.save()

    assert client.get(url).status_code == 404


def test_the_feed_neither_asks_to_sign_in_nor_touches_a_session(world, client):
    url = feed_url(address_of(world.member))

    response = client.get(url)

    assert response.status_code == 200
    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")
    assert set(response["Cache-Control"].split(", ")) == {"private", "max-age=3600"}
    # Opened in a browser that is signed in, the feed neither renews nor ends that session.
    client.force_login(world.secretary.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response.cookies == {}
    assert RENEWED_AT not in client.session


def test_the_feed_makes_the_same_number_of_queries_for_3_and_30_sessions(world, client):
    year = make_study_year(world.cell, TODAY.year, pledge_deadline=date(TODAY.year, 3, 31))
    url = feed_url(address_of(world.member))

    def add(count, start):
        for week in range(count):
            day = MONDAY - timedelta(weeks=start + week)
            make_monday_session(world.cell, world.group1, day, "held", story=make_story(world.cell))
            StudySessionFactory(study_year=year, held_on=day)

    add(3, 0)
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    add(27, 3)
    assert len(events_of(client.get(url))) == 61
    assert count() == few


def test_the_rota_page_offers_to_make_the_address_then_shows_it_to_copy(world, login):
    client = login(world.member)
    rota = reverse("plans:monday_rota", kwargs={"slug": world.cell.slug})
    renew = reverse("plans:calendar_renew", kwargs={"slug": world.cell.slug})

    before = client.get(rota).content.decode()
    assert f'action="{renew}"' in before
    assert "webcal://" not in before

    client.post(renew)

    page = client.get(rota).content.decode()
    url = feed_url(shown_address(page))
    assert f'value="webcal://testserver{url}"' in page
    assert f'value="http://testserver{url}"' in page
    assert 'data-copy="calendar-webcal"' in page
    assert "js/copy.js" in page


def test_the_superior_office_sees_the_rota_without_a_calendar_of_its_own(world, login):
    page = login(world.staff).get(reverse("plans:monday_rota", kwargs={"slug": world.cell.slug}))

    assert page.status_code == 200
    assert page.context["calendar"] is None
    assert reverse("plans:calendar_renew", kwargs={"slug": world.cell.slug}) not in page.content.decode()


def test_the_database_keeps_only_the_secrets_hash(world, client):
    address = address_of(world.member)

    row = CalendarToken.objects.filter(member=world.member).values().get()

    assert row["secret_hash"] == hashlib.sha256(address["secret"].encode()).hexdigest()
    assert not any(address["secret"] in str(value) for value in row.values())
    assert client.get(feed_url(address)).status_code == 200


def test_the_address_is_shown_once_then_the_page_offers_a_new_one(world, login):
    client = login(world.member)
    rota = reverse("plans:monday_rota", kwargs={"slug": world.cell.slug})
    client.post(reverse("plans:calendar_renew", kwargs={"slug": world.cell.slug}))

    first = client.get(rota).content.decode()
    again = client.get(rota).content.decode()

    address = shown_address(first)
    assert (
        in_vietnamese(
            "This address is shown only this once: add it to your calendar now, or copy it somewhere safe. "
            "cell05 keeps only a fingerprint of it and cannot show it again."
        )
        in first
    )
    assert address["secret"] not in again
    assert shown_address(again) is None
    made_on = CalendarToken.objects.get(member=world.member).renewed_at
    assert (
        in_vietnamese(
            "Your calendar address was made on %(day)s. It was shown only then, and cannot be shown again: "
            "cell05 keeps only a fingerprint of it. If your calendar no longer has it, or someone else may "
            "have seen it, make a new one.",
            day=timezone.localtime(made_on).strftime("%d/%m/%Y"),
        )
        in again
    )
    assert in_vietnamese("Make a new address") in again
    # The address shown still works: showing it once did not renew it.
    assert client.get(feed_url(address)).status_code == 200


def test_a_reopened_account_gets_a_new_address_and_the_old_one_stays_dead(world, client, login):
    url = feed_url(address_of(world.member))
    user = world.member.user
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()

    assert client.get(url).status_code == 404
    assert not CalendarToken.objects.filter(member=world.member).exists()
    page = login(world.member).get(reverse("plans:monday_rota", kwargs={"slug": world.cell.slug}))
    assert in_vietnamese("Make my calendar address") in page.content.decode()
    assert client.get(feed_url(address_of(world.member))).status_code == 200
    assert client.get(url).status_code == 404


def test_a_member_marked_as_left_loses_the_calendar_address(world, client):
    url = feed_url(address_of(world.member))

    member_mark_left(actor=world.secretary.user, member=world.member, left_on=TODAY, reason="transfer")

    assert not CalendarToken.objects.filter(member=world.member).exists()
    assert client.get(url).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_an_address_made_before_the_hashes_keeps_working_after_the_migration(world, client):
    executor = MigrationExecutor(connection)
    before, after = ("plans", "0006_calendar_token"), ("plans", "0007_calendar_secret_hash")
    executor.migrate([before])
    old_apps = executor.loader.project_state([before]).apps
    old_apps.get_model("plans", "CalendarToken").objects.create(
        member_id=world.member.pk, key="old-key", secret="old-secret", renewed_at=timezone.now()
    )

    executor.loader.build_graph()
    executor.migrate([after])
    # Then up to today's schema, which the feed's page reads (and the next tests expect).
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert client.get(feed_url({"key": "old-key", "secret": "old-secret"})).status_code == 200
    assert client.get(feed_url({"key": "old-key", "secret": "old-secre"})).status_code == 404
