"""The superior committee's own report over its cells: its office writes it as a draft from the
cells' figures, the worker prints it and makes it final; nobody else may."""

import io
import re
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from cell05.periods import Period
from jobs.choices import JobState
from jobs.models import Job
from reports.choices import ReportState, SectionKey
from reports.figures import period_figures
from reports.limits import SECTION_MAX_CHARS
from reports.models import CommitteeReport
from reports.report_figures import committee_figures
from reports.selectors import committee_report_document
from reports.services import GAPS_REFUSAL, committee_report_update
from tests.factories import (
    make_cell,
    make_group,
    make_member,
    make_pledge,
    make_study_year,
    make_user,
    write_what_is_left,
)
from tests.two_editors import signed_in

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def page_text(response) -> str:
    """The words of a page, its tags removed (figures are kept with their words in spans)."""
    return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())


def moment(day: date):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def header(**extra) -> dict:
    return {
        "kind": "five_year",
        "start_year": "2024",
        "end_year": "2025",
        "number": "7",
        "title": "",
        "place": "Ba Đình",
        "report_date": "15/12/2025",
        "recipients": "- Ban Thường vụ Thành ủy (b/c),\n- Lưu Văn phòng.",
        "signer_name": "Trần Văn Ủy",
        "signer_title": "BÍ THƯ",
        **extra,
    }


def url(name, world, report=None):
    kwargs = {"pk": world.committee.pk}
    if report is not None:
        kwargs["report"] = report.pk
    return reverse(f"reports:{name}", kwargs=kwargs)


@pytest.fixture
def two_cells(world):
    """The world's cell (6 members) and a second cell of 2 under the same committee, with
    pledges filed in 2025 by 3 members of the first and both of the second."""
    second = make_cell(world.committee, name="Chi bộ Khu phố 2", slug="khu-pho-2")
    group = make_group(second, 1)
    pair = [make_member(second, group), make_member(second, group)]
    for cell, members in ((world.cell, [world.member, world.leader, world.deputy]), (second, pair)):
        year = make_study_year(cell, 2025)
        for member in members:
            make_pledge(member, year, "submitted", submitted_at=moment(date(2025, 3, 1)))
    return second


def test_the_office_creates_the_committees_report_from_its_cells_figures(world, login, two_cells):
    client = login(world.staff)
    response = client.post(url("committee_report_create", world), header())
    report = CommitteeReport.objects.get()
    assert response["Location"] == url("committee_report_edit", world, report)
    assert (
        report.title == "Sơ kết 02 năm thực hiện Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW của Bộ Chính trị"
    )
    preview = page_text(client.get(report.get_absolute_url()))
    assert "Đảng ủy phường Ba Đình hiện có 02 chi bộ trực thuộc với tổng số 08 đảng viên." in preview
    assert "Chi bộ Khu phố 2" in preview  # the appendix's row of each cell
    assert "Kèm theo Báo cáo số" in preview


def test_the_committees_figures_are_the_sum_of_its_cells_rows(world, two_cells):
    period = Period.of_years(2024, 2025)
    figures = committee_figures(world.committee, period)
    rows = period_figures([world.cell, two_cells], period)
    assert figures["members"] == rows[world.cell.pk]["members"] + rows[two_cells.pk]["members"] == 8
    assert figures["pledges"] == 5
    # 5 pledges over the 8 members of 2025: 2024 is before the cells' first study year.
    assert figures["pledge_rate"] == round(100 * 5 / 8, 1)
    # Both members of the second cell filed in its one year of records.
    assert figures["cells_all_pledged"] == 1
    assert [row["cell"] for row in figures["cells"]] == ["Chi bộ Khu phố 1", "Chi bộ Khu phố 2"]


def test_the_worker_prints_the_draft_and_the_job_page_offers_it(world, login, run_jobs, two_cells):
    client = login(world.staff)
    client.post(url("committee_report_create", world), header())
    report = CommitteeReport.objects.get()
    response = client.post(url("committee_report_print", world, report))
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    run_jobs()
    job.refresh_from_db()
    assert job.state == JobState.DONE
    text = pdf_text(job.result.read())
    assert "Số 07-BC/ĐU" in text
    assert "T/M ĐẢNG ỦY" in text
    assert "Trần Văn Ủy" in text
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_making_final_in_the_worker_freezes_the_figures_and_a_later_pledge_changes_nothing(
    world, login, run_jobs, two_cells
):
    client = login(world.staff)
    client.post(url("committee_report_create", world), header())
    report = CommitteeReport.objects.get()
    write_what_is_left(report, world.staff)
    client.post(url("committee_report_finalise", world, report))
    run_jobs()
    report.refresh_from_db()
    assert report.state == ReportState.FINAL
    assert report.final_figures["pledges"] == 5
    make_pledge(world.secretary, world.cell.years.get(year=2025), "submitted")
    assert committee_report_document(report)["figures"]["pledges"] == 5
    assert 'id="make-final"' not in client.get(report.get_absolute_url()).content.decode()
    download = client.post(url("committee_report_print", world, report))
    assert download["Content-Type"] == "application/pdf"


def test_a_committees_report_with_a_figure_of_nothing_cannot_be_made_final(world, login, run_jobs, two_cells):
    client = login(world.staff)
    client.post(url("committee_report_create", world), header())
    report = CommitteeReport.objects.get()
    section = report.sections.get(key="monday")
    section.text = "Các chi bộ đã tổ chức {buoi_thu_hai_da_to_chuc} buổi."
    section.save()
    preview = client.get(report.get_absolute_url()).content.decode()
    assert 'id="report-gaps"' in preview
    assert 'id="make-final"' not in preview
    client.post(url("committee_report_finalise", world, report))
    run_jobs()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert Job.objects.get().error == str(GAPS_REFUSAL)


def test_only_the_committees_office_writes_its_report(world, login, two_cells):
    client = login(world.staff)
    client.post(url("committee_report_create", world), header())
    report = CommitteeReport.objects.get()
    for person in (world.secretary, world.member):
        client = login(person)
        assert client.get(url("committee_report_list", world)).status_code == 404
        assert client.post(url("committee_report_create", world), header(number="8")).status_code == 404
        assert client.get(report.get_absolute_url()).status_code == 404
    assert CommitteeReport.objects.count() == 1


def test_the_office_edits_a_section_and_the_preview_shows_it(world, login, two_cells):
    client = login(world.staff)
    client.post(url("committee_report_create", world), header())
    report = CommitteeReport.objects.get()
    form = {
        **header(title=report.title, version=report.revision),
        **{f"section-{s.key}": s.text for s in report.sections.all()},
    }
    form["section-limitations"] = "Một số chi bộ chưa kiểm tra việc thực hiện bản đăng ký."
    response = client.post(url("committee_report_edit", world, report), form)
    assert response["Location"] == report.get_absolute_url()
    assert (
        "Một số chi bộ chưa kiểm tra việc thực hiện bản đăng ký."
        in client.get(response["Location"]).content.decode()
    )


# Stale edits (issue 12, item 4), as on a cell's report.


def test_a_committees_report_saved_meanwhile_refuses_the_older_page_and_keeps_what_was_typed(
    world, login, two_cells
):
    login(world.staff).post(url("committee_report_create", world), header())
    report = CommitteeReport.objects.get()
    colleague = make_user("vanphong-2")
    world.committee.staff.add(colleague)
    address = url("committee_report_edit", world, report)
    desktop, phone = signed_in(world.staff), signed_in(colleague)
    seen = phone.get(address).context["form"]["version"].value()
    desktop_seen = desktop.get(address).context["form"]["version"].value()
    typed = {**header(title=report.title), **{f"section-{s.key}": s.text for s in report.sections.all()}}
    theirs = "Một số chi bộ chưa kiểm tra việc thực hiện bản đăng ký."
    mine = "Các chi bộ tiếp tục duy trì sinh hoạt thứ Hai."

    saved = desktop.post(address, {**typed, "section-limitations": theirs, "version": desktop_seen})
    refused = phone.post(address, {**typed, "section-monday": mine, "version": seen})

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert refused.context["sections"]["monday"].value() == mine
    errors = refused.context["form"].non_field_errors()
    with translation.override("vi"):
        section = str(SectionKey.LIMITATIONS.label)
    assert any(section in line and theirs in line for line in errors), errors
    assert report.sections.get(key="limitations").text == theirs

    again = phone.post(
        address, {**typed, "section-monday": mine, "version": refused.context["form"]["version"].value()}
    )

    assert again.status_code == 302
    assert report.sections.get(key="monday").text == mine


def test_a_forged_save_of_a_committees_report_over_the_limits_is_refused(world, login, two_cells):
    login(world.staff).post(url("committee_report_create", world), header())
    report = CommitteeReport.objects.get()
    with pytest.raises(ValidationError):
        committee_report_update(
            actor=world.staff, report=report, data={}, sections={"tasks": "x" * (SECTION_MAX_CHARS + 1)}
        )
    with pytest.raises(ValidationError):
        committee_report_update(
            actor=world.staff, report=report, data={"recipients": "- x\n" * 31}, sections={}
        )
    assert CommitteeReport.objects.get().revision == 1
