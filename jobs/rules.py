"""A job is seen, retried and downloaded by whoever asked for it, and by the administrator."""

import rules


@rules.predicate
def asked_for_job(user, job):
    return job is not None and job.requested_by_id == user.pk


# The role of the job's workflow (jobs.workflow), which adds each action's state to it.
asked_for_job_or_admin = asked_for_job | rules.is_superuser

rules.add_perm("jobs.view_job", asked_for_job_or_admin)

# The job's actions: their permissions come from the workflow table, which names the role above.
import jobs.workflow  # noqa: E402, F401
