"""A job is seen and retried by whoever asked for it, and by the administrator."""

import rules


@rules.predicate
def asked_for_job(user, job):
    return job is not None and job.requested_by_id == user.pk


rules.add_perm("jobs.view_job", asked_for_job | rules.is_superuser)
rules.add_perm("jobs.retry_job", asked_for_job | rules.is_superuser)
