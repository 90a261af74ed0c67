"""A person's background jobs: the list, a job's page and what it polls, its result, a retry.
What may be done with a job, its workflow table tells (jobs.workflow)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cell05.uploads import file_response
from cell05.workflow import user_may
from jobs import selectors, services
from jobs.models import Job
from jobs.workflow import JOB_WORKFLOW


@login_required
def job_list(request):
    jobs = selectors.jobs_of_user(request.user)[:50]
    rows = [(job, selectors.job_allowed_actions(request.user, job)) for job in jobs]
    return render(request, "jobs/job_list.html", {"rows": rows})


def _job(request, pk) -> Job:
    job = selectors.job_for_user(request.user, pk)
    if not request.user.has_perm("jobs.view_job", job):
        raise PermissionDenied
    return job


@login_required
def job_detail(request, pk):
    job = _job(request, pk)
    back = job.parameters.get("back", "")
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job": job,
            "can": selectors.job_allowed_actions(request.user, job),
            # The cell's menu, as on the page the job was started from.
            "cell": job.cell,
            "back": back if url_has_allowed_host_and_scheme(back, allowed_hosts=None) else "",
        },
    )


@login_required
def job_status(request, pk):
    """What the job's page polls while the job runs (static/js/job-progress.js)."""
    job = _job(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "percent": job.percent,
            "message": job.progress_message,
            "finished": job.is_finished,
            # Its worker has gone: the page reloads to offer the retry.
            "stalled": job.is_stalled,
        }
    )


@login_required
def job_download(request, pk):
    job = _job(request, pk)
    if not user_may(JOB_WORKFLOW, "download", request.user, job):
        raise Http404
    return file_response(job.result, job.result_name)


@login_required
@require_POST
def job_retry(request, pk):
    job = _job(request, pk)
    try:
        services.job_retry(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(job)
