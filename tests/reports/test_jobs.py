"""Long work runs in the worker: the person sees it wait, run and end, takes the result,
and retries a job that failed; the queue outlives the worker."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs import runner
from jobs.choices import JobKind, JobState
from jobs.models import Job
from jobs.runner import Progress
from jobs.services import job_start
from members.models import Cell
from tests.factories import JobFactory, make_study_year, make_user
from tests.reports.helpers import pdf_text

pytestmark = pytest.mark.django_db


def start_committee_pdf(world, login):
    make_study_year(world.cell, 2026)
    client = login(world.staff)
    response = client.post(
        reverse("reports:committee_table_pdf", kwargs={"pk": world.committee.pk}) + "?start=2026&end=2026"
    )
    assert response.status_code == 302
    return client, Job.objects.get(), response["Location"]


def status(client, job):
    return json.loads(client.get(reverse("jobs:job_status", kwargs={"pk": job.pk})).content)


def test_the_committee_pdf_waits_for_the_worker_then_is_downloaded(world, login, run_jobs):
    client, job, page_url = start_committee_pdf(world, login)
    assert page_url == job.get_absolute_url()
    waiting = client.get(page_url).content.decode()
    assert "Đang chờ" in waiting
    assert '<progress class="job-progress" max="100" value="0"' in waiting
    assert "js/job-progress.js" in waiting
    assert status(client, job) == {
        "state": "queued",
        "state_label": "Đang chờ",
        "percent": 0,
        "message": "",
        "finished": False,
        "stalled": False,
    }

    run_jobs()

    assert status(client, job)["state"] == "done"
    assert status(client, job)["percent"] == 100
    done = client.get(page_url).content.decode()
    assert "1 chi bộ, 2026–2026." in done
    assert "job-progress.js" not in done
    download = client.get(reverse("jobs:job_download", kwargs={"pk": job.pk}))
    assert download["Content-Type"] == "application/pdf"
    assert "Chi bộ Khu phố 1" in pdf_text(b"".join(download.streaming_content))
    assert "Chi bộ Khu phố 1" not in client.get(reverse("jobs:job_list")).content.decode()
    assert world.committee.name in client.get(reverse("jobs:job_list")).content.decode()


def test_a_job_is_seen_only_by_whoever_asked_for_it(world, login, run_jobs):
    _client, job, page_url = start_committee_pdf(world, login)
    run_jobs()
    colleague = make_user("vanphong-2")
    world.committee.staff.add(colleague)
    other = login(colleague)
    assert other.get(page_url).status_code == 404
    assert other.get(reverse("jobs:job_download", kwargs={"pk": job.pk})).status_code == 404
    assert world.committee.name not in other.get(reverse("jobs:job_list")).content.decode()


def broken_runner(job, progress):
    progress(1, 4, "Đọc số liệu")
    raise ConnectionError("the replica is gone")


def test_a_failed_job_says_why_and_a_retry_runs_it_again(world, login, run_jobs, monkeypatch):
    monkeypatch.setitem(runner.RUNNERS, JobKind.COMMITTEE_PDF, f"{__name__}.broken_runner")
    client, job, page_url = start_committee_pdf(world, login)
    run_jobs()

    failed = client.get(page_url).content.decode()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "Một lỗi không lường trước đã dừng việc xử lý (ConnectionError)" in failed
    assert "Xử lý lại" in failed
    assert DBTaskResult.objects.get(task_path="jobs.runner.run_job").status == "FAILED"

    monkeypatch.setitem(runner.RUNNERS, JobKind.COMMITTEE_PDF, "reports.jobs.make_committee_pdf")
    retried = client.post(reverse("jobs:job_retry", kwargs={"pk": job.pk}))
    assert retried["Location"] == page_url
    job.refresh_from_db()
    assert (job.state, job.attempt, job.error) == (JobState.QUEUED, 2, "")
    run_jobs()
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert "lần xử lý 2" in client.get(page_url).content.decode()


def test_a_job_that_did_not_fail_cannot_be_retried(world, login, run_jobs):
    client, job, page_url = start_committee_pdf(world, login)
    run_jobs()
    response = client.post(reverse("jobs:job_retry", kwargs={"pk": job.pk}), follow=True)
    assert "Chỉ yêu cầu bị lỗi mới xử lý lại được." in response.content.decode()
    job.refresh_from_db()
    assert (job.state, job.attempt) == (JobState.DONE, 1)


def test_queued_jobs_wait_for_the_next_worker(world, login, run_jobs):
    client, _job, _page = start_committee_pdf(world, login)
    # Another table (the same one would join the first job).
    client.post(
        reverse("reports:committee_table_pdf", kwargs={"pk": world.committee.pk}) + "?start=2025&end=2026"
    )

    run_jobs(max_tasks=1)  # a worker that stops (or is stopped) after one job

    assert sorted(Job.objects.values_list("state", flat=True)) == [JobState.DONE, JobState.QUEUED]
    run_jobs()  # the next worker takes what was left
    assert set(Job.objects.values_list("state", flat=True)) == {JobState.DONE}


def test_a_job_whose_worker_died_can_be_retried_and_the_old_run_is_ignored(world, login, run_jobs):
    client, job, page_url = start_committee_pdf(world, login)
    old_run = Job.objects.get(pk=job.pk)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, updated_at=timezone.now() - timedelta(hours=1)
    )
    DBTaskResult.objects.all().delete()  # the worker took it and died

    stalled = client.get(page_url).content.decode()
    assert "Đã lâu yêu cầu không cập nhật tiến độ" in stalled
    client.post(reverse("jobs:job_retry", kwargs={"pk": job.pk}))
    Progress(old_run)(3, 4, "tin muộn của lần chạy cũ")  # the old worker comes back
    job.refresh_from_db()
    assert (job.state, job.attempt, job.progress_message) == (JobState.QUEUED, 2, "")
    run_jobs()
    job.refresh_from_db()
    assert job.state == JobState.DONE


def test_a_job_waiting_long_says_that_no_worker_runs(world, login):
    client, job, page_url = start_committee_pdf(world, login)
    assert "chưa có chương trình xử lý nào nhận việc" not in client.get(page_url).content.decode()
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=5))
    assert "chưa có chương trình xử lý nào nhận việc" in client.get(page_url).content.decode()


def test_the_administrator_backs_up_a_cell_in_the_background(world, login, run_jobs):
    secretary_page = login(world.secretary).get(world.cell.get_absolute_url()).content.decode()
    assert "Sao lưu chi bộ" not in secretary_page
    client = login(make_user("quantri", is_superuser=True, is_staff=True))
    assert "Sao lưu chi bộ" in client.get(world.cell.get_absolute_url()).content.decode()
    response = client.post(reverse("members:cell_backup", kwargs={"slug": world.cell.slug}))
    run_jobs()
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    download = client.get(reverse("jobs:job_download", kwargs={"pk": job.pk}))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["cell"]["slug"] == world.cell.slug
    assert download["Content-Disposition"].startswith(f'attachment; filename="{world.cell.slug}-')


def test_an_import_whose_file_is_gone_fails_with_a_reason(world, run_jobs):
    job = job_start(
        actor=world.secretary.user,
        kind=JobKind.MEMBER_IMPORT,
        cell=world.cell,
        parameters={"name": "khong-co", "format": "csv", "file_name": "dang-vien.csv"},
    )
    run_jobs()
    job.refresh_from_db()
    assert (job.state, job.error) == (
        JobState.FAILED,
        "Tệp đã xem trước không còn nữa; đề nghị đồng chí tải lên lại.",
    )


def test_the_province_data_set_is_built_by_the_worker_with_progress(run_jobs):
    arguments = ["--cells", "3", "--committees", "2", "--years", "1"]
    call_command("province_dataset", *arguments, stdout=io.StringIO())
    job = Job.objects.get()
    assert (job.kind, job.state, job.requested_by) == (JobKind.PROVINCE_DATASET, JobState.QUEUED, None)
    run_jobs()
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert Cell.objects.filter(slug__startswith="tinh-").count() == 3


def test_progress_is_written_for_the_latest_attempt_only(world):
    job = JobFactory(kind=JobKind.COMMITTEE_PDF, committee=world.committee, attempt=2)
    Progress(Job(pk=job.pk, attempt=1))(1, 2, "cũ")
    Progress(job)(1, 2, "mới")
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total, job.progress_message, job.percent) == (1, 2, "mới", 50)
