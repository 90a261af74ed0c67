"""Personas for every role, set up around one cell and one other cell."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from members.choices import CellRole
from tests.factories import make_cell, make_committee, make_group, make_member_with_account, make_user


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite is tested as it runs: a file in WAL mode that several connections share (the
    default test database is in memory, where a second connection cannot wait for a lock)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3")


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    """Uploads in a temporary folder; static files unhashed, since tests run no collectstatic;
    a fast password hasher, since every persona has a password; pages' content not cached."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A page's content comes fresh unless its test is about the cache (tests/test_page_cache.py).
    settings.PAGE_CONTENT_CACHE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def default_language(settings):
    """Each test starts in the site's language: a request read in English leaves English active
    in the thread (LocaleMiddleware does not undo it) for the tests that follow."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def world(db):
    """A cell with two groups and a member of every role; another cell under another committee."""
    committee = make_committee("Đảng ủy phường Ba Đình")
    cell = make_cell(committee, name="Chi bộ Khu phố 1", slug="khu-pho-1")
    group1 = make_group(cell, 1)
    group2 = make_group(cell, 2)
    secretary = make_member_with_account(cell, group1, role=CellRole.SECRETARY, full_name="Hoàng Văn Bí")
    deputy = make_member_with_account(cell, group1, role=CellRole.DEPUTY_SECRETARY, full_name="Phạm Thị Phó")
    committee_member = make_member_with_account(
        cell, group2, role=CellRole.COMMITTEE_MEMBER, full_name="Lê Văn Ủy"
    )
    leader = make_member_with_account(cell, group1, full_name="Trần Thị Tổ")
    group1.leader = leader
    group1.save()
    member = make_member_with_account(cell, group1, full_name="Nguyễn Thị Đào")
    other_group_member = make_member_with_account(cell, group2, full_name="Đỗ Văn Khác")
    staff = make_user("vanphong-test")
    committee.staff.add(staff)

    other_committee = make_committee("Đảng ủy xã Khác")
    other_cell = make_cell(other_committee, name="Chi bộ Thôn 2", slug="thon-2")
    other_group = make_group(other_cell, 1)
    other_secretary = make_member_with_account(other_cell, other_group, role=CellRole.SECRETARY)
    other_cell_member = make_member_with_account(other_cell, other_group)
    return SimpleNamespace(
        committee=committee,
        cell=cell,
        group1=group1,
        group2=group2,
        secretary=secretary,
        deputy=deputy,
        committee_member=committee_member,
        leader=leader,
        member=member,
        other_group_member=other_group_member,
        staff=staff,
        other_cell=other_cell,
        other_group=other_group,
        other_secretary=other_secretary,
        other_cell_member=other_cell_member,
    )


@pytest.fixture
def login(client):
    """Sign the test client in as a user (or a member's user) and return it."""

    def sign_in(person):
        user = getattr(person, "user", person)
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def run_jobs(monkeypatch):
    """Run the worker until the queue is empty, as `manage.py db_worker --batch` does, inside
    the test's transaction (the worker's connection check would otherwise close it)."""
    from django_tasks_db.management.commands import db_worker

    from jobs.worker import Worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run(max_tasks=None):
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=max_tasks,
            worker_id="tests",
            excluded_queue_names=[],
        ).run()

    return run
