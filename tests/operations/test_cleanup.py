"""`manage.py clean_files` (issue 18): what killed processes left in the storage folder, the
files no record names, and the results of old jobs go; what a record or its history names, what
is younger than an hour, and the previews of member imports stay."""

import io
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from jobs.choices import JobKind, JobState
from jobs.models import Job
from plans.models import CellDocument
from tests.factories import JobFactory, make_document

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 4


@pytest.fixture
def media(settings) -> Path:
    return Path(settings.MEDIA_ROOT)


def put(media: Path, name: str, *, hours_old: float, content: bytes = PDF) -> Path:
    path = media / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    moment = time.time() - hours_old * 3600
    os.utime(path, (moment, moment))
    return path


def clean(*args) -> str:
    out = io.StringIO()
    call_command("clean_files", *args, stdout=out)
    return out.getvalue()


def files_under(media: Path) -> list[str]:
    return sorted(path.relative_to(media).as_posix() for path in media.rglob("*") if path.is_file())


def test_temporary_files_of_killed_writes_older_than_an_hour_are_removed(db, media):
    put(media, "job/.partial-0f3a", hours_old=2, content=b"x" * 1000)
    put(media, ".partial-export_cell-k2j.zip", hours_old=2, content=b"y" * 24)
    put(media, "job/.partial-9c1d", hours_old=0.5)

    assert clean() == (
        "Removed 2 temporary files, 0 files that no record names and 0 job results "
        "finished over 30 days ago (1,024 bytes).\n"
    )
    assert files_under(media) == ["job/.partial-9c1d"]


def test_files_no_record_names_older_than_an_hour_are_removed(world, media):
    document = make_document(world.cell, file=ContentFile(PDF, name="ke-hoach.pdf"), file_name="Kế hoạch.pdf")
    os.utime(media / document.file.name, (time.time() - 7200,) * 2)
    put(media, "celldocument/mo-coi.pdf", hours_old=2)
    put(media, "celldocument/dang-tai-len.pdf", hours_old=0.5)

    assert clean() == (
        "Removed 0 temporary files, 1 files that no record names and 0 job results "
        f"finished over 30 days ago ({len(PDF):,} bytes).\n"
    )
    assert files_under(media) == sorted([document.file.name, "celldocument/dang-tai-len.pdf"])


def test_a_file_only_the_history_names_is_kept(world, media):
    document = make_document(world.cell, file=ContentFile(PDF, name="ban-dau.pdf"), file_name="Bản đầu.pdf")
    first = document.file.name
    document.file = ContentFile(PDF, name="ban-sua.pdf")
    document.save()
    for name in (first, document.file.name):
        os.utime(media / name, (time.time() - 7200,) * 2)

    clean()

    assert CellDocument.objects.get().file.name != first
    assert files_under(media) == sorted([first, document.file.name])


def test_the_previews_of_member_imports_are_left_to_their_own_purge(db, media):
    put(media, "django-import-export/3f0c2a", hours_old=2)

    clean()

    assert files_under(media) == ["django-import-export/3f0c2a"]


def finished_job(cell, *, days_ago: int) -> Job:
    name = default_storage.save("job/sao-luu.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    return JobFactory(
        kind=JobKind.CELL_BACKUP,
        cell=cell,
        state=JobState.DONE,
        finished_at=timezone.now() - timedelta(days=days_ago),
        result=name,
        result_name="khu-pho-1.zip",
    )


def test_results_of_jobs_finished_longer_ago_than_the_retention_are_removed(world, media, settings):
    settings.JOB_RESULT_DAYS = 7
    old = finished_job(world.cell, days_ago=8)
    old_name = old.result.name
    recent = finished_job(world.cell, days_ago=6)

    assert clean() == (
        "Removed 0 temporary files, 0 files that no record names and 1 job results "
        "finished over 7 days ago (22 bytes).\n"
    )
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.result.name, recent.result.name != "") == ("", True)
    assert files_under(media) == [recent.result.name]
    assert old_name != recent.result.name


def test_a_dry_run_says_what_it_would_remove_and_removes_nothing(world, media):
    job = finished_job(world.cell, days_ago=31)
    put(media, "job/.partial-0f3a", hours_old=2, content=b"x" * 10)
    put(media, "job/mo-coi.pdf", hours_old=2, content=b"y" * 10)
    before = files_under(media)

    assert clean("--dry-run") == (
        "Would remove 1 temporary files, 1 files that no record names and 1 job results "
        "finished over 30 days ago (42 bytes).\n"
    )
    assert files_under(media) == before
    job.refresh_from_db()
    assert job.result.name in before
