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
from typing import IO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.db.models import F
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.models import DBTaskResult

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
PROGRESS_EVERY_SECONDS = 0.5


def register(kind: str, *, runner: str, permission: str, time_limit: int | None = None) -> None:
    """Make `kind` runnable: `runner` is the dotted path of its work, `permission` the one its
    starter needs. Called by the app that owns the kind, from its AppConfig.ready."""
    if RUNNERS.get(kind, runner) != runner:
        raise ImproperlyConfigured(f"The job kind {kind} is registered twice: {RUNNERS[kind]}, {runner}.")
    RUNNERS[kind] = runner
    START_PERMISSIONS[kind] = permission
    if time_limit:
        TIME_LIMITS[kind] = time_limit


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
    not limited."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise JobTimedOut(seconds)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
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


@task()
def run_job(job_id: str, attempt: int) -> str:
    """Run one attempt of a job, unless a retry has replaced it or it already ran. Its final
    state is written whatever fails, keeping its result included (a full disk)."""
    started = timezone.now()
    claimed = Job.objects.filter(pk=job_id, attempt=attempt, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=started, updated_at=started
    )
    if not claimed:
        logger.info("job %s attempt %s is no longer waiting; skipped", job_id, attempt)
        return "skipped"
    job = Job.objects.select_related("cell", "committee", "requested_by").get(pk=job_id)
    with translation.override(job.parameters.get("language") or "vi"), Heartbeat(job):
        try:
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
