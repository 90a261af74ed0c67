"""Reads of the jobs' pages, scoped to the person."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from cell05 import workflow
from jobs.models import Job
from jobs.workflow import JOB_WORKFLOW


def jobs_of_user(user) -> QuerySet[Job]:
    """The jobs a person asked for; an administrator sees every job."""
    jobs = Job.objects.select_related("cell", "committee", "requested_by")
    return jobs if user.is_superuser else jobs.filter(requested_by=user)


def job_for_user(user, pk) -> Job:
    return get_object_or_404(jobs_of_user(user), pk=pk)


def job_allowed_actions(user, job: Job) -> dict[str, bool]:
    """For each action of the job's workflow, whether the user may take it now."""
    return workflow.allowed_actions(JOB_WORKFLOW, user, job)
