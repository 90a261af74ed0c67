"""The year import's pages: the preview, the confirmation that the worker carries out, the link and
the template (operations/views.py).
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from jobs.choices import JobKind, JobState
from jobs.models import Job
from operations.jobs import import_year
from operations.year_import.sheets import SHEETS
from plans.models import Pledge
from tests.operations.helpers import row_counts, upload, workbook, year_2019

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_preview_page_lists_the_refused_rows_and_the_members_not_found(people, login):
    world = people
    sheets = year_2019(world)
    sheets["praises"].append(
        {"full_name": "Ma Văn Lạ", "date_of_birth": "01/01/1970", "praised_on": "01/06/2019", "reason": "Tốt"}
    )
    client = login(world.secretary)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.post(
        reverse("operations:year_import", kwargs={"slug": world.cell.slug}), upload(world, workbook(sheets))
    )

    page = response.content.decode()
    plan = response.context["plan"]
    assert [str(refusal) for refusal in plan.refusals] == [
        "sheet “Biểu dương”, line 3, Họ và tên: The cell has no such member."
    ]
    assert "The cell has no such member." in page
    assert "Ma Văn Lạ" in page
    assert "Confirm the import" not in page
    assert Pledge.objects.count() == 0


def test_the_deputy_previews_then_the_worker_imports_on_confirm(people, login, run_jobs):
    world = people
    client = login(world.deputy)
    response = client.post(
        reverse("operations:year_import", kwargs={"slug": world.cell.slug}),
        upload(world, workbook(year_2019(world))),
    )
    assert response.context["plan"].created["pledges"] == 2
    assert Pledge.objects.count() == 0

    response = client.post(reverse("operations:year_import_confirm", kwargs={"slug": world.cell.slug}))
    run_jobs()

    job = Job.objects.get(kind=JobKind.YEAR_IMPORT)
    assert response.url == job.get_absolute_url()
    assert job.state == JobState.DONE
    assert Pledge.objects.filter(study_year__year=2019).count() == 2
    assert {entry.history_user for entry in Pledge.history.all()} == {world.deputy.user}


def test_a_job_retried_after_its_import_committed_imports_nothing_again(people, login, run_jobs):
    world = people
    client = login(world.secretary)
    client.post(
        reverse("operations:year_import", kwargs={"slug": world.cell.slug}),
        upload(world, workbook(year_2019(world))),
    )
    client.post(reverse("operations:year_import_confirm", kwargs={"slug": world.cell.slug}))
    run_jobs()
    job = Job.objects.get(kind=JobKind.YEAR_IMPORT)
    before = row_counts()

    # Its worker killed after the commit: the retry finds the summary the import committed.
    output = import_year(job, lambda *args: None)

    assert output.summary == job.summary
    assert row_counts() == before


def test_the_year_list_links_the_import_for_the_secretary_only(people, login):
    url = reverse("plans:year_list", kwargs={"slug": people.cell.slug})
    link = reverse("operations:year_import", kwargs={"slug": people.cell.slug})
    assert link in login(people.secretary).get(url).content.decode()
    assert link not in login(people.committee_member).get(url).content.decode()


def test_the_template_has_one_sheet_per_kind_with_vietnamese_headers(people, login):
    response = login(people.secretary).get(
        reverse("operations:year_import_template", kwargs={"slug": people.cell.slug})
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [title for title, _columns, _required in SHEETS.values()]
    assert [cell.value for cell in book["Bản đăng ký"][1]][:4] == [
        "Số thẻ đảng viên",
        "Họ và tên",
        "Ngày sinh",
        "Ngày nộp",
    ]
