"""Who gets what on every page of the site (issue 6, "Access"): one table.

Every URL pattern of the project, read from the URLconf, so that a new page without an entry
here fails; every role; every method the page accepts (and the wrong one of a POST-only
action) -> the exact answer. Object pages are also tried with another member's records and
with another cell's records: a member never learns that another member's record exists (404,
not 403), and nothing of another cell is ever found (404).

The rules as they are meant: anonymous visitors are sent to the sign-in page (302); anything
of another cell answers 404; a member who may see a page but lacks the permission for it gets
403; a record the user may not see answers 404; a wrong method answers 405.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import URLResolver, get_resolver, reverse

from jobs.models import Job
from members.choices import CommitteeKind
from reports.services.committees import cell_former_committee_add
from tests.authorization_pages import DAY, ROLES, WRONG_METHOD, Scope
from tests.authorization_table import TABLE
from tests.factories import (
    make_committee,
    make_user,
)

pytestmark = pytest.mark.django_db

# The Django admin is left out: it is for superusers only and Django guards it itself (every
# page asks for a signed-in staff user); tests/test_admin.py covers it.
EXCLUDED_NAMESPACES = {"admin"}


@pytest.fixture
def site(world):
    """The world of tests/conftest.py, the records of its cell and of the other cell, and
    the user of each role."""
    own = Scope(
        cell=world.cell,
        group=world.group1,
        other_group=world.group2,
        member=world.member,
        leader=world.leader,
        other_group_member=world.other_group_member,
        secretary=world.secretary,
        year=2026,
    )
    other = Scope(
        cell=world.other_cell,
        group=world.other_group,
        other_group=world.other_group,
        member=world.other_cell_member,
        leader=world.other_secretary,
        other_group_member=world.other_cell_member,
        secretary=world.other_secretary,
        year=2025,
    )
    users = {
        "anonymous": None,
        "member": world.member.user,
        "leader": world.leader.user,
        "committee": world.committee_member.user,
        "secretary": world.secretary.user,
        "staff": world.staff,
        "other_secretary": world.other_secretary.user,
    }
    return SimpleNamespace(world=world, own=own, other=other, users=users)


def url_patterns(resolver=None, namespace=""):
    """(name, pattern) of every pattern of the URLconf, the name prefixed by its namespace."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, inner)
        else:
            yield (namespace + pattern.name if pattern.name else None), pattern


NAMED = dict(url_patterns())


def test_every_page_of_the_urlconf_has_an_entry_in_the_table():
    patterns = list(url_patterns())
    assert [str(pattern.pattern) for name, pattern in patterns if name is None] == []
    assert sorted({name for name, _pattern in patterns} - set(TABLE)) == []


def test_every_entry_of_the_table_is_a_page_of_the_urlconf():
    assert sorted(set(TABLE) - {name for name, _pattern in url_patterns()}) == []


def converters(name) -> set[str]:
    """The arguments of a page's address (none for a stale entry, which a test above reports)."""
    return set(NAMED[name].pattern.converters) if name in NAMED else set()


def needs_slug(name):
    return "slug" in converters(name)


def is_object_page(name):
    """A page of one record: its address names more than the cell."""
    return bool(converters(name) - {"slug"})


def url_of(name, scope, *, slug_of=None, kwargs=None):
    kwargs = dict(TABLE[name].kwargs(scope) if kwargs is None else kwargs)
    if needs_slug(name):
        kwargs["slug"] = (slug_of or scope).cell.slug
    return reverse(name, kwargs=kwargs) + TABLE[name].query


def footprint():
    """How many rows every history table, the user table and the job table hold, in one
    query: every change of cell05 is recorded in a history table, a new account is a new user,
    and long work is a new job."""
    models = [model for model in apps.get_models() if model.__name__.startswith("Historical")]
    tables = [model._meta.db_table for model in [*models, get_user_model(), Job]]
    # The table names come from the models, not from any input.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return cursor.fetchone()


def send(client, method, url, data):
    return client.get(url) if method == "GET" else client.post(url, data)


def signed_in(client, site, role):
    if site.users[role] is not None:
        client.force_login(site.users[role])
    return client


CASES = [
    pytest.param(name, method, role, status, id=f"{name}-{method}-{role}")
    for name, page in TABLE.items()
    for method, statuses in page.answers.items()
    for role, status in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("name", "method", "role", "status"), CASES)
def test_each_role_gets_the_exact_answer(site, client, name, method, role, status):
    page = TABLE[name]
    url = url_of(name, site.own)
    data = page.data(site.own) if method == "POST" else None
    client = signed_in(client, site, role)
    before = footprint() if method == "POST" else None

    response = send(client, method, url, data)

    assert response.status_code == status
    if status == 302 and role == "anonymous" and not page.public:
        assert response["Location"].startswith(reverse("login") + "?next=")
    if method == "POST" and status in (403, 404, 405):
        assert footprint() == before
    elif method == "POST" and status == 302 and role != "anonymous":
        assert not response["Location"].startswith(reverse("login") + "?")
        if page.writes:
            assert footprint() != before


# The records of another cell, under the own cell's address and under the other cell's, tried
# by every role that opens the page with the own cell's record: the secretary, and the superior
# office where it may read (its committee is not the other cell's). A public page's address is
# its own key, whoever asks: tests/plans/test_calendar.py shows that a feed holds its own cell's
# records only.
def first_method(page):
    return "GET" if page.answers.get("GET", WRONG_METHOD) != WRONG_METHOD else "POST"


def opens_own_record(page, role):
    return page.answers[first_method(page)][ROLES.index(role)] in (200, 302)


FOREIGN_CASES = [
    pytest.param(name, slug_of, role, id=f"{name}-under-{slug_of}-slug-{role}")
    for name, page in TABLE.items()
    if is_object_page(name) and not page.public
    for slug_of in (("own", "other") if needs_slug(name) else ("none",))
    for role in ("secretary", "staff")
    if opens_own_record(page, role)
]


@pytest.mark.parametrize(("name", "slug_of", "role"), FOREIGN_CASES)
def test_records_of_another_cell_are_not_found(site, client, name, slug_of, role):
    page = TABLE[name]
    method = first_method(page)
    kwargs = page.foreign_kwargs(site.own, site.other) if page.foreign_kwargs else page.kwargs(site.other)
    url = url_of(name, site.other, slug_of={"own": site.own, "other": site.other}.get(slug_of), kwargs=kwargs)
    data = page.data(site.own) if method == "POST" else None
    client = signed_in(client, site, role)
    before = footprint()

    response = send(client, method, url, data)

    assert response.status_code == 404
    assert footprint() == before


# Another member's records, in the own cell: (page, method, role, whose record, its arguments,
# the answer). The plain member is in group 1, led by the leader; group 2 has no leader.
ANOTHER_MEMBER = [
    ("members:member_detail", "GET", "member", "same-group", lambda s: {"pk": s.leader.pk}, 404),
    ("members:member_detail", "GET", "member", "other-group", lambda s: {"pk": s.other_group_member.pk}, 404),
    ("members:member_detail", "GET", "leader", "other-group", lambda s: {"pk": s.other_group_member.pk}, 404),
    ("members:member_update", "GET", "member", "other-group", lambda s: {"pk": s.other_group_member.pk}, 404),
    ("members:member_leave", "POST", "member", "same-group", lambda s: {"pk": s.leader.pk}, 404),
    (
        "plans:pledge_detail",
        "GET",
        "member",
        "same-group",
        lambda s: {"pk": s.pledge("draft", s.leader).pk},
        404,
    ),
    (
        "plans:pledge_detail",
        "GET",
        "member",
        "other-group",
        lambda s: {"pk": s.pledge("draft", s.other_group_member).pk},
        404,
    ),
    (
        "plans:pledge_detail",
        "GET",
        "leader",
        "other-group",
        lambda s: {"pk": s.pledge("draft", s.other_group_member).pk},
        404,
    ),
    (
        "plans:pledge_pdf",
        "GET",
        "member",
        "other-group",
        lambda s: {"pk": s.pledge("submitted", s.other_group_member).pk},
        404,
    ),
    (
        "plans:pledge_edit",
        "POST",
        "member",
        "same-group",
        lambda s: {"pk": s.pledge("draft", s.leader).pk},
        404,
    ),
    (
        "plans:pledge_submit",
        "POST",
        "member",
        "same-group",
        lambda s: {"pk": s.pledge("draft", s.leader).pk},
        404,
    ),
    (
        "plans:pledge_approve",
        "POST",
        "leader",
        "other-group",
        lambda s: {"pk": s.pledge("submitted", s.other_group_member).pk},
        404,
    ),
    (
        "plans:pledge_assess",
        "GET",
        "member",
        "same-group",
        lambda s: {"pk": s.pledge("approved", s.leader).pk},
        404,
    ),
    (
        "plans:pledge_reflection_file",
        "GET",
        "member",
        "same-group",
        lambda s: {"pk": s.pledge("submitted", s.leader).pk},
        404,
    ),
    (
        "oversight:case_detail",
        "GET",
        "member",
        "other-group",
        lambda s: {"pk": s.concluded(s.other_group_member).pk},
        404,
    ),
    (
        "oversight:case_attachment",
        "GET",
        "member",
        "same-group",
        lambda s: {"pk": s.concluded(s.leader).pk},
        404,
    ),
    # The leader reads the own group's pledges, not the cases about its members.
    ("oversight:case_detail", "GET", "leader", "same-group", lambda s: {"pk": s.concluded_case.pk}, 404),
    ("oversight:case_remedied", "POST", "leader", "same-group", lambda s: {"pk": s.concluded_case.pk}, 404),
    # The own case is not shown before it is concluded.
    ("oversight:case_detail", "GET", "member", "own-open-case", lambda s: {"pk": s.open_case.pk}, 404),
    # The rota is open to every member, so another group's session is no secret: 403.
    ("plans:monday_record", "GET", "leader", "other-group", lambda s: {"pk": s.other_group_session.pk}, 403),
    ("plans:monday_record", "POST", "leader", "other-group", lambda s: {"pk": s.other_group_session.pk}, 403),
]


@pytest.mark.parametrize(
    ("name", "method", "role", "kwargs", "status"),
    [
        pytest.param(name, method, role, kwargs, status, id=f"{name}-{method}-{role}-{whose}")
        for name, method, role, whose, kwargs, status in ANOTHER_MEMBER
    ],
)
def test_a_member_never_learns_that_another_members_record_exists(
    site, client, name, method, role, kwargs, status
):
    url = url_of(name, site.own, kwargs=kwargs(site.own))
    client = signed_in(client, site, role)
    before = footprint()

    response = send(client, method, url, {"version": 1, "day": DAY["day"], "left_on": "01/11/2026"})

    assert response.status_code == status
    assert footprint() == before


# Issue 27: every page of the cell, tried by the office of a committee the cell has left (it reads
# only what is dated before the move, tests/reports/test_cell_moves.py, and changes nothing) and
# by the office of a committee that never held the cell (it finds nothing).
CELL_PAGES = [
    (name, method)
    for name, page in TABLE.items()
    if needs_slug(name) and not page.public
    for method in page.answers
    if page.answers[method] != WRONG_METHOD or method == "POST"
]


def former_office_site(site):
    """The table's cell recorded as under a district until 30/06/2025, and that district's office."""
    district = make_committee("Đảng bộ huyện Ba Vì", kind=CommitteeKind.DISTRICT, code="HU")
    cell_former_committee_add(
        actor=site.world.staff, cell=site.own.cell, committee=district, last_day=date(2025, 6, 30)
    )
    office = make_user("vanphong-huyen")
    district.staff.add(office)
    return office


@pytest.mark.parametrize(("name", "method"), [p for p in CELL_PAGES if p[1] == "POST"])
def test_the_former_office_changes_nothing_in_the_cell(site, client, name, method):
    client.force_login(former_office_site(site))
    url, data = url_of(name, site.own), TABLE[name].data(site.own)
    before = footprint()

    response = send(client, method, url, data)

    assert response.status_code in (403, 404)
    assert footprint() == before


@pytest.mark.parametrize(("name", "method"), CELL_PAGES)
def test_an_office_that_never_held_the_cell_finds_nothing_of_it(site, client, name, method):
    office = make_user("vanphong-khac")
    make_committee("Đảng bộ xã Hoa Thành", kind=CommitteeKind.COMMUNE).staff.add(office)
    client.force_login(office)
    url, data = url_of(name, site.own), TABLE[name].data(site.own) if method == "POST" else None
    before = footprint()

    response = send(client, method, url, data)

    assert response.status_code == 404
    assert footprint() == before
