"""A job's page, result and retry go with the right to start it, not with having asked once
(issue 29, item 4): a secretary relieved, or an office taken off its committee, reads nothing
more of the jobs it asked for, and the worker does not run a job for one who lost the right."""

import pytest
from django.urls import reverse

from jobs.choices import JobState
from jobs.models import Job
from members.choices import CellRole
from members.services.members import member_set_role
from reports.services.editing import report_create
from tests.factories import make_user, report_header

pytestmark = pytest.mark.django_db


def printed_report(world, login, run_jobs) -> Job:
    report = report_create(actor=world.secretary.user, cell=world.cell, data=report_header(world.secretary))
    login(world.secretary).post(
        reverse("reports:report_print", kwargs={"slug": world.cell.slug, "pk": report.pk})
    )
    run_jobs()
    return Job.objects.get()


def job_urls(job: Job) -> dict[str, str]:
    return {
        name: reverse(f"jobs:job_{name}", kwargs={"pk": job.pk}) for name in ("detail", "status", "download")
    }


def relieve(world) -> None:
    """The office relieves the secretary, who stays a plain member of the cell."""
    member_set_role(actor=world.staff, member=world.secretary, role=CellRole.MEMBER)


def test_a_relieved_secretary_no_longer_reads_the_print_nor_its_page(world, login, run_jobs):
    job = printed_report(world, login, run_jobs)
    client = login(world.secretary)
    urls = job_urls(job)
    assert client.get(urls["download"])["Content-Type"] == "application/pdf"

    relieve(world)

    assert {name: client.get(url).status_code for name, url in urls.items()} == {
        "detail": 403,
        "status": 403,
        "download": 403,
    }


def test_an_office_taken_off_its_committee_no_longer_downloads_the_committee_table(world, login, run_jobs):
    client = login(world.staff)
    client.post(reverse("reports:committee_table_pdf", kwargs={"pk": world.committee.pk}))
    run_jobs()
    job = Job.objects.get()
    assert client.get(job_urls(job)["download"])["Content-Type"] == "application/pdf"

    world.committee.staff.remove(world.staff)

    assert client.get(job_urls(job)["download"]).status_code == 403


def test_a_relieved_secretary_cannot_retry_a_failed_print(world, login, run_jobs):
    job = printed_report(world, login, run_jobs)
    Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, error="x")
    relieve(world)

    response = login(world.secretary).post(reverse("jobs:job_retry", kwargs={"pk": job.pk}))

    assert response.status_code == 403
    job.refresh_from_db()
    assert (job.state, job.attempt) == (JobState.FAILED, 1)


def test_the_worker_does_not_run_a_job_for_one_who_lost_the_right(world, login, run_jobs):
    report = report_create(actor=world.secretary.user, cell=world.cell, data=report_header(world.secretary))
    login(world.secretary).post(
        reverse("reports:report_print", kwargs={"slug": world.cell.slug, "pk": report.pk})
    )
    relieve(world)

    run_jobs()

    job = Job.objects.get()
    assert (job.state, job.error, job.result.name) == (
        JobState.FAILED,
        "Người gửi yêu cầu này không còn quyền thực hiện, nên yêu cầu không được xử lý.",
        "",
    )


def test_the_administrator_still_reads_any_job(world, login, run_jobs):
    job = printed_report(world, login, run_jobs)
    relieve(world)

    client = login(make_user("quantri", is_superuser=True))

    assert client.get(job_urls(job)["download"])["Content-Type"] == "application/pdf"
