"""The limits of a report's sections hold for the text with its figures placed (issue 29, item
2): a section of {tokens} within every limit as typed, that places several times as much, is
refused at its save, at its print and by the worker, each time naming the section."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobs.choices import JobKind, JobState
from jobs.models import Job
from jobs.services import job_start
from reports import limits
from reports.document import assembly
from reports.models import Report, ReportSection
from reports.services.editing import report_create, report_update
from tests.factories import report_header

pytestmark = pytest.mark.django_db

TOKEN = "{huong_dan_cap_tren}"
REFUSAL = "Hạn chế, khuyết điểm: Khi điền số liệu vào, phần này quá dài: tối đa 20.000 ký tự (hiện có "


@pytest.fixture
def report(world):
    return report_create(actor=world.secretary.user, cell=world.cell, data=report_header(world.secretary))


def expanding(report: Report) -> str:
    """As many of the token as the typed limits allow: it places far more than it takes."""
    placed = assembly.report_tokens(report)["huong_dan_cap_tren"]
    assert len(placed) > 2 * len(TOKEN)
    typed = " ".join([TOKEN] * (limits.SECTION_MAX_CHARS // (len(TOKEN) + 1)))
    assert not limits.section_errors(typed)
    return typed


def edit_post(world, report: Report, **sections) -> dict:
    return {
        **report_header(world.secretary, report_date="15/12/2025"),
        "signer": world.secretary.pk,
        **{f"section-{section.key}": section.text for section in report.sections.all()},
        **{f"section-{key}": text for key, text in sections.items()},
        "version": report.revision,
    }


def test_a_section_whose_figures_place_over_the_limit_is_refused_on_saving_naming_it(world, login, report):
    client = login(world.secretary)
    url = reverse("reports:report_edit", kwargs={"slug": world.cell.slug, "pk": report.pk})

    response = client.post(url, edit_post(world, report, limitations=expanding(report)))

    assert response.status_code == 200
    assert REFUSAL in html.unescape(response.content.decode())
    assert TOKEN not in Report.objects.get().sections.get(key="limitations").text


def test_a_few_figures_placed_are_saved(world, login, report):
    client = login(world.secretary)
    url = reverse("reports:report_edit", kwargs={"slug": world.cell.slug, "pk": report.pk})
    text = f"Thực hiện {TOKEN}, chi bộ đã quán triệt đến toàn thể đảng viên."

    assert client.post(url, edit_post(world, report, limitations=text)).status_code == 302

    assert Report.objects.get().sections.get(key="limitations").text == text


def test_a_forged_save_with_expanding_figures_is_refused_by_the_service(world, report):
    with pytest.raises(ValidationError) as refused:
        report_update(
            actor=world.secretary.user, report=report, data={}, sections={"limitations": expanding(report)}
        )
    assert refused.value.messages[0].startswith(REFUSAL)


def test_a_report_saved_before_the_check_is_refused_its_print_and_nothing_is_queued(world, login, report):
    ReportSection.objects.filter(report=report, key="limitations").update(text=expanding(report))
    client = login(world.secretary)

    response = client.post(
        reverse("reports:report_print", kwargs={"slug": world.cell.slug, "pk": report.pk}), follow=True
    )

    assert response.redirect_chain[-1][0] == report.get_absolute_url()
    assert REFUSAL in html.unescape(response.content.decode())
    assert not Job.objects.exists()


def test_the_worker_refuses_to_lay_out_a_section_over_the_limit_with_its_figures(world, report, run_jobs):
    job = job_start(
        actor=world.secretary.user,
        kind=JobKind.CELL_REPORT,
        cell=world.cell,
        parameters={"report": report.pk},
    )
    ReportSection.objects.filter(report=report, key="limitations").update(text=expanding(report))

    run_jobs()

    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error.startswith(REFUSAL)
    assert not job.result
