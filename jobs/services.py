"""Every change to a job: queue it, retry it, recover it from a dead worker. The worker writes
the rest (jobs.runner)."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from cell05.services import require_perm
from cell05.workflow import check_state, move, permits, require_role
from jobs.models import Job
from jobs.runner import START_PERMISSIONS, WorkerLost, attempt_lost, mark_failed, run_job
from jobs.workflow import JOB_WORKFLOW

logger = logging.getLogger("cell05.services")

# How many attempts a job whose worker died is given before it is marked failed.
AUTOMATIC_ATTEMPTS = 3


def _enqueue(job: Job) -> None:
    # The task row is written in the same transaction as the job: both or neither.
    run_job.enqueue(str(job.pk), job.attempt)


@transaction.atomic
def job_start(
    *, actor, kind: str, cell=None, committee=None, parameters=None, language="vi", back: str = ""
) -> Job:
    """Queue a job for the worker. `actor` is None only for the command line (the operator);
    `back` is the address of the page the job was started from, which the job's page links to."""
    if actor is not None:
        require_perm(actor, START_PERMISSIONS[kind], cell or committee)
    job = Job.objects.create(
        kind=kind,
        requested_by=actor,
        cell=cell,
        committee=committee,
        parameters={**(parameters or {}), "language": language, "back": back},
    )
    _enqueue(job)
    logger.info("job.started by %s: %s %s", actor, kind, job.pk)
    return job


def _run_again(locked: Job) -> None:
    """A new attempt of the job, from the start; the earlier attempt's writes are ignored."""
    locked.attempt += 1
    move(JOB_WORKFLOW, "retry", locked)
    locked.error = ""
    locked.progress_done = locked.progress_total = 0
    locked.progress_message = ""
    locked.started_at = locked.finished_at = None
    locked.save()
    _enqueue(locked)


@transaction.atomic
def job_retry(*, actor, job: Job) -> Job:
    """Run a failed (or stalled) job again, from the start, as a new attempt."""
    require_role(JOB_WORKFLOW, "retry", actor, job)
    locked = Job.objects.select_for_update().get(pk=job.pk)
    check_state(JOB_WORKFLOW, "retry", locked, _("Only a failed job can be retried."))
    _run_again(locked)
    logger.info("job.retried by %s: %s attempt %s", actor, locked.pk, locked.attempt)
    return locked


def jobs_recover() -> int:
    """The worker's: run again each running job whose heartbeat has stopped (its worker died),
    up to AUTOMATIC_ATTEMPTS attempts, then mark it failed with why. How many it recovered."""
    recovered = 0
    for pk in Job.objects.stalled().values_list("pk", flat=True):
        with transaction.atomic():
            locked = Job.objects.select_for_update().get(pk=pk)
            if not permits(JOB_WORKFLOW, "retry", locked):
                continue  # it beat meanwhile, or someone retried it
            attempt_lost(locked)
            lost_attempt = locked.attempt
            if locked.attempt < AUTOMATIC_ATTEMPTS:
                _run_again(locked)
            else:
                mark_failed(locked, WorkerLost(locked.attempt))
        recovered += 1
        logger.warning("job.recovered by the worker: %s attempt %s had lost its worker", pk, lost_attempt)
    return recovered
