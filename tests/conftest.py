"""Personas for every role, set up around one cell and one other cell."""

import contextlib
import fcntl
import os
from pathlib import Path

import hypothesis
import pytest
from django.test import override_settings
from django.utils import translation

from tests.worlds import demo_rows, world_rows

# `make test` (tests/run_suites.py) runs with HYPOTHESIS_PROFILE=ci: each property test tries
# at most five examples (they cap their own counts at the profile's), without a deadline, since
# a busy machine makes any example slow, and without the example database that workers would share.
hypothesis.settings.register_profile(
    "ci",
    max_examples=5,
    deadline=None,
    database=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# The fixtures through which a test reaches the database: pytest-django refuses it to any other.
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def _reaches_the_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    """`make test` runs the tests that reach no database once, in its first run (tests/run_suites.py):
    pytest-django refuses them the database, so a run on another could tell nothing new."""
    if os.environ.get("CELL05_DATABASE_FREE_TESTS") != "elsewhere":
        return
    elsewhere = [item for item in items if not _reaches_the_database(item)]
    config.hook.pytest_deselected(items=elsewhere)
    items[:] = [item for item in items if _reaches_the_database(item)]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite is tested as it runs: a file in WAL mode that several connections share (the
    default test database is in memory, where a second connection cannot wait for a lock).
    Under xdist the file is in the run's shared folder, as the template of the workers' copies."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = _run_folder(tmp_path_factory) if _worker_id() else tmp_path_factory.mktemp("sqlite")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


def _worker_id() -> str | None:
    """gw0, gw1, … in an xdist worker; None in a run of one process."""
    return os.environ.get("PYTEST_XDIST_WORKER")


def _run_folder(tmp_path_factory) -> Path:
    """The folder every xdist worker of this run shares: each worker's own is in it."""
    return tmp_path_factory.getbasetemp().parent


@contextlib.contextmanager
def _run_lock(folder: Path):
    with (folder / "template.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
    tmp_path_factory,
):
    """Under xdist, each worker's database is a copy of one migrated template: the first worker
    to take the lock migrates it (half a minute of a core), the others copy it (CREATE DATABASE
    ... TEMPLATE on PostgreSQL, a file copy on SQLite), and the last one to finish drops it.
    Otherwise (one process, --reuse-db, --nomigrations) pytest-django's own set-up."""
    from django.conf import settings
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations

    verbosity = request.config.option.verbose
    keepdb = django_db_keepdb and not django_db_createdb
    worker = _worker_id()
    if not django_db_use_migrations:
        _disable_migrations()
    if not worker or keepdb or not django_db_use_migrations or list(settings.DATABASES) != ["default"]:
        with django_db_blocker.unblock():
            databases = setup_databases(
                verbosity=verbosity, interactive=False, keepdb=keepdb, serialized_aliases=set()
            )
        yield
        if not keepdb:
            with django_db_blocker.unblock():
                teardown_databases(databases, verbosity=verbosity)
        return

    connection = connections["default"]
    original_name = connection.settings_dict["NAME"]
    test_settings = connection.settings_dict["TEST"]
    # pytest-django has suffixed the name with the worker's: the template goes without it.
    template = test_settings["NAME"].removesuffix(f"_{worker}")
    test_settings["NAME"] = template
    folder = _run_folder(tmp_path_factory)
    ready = folder / "template.ready"
    with django_db_blocker.unblock(), _run_lock(folder):
        if not ready.exists():
            connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
            ready.touch()
        else:
            connection.settings_dict["NAME"] = template
        # PostgreSQL copies a template only while nobody is connected to it.
        connection.close()
        connection.creation.clone_test_db(suffix=worker, verbosity=verbosity)
        connection.settings_dict.update(connection.creation.get_test_db_clone_settings(worker))
        settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"]
    yield
    with django_db_blocker.unblock(), _run_lock(folder):
        connection.creation.destroy_test_db(original_name, verbosity=verbosity)
        finished = folder / "template.finished"
        with finished.open("a") as record:
            record.write(f"{worker}\n")
        if len(finished.read_text().split()) == int(os.environ["PYTEST_XDIST_WORKER_COUNT"]):
            connection.creation._destroy_test_db(template, verbosity)


@pytest.fixture(scope="session", autouse=True)
def suite_settings():
    """Once for the run, not per test (each change fires Django's setting_changed receivers):
    static files unhashed, since tests run no collectstatic; a fast password hasher, since every
    persona has a password; pages' content not cached unless a test is about the cache
    (tests/test_page_cache.py turns it on with the `settings` fixture, which restores this)."""
    from django.conf import settings

    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        PAGE_CONTENT_CACHE=False,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    """Uploads in the test's own temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def default_language(settings):
    """Each test starts in the site's language: a request read in English leaves English active
    in the thread (LocaleMiddleware does not undo it) for the tests that follow."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def world(db):
    """A cell with two groups and a member of every role; another cell under another committee.
    Built once per process, its rows inserted again in each test (tests/replay.py)."""
    return world_rows()


@pytest.fixture
def demo(db):
    """The demo of `manage.py loaddemo` (three seconds of a core to load): loaded once per
    process, its rows inserted again in each test (tests/replay.py)."""
    demo_rows()


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
