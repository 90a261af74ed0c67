"""The worker outlives what dies around it: a slow step is not taken for a dead worker, the
jobs of a worker that died run again, the worker waits for the database to come back, and a
job's end is written whatever fails."""

import errno
import time
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from jobs import runner, worker
from jobs.choices import JobKind, JobState
from jobs.models import Job
from jobs.services import job_start
from members.models import Member
from tests.factories import make_study_year
from tests.members.helpers import GOOD_ROWS, csv_file, import_url


def start_committee_pdf(world):
    make_study_year(world.cell, 2026)
    return job_start(
        actor=world.staff,
        kind=JobKind.COMMITTEE_PDF,
        committee=world.committee,
        parameters={"start_year": 2026, "end_year": 2026},
    )


def worker_died(job, *, seconds_ago, attempt=None):
    """The worker took the job's attempt, then died: the job and its queue row stay running."""
    task_row = DBTaskResult.objects.get(status="READY", task_path="jobs.runner.run_job")
    task_row.claim("dead-worker")
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        attempt=attempt or job.attempt,
        updated_at=timezone.now() - timedelta(seconds=seconds_ago),
    )
    return task_row


class FullDisk:
    def save(self, name, content, max_length=None):
        raise OSError(errno.ENOSPC, "No space left on device")


class Killed(BaseException):
    """The worker's process ends here (SIGKILL): nothing after it runs."""


# How long the heartbeat moved during the step of `one_long_step`.
HEARTBEAT_MOVED: list[timedelta] = []


def one_long_step(job, progress):
    """Work that reports no progress for half a second."""
    started = Job.objects.get(pk=job.pk).updated_at
    time.sleep(0.5)
    HEARTBEAT_MOVED.append(Job.objects.get(pk=job.pk).updated_at - started)
    return runner.JobOutput(summary="xong")


@pytest.mark.django_db(transaction=True)
def test_a_running_job_writes_its_heartbeat_while_one_step_lasts(world, settings, monkeypatch):
    settings.JOB_HEARTBEAT_SECONDS = 0.05
    job = start_committee_pdf(world)
    HEARTBEAT_MOVED.clear()
    monkeypatch.setitem(runner.RUNNERS, JobKind.COMMITTEE_PDF, f"{__name__}.one_long_step")

    runner.run_job.call(str(job.pk), job.attempt)

    assert HEARTBEAT_MOVED[0] >= timedelta(seconds=0.3)
    assert Job.objects.get(pk=job.pk).state == JobState.DONE


@pytest.mark.django_db
def test_a_job_whose_heartbeat_lives_cannot_be_retried_beside_it(world, login):
    job = start_committee_pdf(world)
    worker_died(job, seconds_ago=30)
    client = login(world.staff)

    page = client.get(job.get_absolute_url()).content.decode()
    client.post(reverse("jobs:job_retry", kwargs={"pk": job.pk}))

    assert "Xử lý lại" not in page
    job.refresh_from_db()
    assert (job.state, job.attempt) == (JobState.RUNNING, 1)


@pytest.mark.django_db
def test_a_job_whose_heartbeat_stopped_a_minute_ago_shows_the_stall_and_its_retry(world, login):
    job = start_committee_pdf(world)
    worker_died(job, seconds_ago=61)
    client = login(world.staff)

    page = client.get(job.get_absolute_url()).content.decode()
    status = client.get(reverse("jobs:job_status", kwargs={"pk": job.pk})).json()

    assert "Xử lý lại" in page
    assert 'data-stalled="true"' in page
    assert status["stalled"] is True


@pytest.mark.django_db
def test_a_worker_that_starts_runs_again_the_job_of_a_worker_that_died(world, run_jobs):
    job = start_committee_pdf(world)
    task_row = worker_died(job, seconds_ago=120)

    run_jobs()

    job.refresh_from_db()
    task_row.refresh_from_db()
    assert (job.state, job.attempt) == (JobState.DONE, 2)
    assert job.result
    assert task_row.status == "FAILED"
    assert task_row.exception_class_path == "jobs.runner.WorkerLost"


@pytest.mark.django_db
def test_a_job_whose_worker_died_at_every_attempt_is_marked_failed_with_why(world, run_jobs, login):
    job = start_committee_pdf(world)
    worker_died(job, seconds_ago=120, attempt=3)

    run_jobs()

    job.refresh_from_db()
    assert (job.state, job.attempt) == (JobState.FAILED, 3)
    page = login(world.staff).get(job.get_absolute_url()).content.decode()
    assert "Chương trình xử lý đã dừng khi đang chạy yêu cầu này 3 lần" in page


@pytest.mark.django_db
def test_a_job_running_with_a_living_heartbeat_is_left_to_its_worker(world, run_jobs):
    job = start_committee_pdf(world)
    worker_died(job, seconds_ago=5)

    run_jobs()

    job.refresh_from_db()
    assert (job.state, job.attempt) == (JobState.RUNNING, 1)
    # Checked again once its heartbeat can be judged.
    check = DBTaskResult.objects.get(task_path="jobs.worker.recover_jobs")
    assert check.run_after > timezone.now() + timedelta(seconds=55)


@pytest.mark.django_db(transaction=True)
def test_the_worker_goes_on_after_the_database_restarts(world, run_jobs, monkeypatch):
    job = start_committee_pdf(world)
    real_get_locked = DBTaskResultQuerySet.get_locked
    restarts = iter([OperationalError("server closed the connection unexpectedly")] * 2)

    def get_locked(queryset):
        restart = next(restarts, None)
        if restart is not None:
            raise restart
        return real_get_locked(queryset)

    waits = []
    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)
    monkeypatch.setattr(worker.time, "sleep", waits.append)

    run_jobs()

    job.refresh_from_db()
    assert job.state == JobState.DONE
    # The database answered in between (the recovery's query), so each wait starts from a second.
    assert waits == [1, 1]


@pytest.mark.django_db
def test_an_import_run_again_after_its_commit_reports_what_it_did(world, login, run_jobs, monkeypatch):
    client = login(world.secretary)
    client.post(import_url(world), {"file": csv_file(*GOOD_ROWS)})
    client.post(import_url(world, "_confirm"))
    members_before = Member.objects.count()

    def killed(job, output):
        raise Killed  # the worker dies after the import's commit, before the job's end is written

    with monkeypatch.context() as dying:
        dying.setattr(runner, "_store", killed)
        run_jobs()
    job = Job.objects.get(kind=JobKind.MEMBER_IMPORT)
    assert job.state == JobState.RUNNING
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=5))
    run_jobs()

    job.refresh_from_db()
    assert (job.state, job.attempt) == (JobState.DONE, 2)
    assert Member.objects.count() == members_before + 2
    assert "Đã nhập: thêm mới 2 đảng viên" in client.get(job.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_result_that_finds_no_space_left_fails_the_job_with_why(world, login, run_jobs, monkeypatch):
    job = start_committee_pdf(world)

    monkeypatch.setattr(runner, "default_storage", FullDisk())
    run_jobs()

    job.refresh_from_db()
    assert job.state == JobState.FAILED
    page = login(world.staff).get(job.get_absolute_url()).content.decode()
    assert "Máy chủ đã hết dung lượng lưu trữ" in page
    assert "Xử lý lại" in page


def sleeps_in_code_that_rewraps_errors(job, progress):
    """`inspect` turns any exception into a TypeError; the alarm struck there while Django compiled
    a template, and the person read "an unexpected error" instead of the time limit."""
    try:
        time.sleep(30)
    except Exception as error:
        raise TypeError("unsupported callable") from error


def test_a_time_limit_striking_in_code_that_rewraps_errors_still_says_the_time_limit(
    world, run_jobs, monkeypatch
):
    monkeypatch.setitem(runner.TIME_LIMITS, JobKind.COMMITTEE_PDF, 0.05)
    monkeypatch.setitem(
        runner.RUNNERS, JobKind.COMMITTEE_PDF, f"{__name__}.sleeps_in_code_that_rewraps_errors"
    )
    job = start_committee_pdf(world)

    run_jobs()

    job.refresh_from_db()
    assert (job.state, job.error) == (JobState.FAILED, str(runner.JobTimedOut(0.05)))
