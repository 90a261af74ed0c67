"""The content of the pages people reload, kept in the cache (cell05.page_cache): every input
of a cached page changes it, one viewer never sees another's, and a server that cannot reach
the shared cache serves its pages uncached."""

import logging
import re
from datetime import date, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cell05 import cache_backends
from members.services.cells import committee_update
from members.services.groups import group_rename
from members.services.members import member_move
from plans.choices import PledgeState
from plans.models import Pledge, PledgeItem
from plans.services import years as year_services
from tests.factories import (
    make_cell,
    make_member,
    make_member_with_account,
    make_pledge,
    make_study_year,
    make_user,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


def at(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9))


@pytest.fixture(autouse=True)
def cached_pages(settings, monkeypatch):
    """Pages cached, from an empty cache, on a fixed day."""
    settings.PAGE_CONTENT_CACHE = True
    cache.clear()
    monkeypatch.setattr(timezone, "now", lambda: at(TODAY))
    yield
    cache.clear()


@pytest.fixture
def pages(world):
    """The world with the year 2026 (pledges due on 01/12), the member's approved pledge and a
    pledge of the other group's member still a draft."""
    world.study_year = make_study_year(world.cell, 2026, pledge_deadline=date(2026, 12, 1))
    world.pledge = make_pledge(world.member, world.study_year, state=PledgeState.APPROVED)
    world.draft = make_pledge(world.other_group_member, world.study_year, state=PledgeState.DRAFT)
    world.urls = {
        "year": reverse("plans:year_detail", kwargs={"slug": world.cell.slug, "year": 2026}),
        "members": reverse("members:member_list", kwargs={"slug": world.cell.slug}),
        "pledge": world.pledge.get_absolute_url(),
        "table": reverse("reports:committee_table", kwargs={"pk": world.committee.pk}),
        "home": reverse("home"),
    }
    return world


def main_of(response) -> str:
    """The page's <main>, with the CSRF tokens (masked anew at every request) blanked."""
    assert response.status_code == 200
    text = response.content.decode()
    main = text[text.index("<main") : text.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken" value=""', main)


def fresh(client, settings, url) -> str:
    settings.PAGE_CONTENT_CACHE = False
    try:
        return main_of(client.get(url))
    finally:
        settings.PAGE_CONTENT_CACHE = True


def rename_member(world):
    world.member.full_name = "Nguyễn Thị Mới"
    world.member.save()


def rename_group(world):
    group_rename(actor=world.secretary.user, group=world.group1, name="Tổ đảng Khối Mới", on=date(2026, 1, 1))


def change_theme(world):
    world.study_year.theme = "Chuyên đề mới về nêu gương"
    world.study_year.save()


def add_key_content(world):
    year = world.study_year
    year_services.study_year_save(
        actor=world.secretary.user,
        cell=world.cell,
        year=2026,
        theme=year.theme,
        pledge_deadline=year.pledge_deadline,
        key_contents=["Nêu gương trong sinh hoạt"],
        study_year=year,
        version=year.version,
    )


def submit_draft(world):
    world.draft.state = PledgeState.SUBMITTED
    world.draft.save()


def begin_pledge_without_stamp(world):
    # A save that renews no figures stamp (a draft, issue 30 item 1): only the pledges' versions see it.
    Pledge.objects.bulk_create([Pledge(member=world.secretary, study_year=world.study_year)])


def edit_item_without_stamp(world):
    PledgeItem.objects.filter(pledge=world.pledge, order=1).update(action="Việc làm theo đã sửa")
    Pledge.objects.filter(pk=world.pledge.pk).update(version=F("version") + 1)


def add_member(world):
    make_member(world.cell, world.group2, full_name="Bùi Văn Mới")


def move_member(world):
    member_move(actor=world.secretary.user, member=world.member, group=world.group2)


def rename_committee(world):
    committee_update(
        actor=world.staff,
        committee=world.committee,
        data={
            "name": "Đảng ủy phường Mới",
            "code": world.committee.code,
            "place": world.committee.place,
            "superior_name": world.committee.superior_name,
        },
        version=world.committee.version,
    )


def add_cell(world):
    make_cell(world.committee, name="Chi bộ Khu phố 9", slug="khu-pho-9")


def staff_another_committee(world):
    world.other_cell.committee.staff.add(world.staff)


def next_day(world, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(date(2026, 12, 2)))


def english(world, client):
    client.cookies["django_language"] = "en"


# (page, viewer, what changes). Each page's inputs: what it shows, who sees it, the query, the
# language and the day.
INPUTS = [
    ("year", "secretary", change_theme),
    ("year", "secretary", add_key_content),
    ("year", "secretary", rename_member),
    ("year", "secretary", rename_group),
    ("year", "secretary", submit_draft),
    ("year", "secretary", begin_pledge_without_stamp),
    ("year", "secretary", english),
    ("year", "leader", begin_pledge_without_stamp),
    ("members", "secretary", rename_member),
    ("members", "secretary", add_member),
    ("members", "secretary", move_member),
    ("members", "secretary", rename_group),
    ("members", "member", english),
    ("pledge", "member", edit_item_without_stamp),
    ("pledge", "member", change_theme),
    ("pledge", "member", rename_member),
    ("pledge", "member", rename_group),
    ("pledge", "member", next_day),
    ("pledge", "member", english),
    ("table", "staff", add_member),
    ("table", "staff", rename_committee),
    ("table", "staff", add_cell),
    ("table", "staff", english),
    ("home", "staff", add_member),
    ("home", "staff", rename_committee),
    ("home", "staff", add_cell),
    ("home", "staff", staff_another_committee),
    ("home", "staff", next_day),
    ("home", "staff", english),
]


@pytest.mark.parametrize(
    ("page", "viewer", "change"), INPUTS, ids=lambda value: getattr(value, "__name__", value)
)
def test_a_change_of_an_input_of_a_cached_page_shows_on_it(
    pages, client, login, settings, monkeypatch, page, viewer, change
):
    client = login(getattr(pages, viewer))
    url = pages.urls[page]
    before = main_of(client.get(url))
    assert main_of(client.get(url)) == before

    arguments = {"world": pages, "client": client, "monkeypatch": monkeypatch}
    change(**{name: arguments[name] for name in change.__code__.co_varnames[: change.__code__.co_argcount]})
    # Signed in again: a session left idle over the next day has expired.
    login(getattr(pages, viewer))

    after = main_of(client.get(url))
    assert after != before
    assert after == fresh(client, settings, url)


@pytest.mark.parametrize(
    ("page", "query"),
    [("year", "?state=submitted"), ("members", "?q=dao"), ("table", "?start=2025&end=2026")],
)
def test_a_cached_page_follows_its_query(pages, client, login, settings, page, query):
    client = login(pages.staff if page == "table" else pages.secretary)
    url = pages.urls[page]
    before = main_of(client.get(url))

    filtered = main_of(client.get(url + query))

    assert filtered != before
    assert filtered == fresh(client, settings, url + query)


@pytest.mark.parametrize(
    ("page", "first", "second"),
    [
        ("year", "secretary", "member"),
        ("year", "secretary", "leader"),
        ("year", "secretary", "staff"),
        ("members", "secretary", "staff"),
        ("year", "member", "other_member_same_group"),
        ("members", "secretary", "member"),
        ("pledge", "member", "secretary"),
        ("pledge", "member", "leader"),
        ("home", "staff", "other_staff"),
    ],
)
def test_one_viewers_cached_content_is_never_shown_to_another(
    pages, client, login, settings, page, first, second
):
    pages.other_member_same_group = make_member_with_account(pages.cell, pages.group1, full_name="Vũ Thị Bạn")
    pages.other_staff = make_user("vanphong-khac")
    pages.other_cell.committee.staff.add(pages.other_staff)
    url = pages.urls[page]
    shown = main_of(login(getattr(pages, first)).get(url))

    client.logout()
    seen = main_of(login(getattr(pages, second)).get(url))

    assert seen != shown
    assert seen == fresh(client, settings, url)


def test_the_other_cells_secretary_does_not_reach_a_cached_page(pages, client, login):
    login(pages.secretary).get(pages.urls["year"])
    client.logout()

    assert login(pages.other_secretary).get(pages.urls["year"]).status_code == 404


def test_a_cached_form_carries_the_token_of_each_request(pages, client, login):
    client = login(pages.secretary)
    client.get(pages.urls["year"])
    page = client.get(pages.urls["year"]).content.decode()

    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', page)
    assert "csrf-slot" not in page
    assert len(tokens) == 3  # the approval of the pledges in the content; the sign-out; the language
    assert all(len(token) == 64 for token in tokens)


def test_a_server_that_cannot_reach_the_shared_cache_serves_the_page_uncached(
    pages, client, login, settings, monkeypatch, caplog
):
    monkeypatch.setattr(cache_backends, "_said", False)
    settings.CACHES = {
        "default": {
            "BACKEND": "cell05.cache_backends.TolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    client = login(pages.secretary)

    with caplog.at_level(logging.WARNING, logger="cell05.cache"):
        first = client.get(pages.urls["year"])
        second = client.get(pages.urls["year"])

    assert main_of(first) == main_of(second) == fresh(client, settings, pages.urls["year"])
    assert "Chuyên đề năm 2026" in main_of(second)
    said = [record for record in caplog.records if record.name == "cell05.cache"]
    assert len(said) == 1
    assert "cannot be reached" in said[0].getMessage()


@pytest.mark.parametrize(
    ("page", "viewer"),
    [
        ("year", "secretary"),
        ("members", "secretary"),
        ("pledge", "member"),
        ("table", "staff"),
        ("home", "staff"),
    ],
)
def test_a_reloaded_page_takes_its_content_from_the_cache(pages, login, page, viewer):
    client = login(getattr(pages, viewer))
    url = pages.urls[page]
    with CaptureQueriesContext(connection) as first:
        shown = main_of(client.get(url))
    with CaptureQueriesContext(connection) as again:
        reloaded = main_of(client.get(url))

    assert reloaded == shown
    assert len(again) < len(first)
