"""The superior committee's own report over its cells: its office writes it as a draft from the
cells' figures, the worker prints it and makes it final; nobody else may."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cell05.periods import Period
from figures.counting.period import period_figures
from jobs.choices import JobState
from jobs.models import Job
from members.choices import CommitteeKind
from reports.choices import ReportState, SectionKey
from reports.document.assembly import committee_report_document
from reports.document.committee_texts import committee_default_sections
from reports.document.contents import committee_figures
from reports.limits import SECTION_MAX_CHARS
from reports.models import CommitteeReport
from reports.services.editing import report_update
from reports.services.printing import GAPS_REFUSAL
from tests.factories import (
    CellMoveFactory,
    make_cell,
    make_committee,
    make_committee_guidance,
    make_entered_year,
    make_group,
    make_member,
    make_pledge,
    make_study_year,
    make_user,
    write_what_is_left,
)
from tests.reports.helpers import header, moment, page_text, pdf_text, url
from tests.two_editors import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cells(world):
    """The world's cell (6 members) and a second cell of 2 under the same committee, with
    pledges filed in 2025 by 3 members of the first and both of the second; the committee under
    "Đảng bộ thành phố Hà Nội", its register holding the guidance its report answers."""
    world.committee.superior_name = "Đảng bộ thành phố Hà Nội"
    world.committee.save()
    make_committee_guidance(world.committee)
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
        report_update(
            actor=world.staff, report=report, data={}, sections={"tasks": "x" * (SECTION_MAX_CHARS + 1)}
        )
    with pytest.raises(ValidationError):
        report_update(actor=world.staff, report=report, data={"recipients": "- x\n" * 31}, sections={})
    assert CommitteeReport.objects.get().revision == 1


# The committee's own report in its own name (issue 28, §1)


def district(**fields):
    """A district committee under its province, with one cell whose 3 members filed in 2021."""
    committee = make_committee(
        "Đảng bộ huyện Yên Thành",
        kind=CommitteeKind.DISTRICT,
        code="HU",
        place="Yên Thành",
        superior_name="Đảng bộ tỉnh Nghệ An",
        **fields,
    )
    cell = make_cell(committee, name="Chi bộ Khối Đảng", slug="khoi-dang-huyen")
    group = make_group(cell, 1)
    year = make_study_year(cell, 2021)
    for _index in range(3):
        make_pledge(make_member(cell, group), year, "submitted", submitted_at=moment(date(2021, 3, 1)))
    return committee


def run_committee_report(committee, tmp_path, *arguments) -> tuple[str, str]:
    """The command's PDF as text, and what it printed on the error stream."""
    output, errors = tmp_path / "bao-cao.pdf", StringIO()
    call_command(
        "committee_report",
        "--committee",
        committee.name,
        "--start",
        "2016",
        "--end",
        "2021",
        "--date",
        "2021-04-20",
        "--output",
        str(output),
        *arguments,
        stdout=StringIO(),
        stderr=errors,
    )
    return pdf_text(output.read_bytes()), errors.getvalue()


def test_the_committees_report_is_issued_in_its_name_and_names_its_standing_committee_and_the_one_above(
    db, tmp_path
):
    committee = district()
    make_committee_guidance(
        committee,
        number="08-HD/BTGTU",
        issued_on=date(2021, 3, 5),
        issuer="Ban Tuyên giáo Tỉnh ủy",
        title="Hướng dẫn sơ kết 05 năm thực hiện Chỉ thị số 05-CT/TW",
    )
    text, errors = run_committee_report(committee, tmp_path, "--signer", "Nguyễn Văn Huyện")
    assert all(line.startswith("Still to write in") for line in errors.splitlines())
    assert "ĐẢNG BỘ TỈNH NGHỆ AN HUYỆN ỦY YÊN THÀNH" in text
    assert "Số 01-BC/HU" in text
    assert (
        "Thực hiện Hướng dẫn số 08-HD/BTGTU, ngày 05/3/2021 của Ban Tuyên giáo Tỉnh ủy, Ban Thường vụ "
        "Huyện ủy Yên Thành báo cáo kết quả 05 năm thực hiện Chỉ thị số 05-CT/TW, ngày 15/5/2016" in text
    )
    assert "Ban Thường vụ Huyện ủy Yên Thành đã lãnh đạo, chỉ đạo các chi bộ trực thuộc" in text
    assert "Đề nghị Ban Thường vụ Tỉnh ủy Nghệ An tiếp tục quan tâm" in text
    assert "- Ban Thường vụ Tỉnh ủy Nghệ An (b/c)," in text
    assert "T/M BAN THƯỜNG VỤ BÍ THƯ" in text
    assert "Nguyễn Văn Huyện" in text
    assert "cấp ủy cấp trên" not in text
    assert "Kèm theo Báo cáo số 01-BC/HU, ngày 20 tháng 4 năm 2021 của Huyện ủy Yên Thành" in text


def test_the_command_prints_a_missing_guidance_and_a_missing_signer_as_gaps(db, tmp_path):
    text, errors = run_committee_report(district(), tmp_path)
    assert "Thực hiện Hướng dẫn số […] của […], Ban Thường vụ Huyện ủy Yên Thành báo cáo" in text
    # Besides what part III and the lessons leave to write, by hand.
    lines = [line for line in errors.splitlines() if not line.startswith("Still to write in")]
    assert len(lines) == 2
    assert lines[0].startswith("Nothing to state for") and "Thực hiện Hướng dẫn số […] của […]," in lines[0]
    assert lines[1].startswith("Nothing to state for") and lines[1].endswith(": BÍ THƯ")


def test_a_deputy_signs_for_the_secretary(db, tmp_path):
    text, _errors = run_committee_report(district(), tmp_path, "--signer", "Lê Thị Phó", "--deputy")
    assert "T/M BAN THƯỜNG VỤ K/T BÍ THƯ PHÓ BÍ THƯ" in text
    assert "Lê Thị Phó" in text


def test_a_commune_committee_leads_and_signs_as_the_party_committee(world, two_cells):
    report = committee_report_in(world)
    document = committee_report_document(report)
    situation = next(s for s in document["sections"] if s["key"] == "situation")["html"]
    assert "Đảng ủy phường Ba Đình đã lãnh đạo, chỉ đạo các chi bộ trực thuộc" in situation
    assert "Ban Thường vụ" not in situation
    assert document["recipients"][0] == "- Ban Thường vụ Thành ủy Hà Nội (b/c),"


def committee_report_in(world, **extra):
    data = {**header(**extra), "recipients": ""}
    client = signed_in(world.staff)
    client.post(url("committee_report_create", world), data)
    return CommitteeReport.objects.get()


def test_the_opening_cites_the_latest_guidance_of_the_committees_register(world, login, two_cells):
    report = committee_report_in(world)
    preview = page_text(login(world.staff).get(report.get_absolute_url()))
    assert (
        "Thực hiện Hướng dẫn số 15-HD/BTGDVTU, ngày 05/11/2025 của Ban Tuyên giáo và Dân vận Thành ủy, Đảng "
        "ủy phường Ba Đình báo cáo" in preview
    )
    assert 'id="report-gaps"' not in preview


def test_without_a_guidance_the_opening_reads_a_prompt_and_the_report_cannot_be_made_final(
    world, login, run_jobs, two_cells
):
    world.committee.documents.all().delete()
    report = committee_report_in(world)
    client = login(world.staff)
    preview = client.get(report.get_absolute_url()).content.decode()
    assert "Thực hiện Hướng dẫn số […] của […], Đảng ủy phường Ba Đình báo cáo" in page_text(
        client.get(report.get_absolute_url())
    )
    assert 'id="report-gaps"' in preview
    assert 'id="make-final"' not in preview
    client.post(url("committee_report_finalise", world, report))
    run_jobs()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_the_office_registers_the_guidance_and_the_draft_cites_it_at_once(world, login, two_cells):
    world.committee.documents.all().delete()
    report = committee_report_in(world)
    client = login(world.staff)
    response = client.post(
        reverse("reports:committee_document_create", kwargs={"pk": world.committee.pk}),
        {
            "kind": "guidance",
            "direction": "received",
            "number": "20-HD/BTGDVTU",
            "issued_on": "10/10/2025",
            "issuer": "Ban Tuyên giáo và Dân vận Thành ủy",
            "title": "Hướng dẫn sơ kết Kết luận số 01-KL/TW",
            "summary": "",
            "on_directive_05": "on",
            "version": 1,
        },
    )
    assert response["Location"] == reverse(
        "reports:committee_document_list", kwargs={"pk": world.committee.pk}
    )
    listed = page_text(client.get(response["Location"]))
    assert "20-HD/BTGDVTU" in listed
    preview = page_text(client.get(report.get_absolute_url()))
    assert (
        "Thực hiện Hướng dẫn số 20-HD/BTGDVTU, ngày 10/10/2025 của Ban Tuyên giáo và Dân vận Thành ủy"
        in preview
    )


def test_the_committees_report_answers_no_guidance_that_is_not_on_the_directive(world, login, two_cells):
    world.committee.documents.all().delete()
    make_committee_guidance(world.committee, on_directive_05=False)
    report = committee_report_in(world)
    client = login(world.staff)

    preview = page_text(client.get(report.get_absolute_url()))

    assert "15-HD/BTGDVTU" not in preview
    register = page_text(
        client.get(reverse("reports:committee_document_list", kwargs={"pk": world.committee.pk}))
    )
    assert "15-HD/BTGDVTU" in register


def test_a_committees_report_without_a_signer_cannot_be_made_final(world, login, run_jobs, two_cells):
    report = committee_report_in(world, signer_name="")
    client = login(world.staff)
    preview = client.get(report.get_absolute_url()).content.decode()
    assert "họ tên đồng chí ký báo cáo" in preview
    assert 'id="make-final"' not in preview
    assert 'id="report-unsigned"' not in preview
    client.post(url("committee_report_finalise", world, report))
    run_jobs()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_a_new_report_begins_with_the_last_reports_signer_and_the_committees_own_symbol(
    world, login, two_cells
):
    committee_report_in(world, signer_name="Trần Văn Ủy", signer_title="PHÓ BÍ THƯ")
    form = login(world.staff).get(url("committee_report_create", world))
    assert form.context["form"]["signer_name"].value() == "Trần Văn Ủy"
    assert form.context["form"]["signer_title"].value() == "PHÓ BÍ THƯ"
    assert form.context["form"]["recipients"].value().startswith("- Ban Thường vụ Thành ủy Hà Nội (b/c),")
    assert "Ghi 12 sẽ thành “Số 12-BC/ĐU”." in form.content.decode()


def test_the_job_ends_saying_done_and_names_its_download_as_a_cells(world, login, run_jobs, two_cells):
    report = committee_report_in(world)
    login(world.staff).post(url("committee_report_print", world, report))
    run_jobs()
    job = Job.objects.get()
    assert job.progress_message == "Hoàn thành"
    # Named as a cell's: number and title, cut to what a file system holds.
    assert job.result_name.startswith("07-BC-ĐU Sơ kết 02 năm thực hiện Chỉ thị số 05-CT-TW")


def test_the_appendix_sets_beside_the_members_the_pledges_of_the_last_year(world, two_cells):
    report = committee_report_in(world)
    document = committee_report_document(report)
    rows = {row["cell"]: row for row in document["figures"]["cells"]}
    assert (rows["Chi bộ Khu phố 1"]["members"], rows["Chi bộ Khu phố 1"]["last_year_pledges"]) == (6, 3)
    assert rows["Chi bộ Khu phố 2"]["last_year_pledge_rate"] == 100.0
    html = render_to_string("reports/_committee_report_appendix.html", document)
    assert "Bản đăng ký năm 2025" in html


def test_a_cell_whose_records_begin_after_the_last_year_has_no_pledges_of_that_year(world, two_cells):
    later = make_cell(world.committee, name="Chi bộ Khu phố 3", slug="khu-pho-3")
    make_member(later, make_group(later, 1))
    make_study_year(later, 2026)
    figures = committee_figures(world.committee, Period.of_years(2024, 2025))
    row = next(row for row in figures["cells"] if row["cell"] == "Chi bộ Khu phố 3")
    assert (row["last_year_pledges"], row["last_year_pledge_rate"]) == (None, None)


def test_a_committee_without_cells_says_so_in_its_own_words(db):
    committee = make_committee("Đảng bộ xã Mới", superior_name="Đảng bộ tỉnh Nghệ An")
    figures = committee_figures(committee, Period.of_years(2025, 2025))
    situation = committee_default_sections(figures)["situation"]
    assert situation == "Đến ngày báo cáo, {ten_dang_uy} chưa có chi bộ trực thuộc."


def test_a_cell_that_moved_after_the_reports_date_is_not_marked_as_moved_away(db):
    committee = district()
    commune = make_committee("Đảng bộ xã Yên Thành", superior_name="Đảng bộ tỉnh Nghệ An")
    cell = committee.cells.get()
    CellMoveFactory(cell=cell, to_committee=commune)
    cell.committee = commune
    cell.save()
    figures = committee_figures(committee, Period.of_years(2016, 2021, as_of=date(2021, 4, 20)))
    assert [(row["cell"], row["moved_away_on"]) for row in figures["cells"]] == [("Chi bộ Khối Đảng", None)]


def test_the_committees_report_says_under_its_appendix_which_cells_years_were_entered_from_their_reports(
    db, tmp_path
):
    committee = district()
    kindergarten = make_cell(committee, name="Chi bộ Trường Mầm non")
    for year, number in ((2016, "12-BC/CB"), (2017, "12-BC/CB")):
        make_entered_year(kindergarten, year, report_number=number, report_date=date(2017, 12, 15))

    text, _errors = run_committee_report(committee, tmp_path, "--signer", "Nguyễn Văn Huyện")

    assert (
        "* Số liệu các năm 2016–2017 theo Báo cáo số 12-BC/CB ngày 15/12/2017 của Chi bộ Trường Mầm non."
        in text
    )
    assert "Chi bộ Khối Đảng*" not in text
