"""The list of a person's background jobs asks the database a fixed number of questions, whatever
the number of jobs: whether each may be downloaded is not asked job by job."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.choices import JobKind, JobState
from tests.factories import JobFactory, make_user

pytestmark = pytest.mark.django_db


def done_jobs(world, count: int, *, requested_by, joined_by=None) -> None:
    """Prints of the cell's reports and of the committee's table, done, each with its file."""
    for number in range(count):
        on_cell = number % 2 == 0
        job = JobFactory(
            kind=JobKind.CELL_REPORT if on_cell else JobKind.COMMITTEE_PDF,
            requested_by=requested_by,
            cell=world.cell if on_cell else None,
            committee=None if on_cell else world.committee,
            state=JobState.DONE,
            result=f"jobs/result-{number}.pdf",
            result_name=f"result-{number}.pdf",
        )
        if joined_by is not None:
            job.joined_by.add(joined_by)


def list_page(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("jobs:job_list"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("persona", ["requester", "joiner", "admin"])
def test_the_job_list_asks_as_many_queries_for_twelve_jobs_as_for_two(world, login, persona):
    # The office prints the committee's table and the cell's reports; a colleague of the office
    # asked for the same work and was given the job; the administrator reads every job.
    joiner = make_user("vanphong-cung")
    world.committee.staff.add(joiner)
    viewer = {"requester": world.staff, "joiner": joiner, "admin": make_user("quantri", is_superuser=True)}[
        persona
    ]
    client = login(viewer)
    list_page(client)  # the session's first request writes it
    done_jobs(world, 2, requested_by=world.staff, joined_by=joiner)
    few, page = list_page(client)
    assert page.count(">Tải về</a>") == 2

    done_jobs(world, 10, requested_by=world.staff, joined_by=joiner)
    many, page = list_page(client)

    assert page.count(">Tải về</a>") == 12
    assert many == few
