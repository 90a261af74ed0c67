"""Nobody holds the worker (issue 29, item 2): a report is printed once at a time, a person has at
most three jobs unfinished, a person, cell or committee has one job running while the others
wait their turn, and a queued print waits behind short work."""

import html
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.choices import JobKind, JobState
from jobs.models import Job
from jobs.services import MAX_UNFINISHED_PER_PERSON
from reports.models import Report
from reports.services import editing, printing
from tests.factories import JobFactory, make_user, report_header, write_what_is_left

pytestmark = pytest.mark.django_db

# A print whose layout takes this long stands for one that runs into its time limit.
HOSTILE_SECONDS = 20


def make_report(secretary, number=12) -> Report:
    return editing.report_create(
        actor=secretary.user, cell=secretary.cell, data=report_header(secretary, number=number)
    )


def print_url(report: Report) -> str:
    return reverse("reports:report_print", kwargs={"slug": report.cell.slug, "pk": report.pk})


def job_of(response) -> Job:
    return Job.objects.get(pk=response["Location"].split("/")[-2])


def held_by_another_worker(job: Job) -> None:
    """Another worker took the job and is laying it out: its heartbeat is fresh."""
    for row in DBTaskResult.objects.filter(status="READY", task_path="jobs.runner.run_job"):
        if row.args_kwargs["args"][0] == str(job.pk):
            row.claim("another-worker")
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, started_at=timezone.now())


@pytest.fixture
def slow_for_cell(monkeypatch):
    """The PDFs of one cell take HOSTILE_SECONDS to lay out; the others are laid out at once."""
    cells = []
    real_pdf_once = printing.pdf_once

    def pdf_once(document):
        if getattr(document["report"], "cell", None) in cells:
            time.sleep(HOSTILE_SECONDS)
        return real_pdf_once(document)

    monkeypatch.setattr(printing, "pdf_once", pdf_once)
    return cells


def test_three_hostile_prints_queued_do_not_keep_another_cells_print_waiting(
    world, client, login, run_jobs, slow_for_cell
):
    slow_for_cell.append(world.cell)
    reports = [make_report(world.secretary, number) for number in (12, 13, 14)]
    # The cell committee and the superior office print, as the probe did.
    hostile = [
        job_of(login(person).post(print_url(report)))
        for person, report in zip(
            (world.committee_member, world.staff, world.committee_member), reports, strict=True
        )
    ]
    held_by_another_worker(hostile[0])
    other_report = make_report(world.other_secretary)
    ordinary = job_of(login(world.other_secretary).post(print_url(other_report)))

    started = time.monotonic()
    run_jobs()
    elapsed = time.monotonic() - started

    ordinary.refresh_from_db()
    assert ordinary.state == JobState.DONE and elapsed < 10
    assert [Job.objects.get(pk=job.pk).state for job in hostile] == [
        JobState.RUNNING,
        JobState.QUEUED,
        JobState.QUEUED,
    ]
    # The waiting print says why, and not that no worker runs.
    page = html.unescape(login(world.staff).get(hostile[1].get_absolute_url()).content.decode())
    waiting = (
        "Đang chờ đến lượt: một yêu cầu xử lý khác của cùng người gửi, chi bộ hoặc cấp ủy đang được xử lý."
    )
    assert waiting in page
    assert "chưa có chương trình xử lý nào nhận việc" not in page


def test_a_print_waiting_its_turn_runs_once_the_cells_running_job_ends(world, login, run_jobs):
    first, second = make_report(world.secretary, 12), make_report(world.secretary, 13)
    client = login(world.secretary)
    running = job_of(client.post(print_url(first)))
    waiting = job_of(client.post(print_url(second)))
    held_by_another_worker(running)
    run_jobs()
    assert Job.objects.get(pk=waiting.pk).state == JobState.QUEUED

    Job.objects.filter(pk=running.pk).update(state=JobState.DONE, finished_at=timezone.now())
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_jobs()

    waiting.refresh_from_db()
    assert waiting.state == JobState.DONE
    assert client.get(reverse("jobs:job_download", kwargs={"pk": waiting.pk}))["Content-Type"] == (
        "application/pdf"
    )


def test_a_print_asked_again_while_it_waits_joins_the_same_job(world, login, run_jobs):
    report = make_report(world.secretary)

    first = login(world.secretary).post(print_url(report))
    again = login(world.committee_member).post(print_url(report))
    office = login(world.staff).post(print_url(report))

    assert first["Location"] == again["Location"] == office["Location"]
    job = Job.objects.get()
    assert job.requested_by == world.secretary.user
    run_jobs()
    # Each of them follows it and takes the PDF.
    client = login(world.committee_member)
    assert job.get_absolute_url() in client.get(reverse("jobs:job_list")).content.decode()
    download = client.get(reverse("jobs:job_download", kwargs={"pk": job.pk}))
    assert download["Content-Type"] == "application/pdf"
    # Once it has ended, a new print is a new job.
    assert login(world.secretary).post(print_url(report))["Location"] != first["Location"]


def test_a_print_to_make_final_is_not_joined_to_a_draft_print(world, login):
    report = make_report(world.secretary)
    write_what_is_left(report, world.secretary.user)
    client = login(world.secretary)
    client.post(print_url(report))
    client.post(reverse("reports:report_finalise", kwargs={"slug": world.cell.slug, "pk": report.pk}))
    assert sorted(Job.objects.values_list("parameters__final", flat=True)) == [False, True]


def test_a_person_with_three_jobs_unfinished_is_refused_a_fourth(world, login):
    reports = [make_report(world.secretary, number) for number in (12, 13, 14, 15)]
    client = login(world.secretary)
    for report in reports[:MAX_UNFINISHED_PER_PERSON]:
        client.post(print_url(report))

    response = client.post(print_url(reports[-1]), follow=True)

    assert Job.objects.count() == MAX_UNFINISHED_PER_PERSON
    assert response.redirect_chain[-1][0] == reports[-1].get_absolute_url()
    assert (
        "Đồng chí đang có 3 yêu cầu xử lý đang chờ hoặc đang chạy, là số tối đa của một người. "
        "Đề nghị chờ một yêu cầu xử lý xong rồi gửi lại." in html.unescape(response.content.decode())
    )
    # Another person of the cell is not held by it.
    assert login(world.deputy).post(print_url(reports[-1])).status_code == 302
    assert Job.objects.count() == MAX_UNFINISHED_PER_PERSON + 1


def test_a_queued_back_up_is_taken_before_a_print_queued_earlier(world, login, run_jobs):
    report = make_report(world.secretary)
    printed = job_of(login(world.secretary).post(print_url(report)))
    admin = make_user("quantri", is_superuser=True)
    backup = job_of(login(admin).post(reverse("members:cell_backup", kwargs={"slug": world.other_cell.slug})))
    assert backup.kind == JobKind.CELL_BACKUP

    run_jobs(max_tasks=1)

    assert (Job.objects.get(pk=backup.pk).state, Job.objects.get(pk=printed.pk).state) == (
        JobState.DONE,
        JobState.QUEUED,
    )


def test_a_retry_is_refused_to_a_person_with_three_jobs_unfinished(world, login):
    reports = [make_report(world.secretary, number) for number in (12, 13, 14, 15)]
    client = login(world.secretary)
    for report in reports[:MAX_UNFINISHED_PER_PERSON]:
        client.post(print_url(report))
    failed = JobFactory(
        kind=JobKind.CELL_REPORT,
        requested_by=world.secretary.user,
        cell=world.cell,
        parameters={"report": reports[-1].pk},
        state=JobState.FAILED,
    )

    response = client.post(reverse("jobs:job_retry", kwargs={"pk": failed.pk}), follow=True)

    assert "là số tối đa của một người" in html.unescape(response.content.decode())
    failed.refresh_from_db()
    assert (failed.state, failed.attempt) == (JobState.FAILED, 1)
