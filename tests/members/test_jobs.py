"""The previewed file holds personal data: the worker deletes it on import, and the purge after
an hour (members/jobs.py).
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from members import import_file
from members.jobs import purge_import_previews, purge_import_previews_later
from members.models import Member
from tests.members.helpers import csv_of, import_url, person_row

pytestmark = pytest.mark.django_db


def previewed_files() -> list[str]:
    try:
        return sorted(default_storage.listdir(import_file.PREVIEW_FOLDER)[1])
    except FileNotFoundError:
        return []


@pytest.fixture
def clock(monkeypatch):
    """The clock by which the previewed files age, set by the test."""
    now = SimpleNamespace(value=timezone.now())
    monkeypatch.setattr(import_file, "timezone", SimpleNamespace(now=lambda: now.value))
    return now


def test_the_worker_deletes_the_file_it_imported(world, login, run_jobs):
    client = login(world.secretary)
    client.post(import_url(world), {"file": csv_of(person_row(1))})
    assert len(previewed_files()) == 1
    client.post(import_url(world, "_confirm"))
    run_jobs()
    assert Member.objects.filter(full_name="Người Thứ 1").exists()
    assert previewed_files() == []


def test_cancel_deletes_the_previewed_file_and_imports_nothing(world, login):
    client = login(world.secretary)
    preview = client.post(import_url(world), {"file": csv_of(person_row(1))})
    assert (
        reverse("members:member_import_cancel", kwargs={"slug": world.cell.slug}) in preview.content.decode()
    )
    assert len(previewed_files()) == 1
    cancelled = client.post(import_url(world, "_cancel"))
    assert cancelled["Location"] == reverse("members:member_list", kwargs={"slug": world.cell.slug})
    assert previewed_files() == []
    confirmed = client.post(import_url(world, "_confirm"))
    assert confirmed["Location"] == import_url(world)
    assert not Member.objects.filter(full_name="Người Thứ 1").exists()


def test_a_new_upload_deletes_the_file_previewed_before_it(world, login):
    client = login(world.secretary)
    client.post(import_url(world), {"file": csv_of(person_row(1))})
    first = previewed_files()
    client.post(import_url(world), {"file": csv_of(person_row(2))})
    assert len(previewed_files()) == 1
    assert previewed_files() != first


def test_previewed_files_older_than_an_hour_are_deleted_at_the_next_preview(world, login, client, clock):
    login(world.secretary).post(import_url(world), {"file": csv_of(person_row(1))})
    left_behind = previewed_files()
    other = Client()
    other.force_login(world.deputy.user)
    clock.value += timedelta(minutes=59)
    other.post(import_url(world), {"file": csv_of(person_row(2))})
    assert set(left_behind) < set(previewed_files())
    clock.value += timedelta(minutes=2)
    other.post(import_url(world), {"file": csv_of(person_row(3))})
    assert len(previewed_files()) == 1
    assert not set(left_behind) & set(previewed_files())


def test_each_preview_has_the_worker_purge_the_previews_an_hour_later(world, login, clock):
    before = timezone.now()
    login(world.secretary).post(import_url(world), {"file": csv_of(person_row(1))})
    task = DBTaskResult.objects.get(task_path="members.jobs.purge_import_previews_later")
    assert before + timedelta(hours=1) < task.run_after < timezone.now() + timedelta(hours=1, minutes=2)
    clock.value += timedelta(hours=1, minutes=1)
    assert purge_import_previews_later.call() == 1
    assert previewed_files() == []


def test_the_purge_keeps_the_file_of_an_import_waiting_for_the_worker(world, login, clock):
    client = login(world.secretary)
    client.post(import_url(world), {"file": csv_of(person_row(1))})
    client.post(import_url(world, "_confirm"))
    clock.value += timedelta(hours=3)
    assert purge_import_previews() == 0
    assert len(previewed_files()) == 1
