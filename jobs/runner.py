"""Background jobs: long work that runs in the worker (`manage.py db_worker`) while the person
watches its progress on the job's page, then takes the result. The apps that own a kind of job
register its work here (`register`, from their AppConfig.ready), so that this kernel app names
none of them.

The queue is django-tasks with its database backend (django-tasks-db): the queued tasks are
rows of cell05's own database, so a queued job outlives a restart of the worker, every
application server can enqueue and every worker can take, and a cell on a laptop needs
nothing besides SQLite. A task knows only whether it ran; the Job row adds what a person
needs: the progress, the file made, why it failed, and a retry (jobs.services).
"""

import errno
import logging
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import IO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from cell05.uploads import upload_path
from jobs.choices import JobState
from jobs.models import Job

logger = logging.getLogger("cell05.jobs")

# Each kind's work: a function (job, progress) -> JobOutput, imported when the job runs.
RUNNERS: dict[str, str] = {}
# The permission needed to start each kind of job, on the job's cell or committee.
START_PERMISSIONS: dict[str, str] = {}
# The longest a job of a kind may run before it is stopped and says so; kinds whose work grows
# with the data have none.
TIME_LIMITS: dict[str, int] = {}
# The queue's priority of each kind (django-tasks: higher first, 0 by default): long work waits
# behind the short (an import, a back-up, the reminders) rather than the other way round.
PRIORITIES: dict[str, int] = {}
PROGRESS_EVERY_SECONDS = 0.5
# A job whose person, cell or committee already has a job running waits its turn: the worker
# looks at it again after this long and meanwhile takes other people's work.
TURN_WAIT_SECONDS = 5


def register(
    kind: str, *, runner: str, permission: str, time_limit: int | None = None, priority: int = 0
) -> None:
    """Make `kind` runnable: `runner` is the dotted path of its work, `permission` the one its
    starter needs (and needs still to read its result). Called by the app that owns the kind,
    from its AppConfig.ready."""
    if RUNNERS.get(kind, runner) != runner:
        raise ImproperlyConfigured(f"The job kind {kind} is registered twice: {RUNNERS[kind]}, {runner}.")
    RUNNERS[kind] = runner
    START_PERMISSIONS[kind] = permission
    if time_limit:
        TIME_LIMITS[kind] = time_limit
    if priority:
        PRIORITIES[kind] = priority


def may_start(user, job: Job) -> bool:
    """Whether `user` holds now the right that starting a job of this kind on its cell or
    committee needs: what the job made, or would make again, is theirs to read only while so."""
    return user.has_perm(START_PERMISSIONS[job.kind], job.cell or job.committee)


def enqueue(job: Job, *, run_after=None) -> None:
    """Put the job's current attempt in the queue, with its kind's priority."""
    run_job.using(priority=PRIORITIES.get(job.kind, 0), run_after=run_after).enqueue(str(job.pk), job.attempt)


@dataclass
class JobOutput:
    """What a job made: a file (its bytes in `content`, or, when large, in `file`, an open
    temporary file that the runner copies to the storage and closes) and a summary."""

    file_name: str = ""
    content: bytes = b""
    file: IO[bytes] | None = None
    summary: str = ""


class JobFailed(Exception):
    """A failure the person can act upon: its message is shown as it is."""


class JobTimedOut(JobFailed):
    def __init__(self, seconds: int):
        super().__init__(
            _(
                "The job was stopped after %(seconds)s seconds, the longest it may take. A document "
                "this long cannot be laid out: shorten it, or give this page's address to the "
                "administrator."
            )
            % {"seconds": number_format(seconds)}
        )


@contextmanager
def time_limit(seconds: int | None):
    """Stop the work inside with JobTimedOut after `seconds`. The alarm is a signal, which only
    the main thread receives: the worker runs its jobs there; a job run in another thread is
    not limited. The alarm may strike inside code that turns any exception into its own
    (`inspect` makes it a TypeError while Django compiles a template): once it has struck, what
    escapes is reported as the time limit."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    struck = False

    def stop(signum, frame):
        nonlocal struck
        struck = True
        raise JobTimedOut(seconds)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except JobTimedOut:
        raise
    except Exception as error:
        if struck:
            raise JobTimedOut(seconds) from error
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Progress:
    """`progress(done, total, message)`, called by the work as it goes; written at most every
    half second (and always at the end), only while this run is the job's latest attempt."""

    def __init__(self, job: Job):
        self.job = job
        self.written_at = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if done < total and now - self.written_at < PROGRESS_EVERY_SECONDS:
            return
        self.written_at = now
        _this_attempt(self.job).update(
            progress_done=done,
            progress_total=total,
            progress_message=str(message)[:200],
            updated_at=timezone.now(),
        )


def _this_attempt(job: Job):
    return Job.objects.filter(pk=job.pk, attempt=job.attempt)


class Heartbeat:
    """While an attempt runs, a thread writes its time every JOB_HEARTBEAT_SECONDS, whatever the
    work is doing: the job is judged stalled (its worker gone) when the heartbeat stops, never
    because one step is slow, so a retry never runs beside a living attempt."""

    def __init__(self, job: Job):
        self.job = job
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat-{job.pk}", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    _this_attempt(self.job).filter(state=JobState.RUNNING).update(updated_at=timezone.now())
                except DatabaseError:
                    # The database is away for a moment; the next beat tries again.
                    logger.warning("job %s: heartbeat not written", self.job.pk, exc_info=True)
        finally:
            connection.close()  # this thread's own connection


def failure_message(error: Exception) -> str:
    if isinstance(error, JobFailed):
        return str(error)
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return _(
            "The server has no space left to keep the result, so nothing was kept. Tell the "
            "administrator, then retry the job."
        )
    return _(
        "An unexpected error stopped the job (%(error)s). Retry it; if it fails again, "
        "give this page's address to the administrator, who finds the details in the worker's log."
    ) % {"error": type(error).__name__}


class WorkerLost(JobFailed):
    """The worker running an attempt died before it ended, `attempts` times in all."""

    def __init__(self, attempts: int):
        super().__init__(
            _(
                "The worker stopped while running this job, %(attempts)s times. Give this page's "
                "address to the administrator, who finds the details in the worker's log."
            )
            % {"attempts": attempts}
        )


def attempt_lost(job: Job) -> None:
    """The worker's: the job's attempt lost its worker. Its row in the queue is marked failed,
    or it would stay running; the job itself is run again or failed by jobs.services."""
    for task_result in DBTaskResult.objects.running().filter(task_path=f"{__name__}.run_job"):
        if task_result.args_kwargs["args"] == [str(job.pk), job.attempt]:
            task_result.set_failed(WorkerLost(job.attempt))


def done_before(job: Job) -> str:
    """The summary that an earlier attempt of the job committed with its work (`record_done`):
    an attempt that finds one reports it instead of doing the work again."""
    return Job.objects.filter(pk=job.pk).values_list("summary", flat=True).get()


def record_done(job: Job, summary: str) -> None:
    """For a job whose work is written to the database: its summary, written in the work's own
    transaction, so that a retry after the commit (its worker killed) finds it (`done_before`)."""
    Job.objects.filter(pk=job.pk).update(summary=summary)


def _store(job: Job, output: JobOutput) -> str:
    if output.file is not None:
        with output.file:
            output.file.seek(0)
            return default_storage.save(upload_path(job, output.file_name), File(output.file))
    if not output.content:
        return ""
    return default_storage.save(upload_path(job, output.file_name), ContentFile(output.content))


def mark_failed(job: Job, error: Exception) -> None:
    """The attempt ends failed, with why; written whatever fails."""
    try:
        _this_attempt(job).update(
            state=JobState.FAILED, error=failure_message(error), finished_at=timezone.now()
        )
    except DatabaseError:
        # The job stays running; its heartbeat has stopped, so the worker recovers it (jobs.worker).
        logger.exception("job %s: its failure could not be written", job.pk)


def _sharing(job: Job) -> Q | None:
    """The jobs that take turns with this one: its person's, and its cell's or committee's."""
    owners = {
        "requested_by_id": job.requested_by_id,
        "cell_id": job.cell_id,
        "committee_id": job.committee_id,
    }
    shared = [Q(**{field: value}) for field, value in owners.items() if value is not None]
    if not shared:
        return None
    return Q(*shared, _connector=Q.OR)


def _has_turn(job: Job) -> bool:
    """No other job of its person, cell or committee is running with a living worker: so one
    person, or one cell, holds at most one worker, and the other workers serve everyone else."""
    sharing = _sharing(job)
    if sharing is None:
        return True
    # Lock the jobs that share with it, in one order, so that two workers cannot both start
    # one of them on seeing none running.
    waiting_or_running = Job.objects.filter(sharing, state__in=(JobState.QUEUED, JobState.RUNNING))
    list(waiting_or_running.select_for_update().order_by("pk").values_list("pk", flat=True))
    alive_since = timezone.now() - timedelta(seconds=settings.JOB_STALLED_SECONDS)
    running = waiting_or_running.exclude(pk=job.pk).filter(
        state=JobState.RUNNING, updated_at__gte=alive_since
    )
    return not running.exists()


def _claim(job_id: str, attempt: int) -> Job | None:
    """The job's attempt made running, if it still waits and has its turn; else None, and a
    job that waits for its turn is queued again for a little later."""
    with exclusive_transaction():
        job = (
            Job.objects.select_for_update(of=("self",))
            .select_related("cell", "committee", "requested_by")
            .filter(pk=job_id, attempt=attempt, state=JobState.QUEUED)
            .first()
        )
        if job is None:
            logger.info("job %s attempt %s is no longer waiting; skipped", job_id, attempt)
            return None
        now = timezone.now()
        if not _has_turn(job):
            with translation.override(job.parameters.get("language") or "vi"):
                waiting = _(
                    "Waiting for its turn: another job of the same person, cell or committee is running."
                )
            # Its news is fresh: the page does not take the wait for a missing worker.
            _this_attempt(job).update(progress_message=waiting, updated_at=now)
            enqueue(job, run_after=now + timedelta(seconds=TURN_WAIT_SECONDS))
            logger.info("job %s attempt %s waits for its turn", job_id, attempt)
            return None
        job.state, job.started_at, job.updated_at = JobState.RUNNING, now, now
        job.progress_message = ""
        job.save(update_fields=["state", "started_at", "updated_at", "progress_message"])
        return job


def _check_still_allowed(job: Job) -> None:
    if job.requested_by is not None and not may_start(job.requested_by, job):
        raise JobFailed(_("The person who asked for this job may no longer do it, so it was not run."))


@task()
def run_job(job_id: str, attempt: int) -> str:
    """Run one attempt of a job, unless a retry has replaced it, it already ran, or its person,
    cell or committee has another running (then it waits its turn). Its final state is written
    whatever fails, keeping its result included (a full disk)."""
    job = _claim(job_id, attempt)
    if job is None:
        return "skipped"
    with translation.override(job.parameters.get("language") or "vi"), Heartbeat(job):
        try:
            _check_still_allowed(job)
            with time_limit(TIME_LIMITS.get(job.kind)):
                output = import_string(RUNNERS[job.kind])(job, Progress(job))
            stored = _store(job, output)
        except Exception as error:
            mark_failed(job, error)
            logger.exception("job %s (%s) attempt %s failed", job_id, job.kind, attempt)
            raise
    _this_attempt(job).update(
        state=JobState.DONE,
        result=stored,
        result_name=output.file_name,
        summary=output.summary,
        progress_done=F("progress_total"),
        finished_at=timezone.now(),
    )
    logger.info("job %s (%s) attempt %s done", job_id, job.kind, attempt)
    return job_id
