"""Every change to a job: queue it, retry it. The worker writes the rest (jobs.runner)."""

import logging

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cell05.services import require_perm
from cell05.workflow import check_state, move, require_role
from jobs.models import Job
from jobs.runner import START_PERMISSIONS, run_job
from jobs.workflow import JOB_WORKFLOW

logger = logging.getLogger("cell05.services")


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


@transaction.atomic
def job_retry(*, actor, job: Job) -> Job:
    """Run a failed (or stalled) job again, from the start, as a new attempt."""
    require_role(JOB_WORKFLOW, "retry", actor, job)
    locked = Job.objects.select_for_update().get(pk=job.pk)
    check_state(JOB_WORKFLOW, "retry", locked, _("Only a failed job can be retried."))
    locked.attempt += 1
    move(JOB_WORKFLOW, "retry", locked)
    locked.error = ""
    locked.progress_done = locked.progress_total = 0
    locked.progress_message = ""
    locked.started_at = locked.finished_at = None
    locked.save()
    _enqueue(locked)
    logger.info("job.retried by %s: %s attempt %s", actor, locked.pk, locked.attempt)
    return locked
