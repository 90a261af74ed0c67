"""Reads of the jobs' pages, scoped to the person."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from cell05 import workflow
from jobs.models import Job
from jobs.workflow import JOB_WORKFLOW


def jobs_of_user(user) -> QuerySet[Job]:
    """The jobs a person asked for, or was given on asking for the same work; an administrator
    sees every job."""
    jobs = Job.objects.select_related("cell", "committee", "requested_by").prefetch_related(
        Prefetch("joined_by", queryset=get_user_model().objects.only("pk"))
    )
    if user.is_superuser:
        return jobs
    return jobs.filter(Q(requested_by=user) | Q(joined_by=user)).distinct()


def job_for_user(user, pk) -> Job:
    return get_object_or_404(jobs_of_user(user), pk=pk)


def job_allowed_actions(user, job: Job) -> dict[str, bool]:
    """For each action of the job's workflow, whether the user may take it now."""
    return workflow.allowed_actions(JOB_WORKFLOW, user, job)
