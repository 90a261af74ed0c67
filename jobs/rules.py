"""A job is seen, retried and downloaded by whoever asked for it (or was given it on asking for
the same work) while they may still start such a job on its cell or committee, and by the
administrator: a secretary relieved, or an office taken off its committee, keeps no result."""

import rules

from jobs.runner import may_start


@rules.predicate
def asked_for_job(user, job):
    if job is None:
        return False
    # The joiners as prefetched by the list (jobs.selectors), one query for every row.
    return job.requested_by_id == user.pk or any(joiner.pk == user.pk for joiner in job.joined_by.all())


@rules.predicate
def may_still_start(user, job):
    return job is not None and may_start(user, job)


# The role of the job's workflow (jobs.workflow), which adds each action's state to it.
asked_for_job_or_admin = (asked_for_job & may_still_start) | rules.is_superuser

rules.add_perm("jobs.view_job", asked_for_job_or_admin)

# The job's actions: their permissions come from the workflow table, which names the role above.
import jobs.workflow  # noqa: E402, F401
