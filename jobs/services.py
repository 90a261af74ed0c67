"""Every change to a job: queue it, retry it, recover it from a dead worker. The worker writes
the rest (jobs.runner)."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cell05.services import require_perm
from cell05.workflow import check_state, move, permits, require_role
from jobs.models import Job
from jobs.runner import START_PERMISSIONS, WorkerLost, attempt_lost, enqueue, mark_failed
from jobs.workflow import JOB_WORKFLOW

logger = logging.getLogger("cell05.services")

# How many attempts a job whose worker died is given before it is marked failed.
AUTOMATIC_ATTEMPTS = 3
# How many jobs one person may have waiting or running at once: enough for any real work (a
# print, a back-up, an import), too few to fill the queue.
MAX_UNFINISHED_PER_PERSON = 3


def _lock(*rows) -> None:
    """Serialise the starts of one person and of one cell or committee, so that two requests
    at once neither pass the cap together nor both start the same work."""
    for row in rows:
        if row is not None:
            row._meta.model.objects.select_for_update().filter(pk=row.pk).first()


def _same_work(kind: str, cell, committee, parameters: dict) -> Job | None:
    """The job of this kind, cell or committee and parameters that still waits or runs."""
    unfinished = Job.objects.unfinished().filter(kind=kind, cell=cell, committee=committee)
    return next((job for job in unfinished if _work_of(job.parameters) == parameters), None)


def _work_of(parameters: dict) -> dict:
    # The language and the page it was asked from do not change what the job makes.
    return {key: value for key, value in parameters.items() if key not in ("language", "back")}


def _check_cap(actor) -> None:
    unfinished = Job.objects.unfinished().filter(requested_by=actor).count()
    if unfinished >= MAX_UNFINISHED_PER_PERSON:
        raise ValidationError(
            _(
                "You already have %(count)s background jobs waiting or running, the most one person "
                "may have. Start this one when one of them has ended."
            )
            % {"count": unfinished}
        )


@transaction.atomic
def job_start(
    *,
    actor,
    kind: str,
    cell=None,
    committee=None,
    parameters=None,
    language="vi",
    back: str = "",
    join: bool = False,
) -> Job:
    """Queue a job for the worker. `actor` is None only for the command line (the operator);
    `back` is the address of the page the job was started from, which the job's page links to.
    With `join`, the same work that already waits or runs is not queued twice: its job is
    returned, and the actor may follow it too. A person with MAX_UNFINISHED_PER_PERSON jobs
    unfinished is refused."""
    parameters = parameters or {}
    if actor is not None:
        require_perm(actor, START_PERMISSIONS[kind], cell or committee)
        _lock(actor, cell or committee)
    if join and (same := _same_work(kind, cell, committee, parameters)):
        if actor is not None and actor.pk != same.requested_by_id:
            same.joined_by.add(actor)
        logger.info("job.joined by %s: %s %s", actor, kind, same.pk)
        return same
    if actor is not None:
        _check_cap(actor)
    job = Job.objects.create(
        kind=kind,
        requested_by=actor,
        cell=cell,
        committee=committee,
        parameters={**parameters, "language": language, "back": back},
    )
    # The task row is written in the same transaction as the job: both or neither.
    enqueue(job)
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
    enqueue(locked)


@transaction.atomic
def job_retry(*, actor, job: Job) -> Job:
    """Run a failed (or stalled) job again, from the start, as a new attempt: for whoever asked
    for it, while they may still start such a job (jobs.rules), within the cap of unfinished
    jobs."""
    require_role(JOB_WORKFLOW, "retry", actor, job)
    _lock(actor)
    _check_cap(actor)
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
