"""The life of a background job as one table: each action, the states it starts from, the state
it leads to, who may take it and how a refusal names it; a job keeps no history, the log tells.
The worker moves a job from waiting to running, then done or failed (jobs.runner); a person
retries a failed job, or a running one whose worker has stopped, and downloads what a done job
made."""

from django.utils.translation import gettext_lazy as _

from cell05.workflow import Action, Guard, register_perms
from jobs.choices import JobState
from jobs.rules import asked_for_job_or_admin

S = JobState

JOB_WORKFLOW = {
    # A running job may be retried only once it has stalled: its worker has gone.
    "retry": Action(
        "jobs.retry_job",
        frozenset({S.FAILED, S.RUNNING}),
        S.QUEUED,
        asked_for_job_or_admin,
        _("retried"),
        guards=(
            Guard(
                lambda job: job.state != S.RUNNING or job.is_stalled,
                _("A running job can be retried only once its worker has stopped."),
            ),
        ),
    ),
    "download": Action(
        "jobs.download_job", frozenset({S.DONE}), None, asked_for_job_or_admin, _("downloaded")
    ),
}

register_perms(JOB_WORKFLOW)
