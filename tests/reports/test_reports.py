import html
import time
from datetime import date

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from jobs import runner
from jobs.choices import JobKind, JobState
from jobs.models import Job
from members.models import Cell, Member
from oversight.models import Case
from reports import limits
from reports.choices import ReportState, SectionKey
from reports.document import assembly
from reports.document.contents import report_figures
from reports.document.texts import default_sections
from reports.document.wording import section_html
from reports.models import Report
from reports.services import editing, printing
from tests.factories import StudySessionFactory, make_case, make_study_year, write_what_is_left
from tests.query_counts import first_visit_queries
from tests.reports.helpers import edit_post, edit_url, lines, pdf_text, report_data, report_pdf_text
from tests.two_editors import signed_in

pytestmark = pytest.mark.django_db


def test_a_new_report_starts_from_the_drafts_with_the_figures_placed(world):
    report = editing.report_create(actor=world.secretary.user, cell=world.cell, data=report_data(world))
    assert {section.key: section.text for section in report.sections.all()} == default_sections(
        report_figures(world.cell, report.period)
    )
    text = report_pdf_text(report)
    assert "Chi bộ Khu phố 1 hiện có 02 tổ đảng, với tổng số 06 đảng viên" in text
    assert "Số 12-BC/CB" in text


def test_an_unknown_token_stays_visible_and_text_is_escaped():
    html = section_html("Có {so_dang_vien} và {khong_co} <b>x</b>", {"so_dang_vien": "27"})
    assert html == "<p>Có 27\u00a0và {khong_co} &lt;b&gt;x&lt;/b&gt;</p>"


def test_document_numbers_stay_whole_and_a_written_date_breaks_only_between_its_parts():
    html = section_html("Kế hoạch số 06-KH/CB, ngày 16 tháng 01 năm 2017 và 15/04/2021", {})
    assert '<span class="nowrap">06-KH/CB</span>' in html
    # A whole date, or its day and month, kept on one line stretched the line before it: only
    # each word with its number is kept whole.
    assert "ngày\u00a016 tháng\u00a001 năm\u00a02017" in html
    assert '<span class="nowrap">15/04/2021</span>' in html


def test_a_final_report_keeps_its_figures_and_pdf_when_the_records_change(world, login, run_jobs):
    client = login(world.secretary)
    report = editing.report_create(actor=world.secretary.user, cell=world.cell, data=report_data(world))
    write_what_is_left(report, world.secretary.user)
    response = client.post(
        reverse("reports:report_finalise", kwargs={"slug": world.cell.slug, "pk": report.pk})
    )
    assert response["Location"] == Job.objects.get().get_absolute_url()
    run_jobs()
    report.refresh_from_db()
    assert report.state == ReportState.FINAL
    frozen = client.get(
        reverse("reports:report_pdf", kwargs={"slug": world.cell.slug, "pk": report.pk})
    ).content
    make_case(
        world.cell, [world.member], kind="inspection", decision_date=date(2024, 5, 1), state="in_progress"
    )
    assert report_figures(world.cell, report.period)["members_inspected"] == 1  # the records did change
    again = client.get(
        reverse("reports:report_pdf", kwargs={"slug": world.cell.slug, "pk": report.pk})
    ).content
    assert again == frozen
    assert report.final_figures["members_inspected"] == 0
    with pytest.raises(ValidationError, match="dự thảo ban hành lại"):
        editing.report_update(
            actor=world.secretary.user, report=report, data={}, sections={"limitations": "x"}
        )


def test_a_corrected_report_is_a_new_version_with_live_figures(world):
    report = editing.report_create(actor=world.secretary.user, cell=world.cell, data=report_data(world))
    write_what_is_left(report, world.secretary.user)
    printing.report_finalise(actor=world.secretary.user, report=report)
    copy = editing.report_new_version(actor=world.secretary.user, report=report)
    assert (copy.version, copy.previous, copy.state, copy.final_figures) == (
        2,
        report,
        ReportState.DRAFT,
        None,
    )
    assert Report.objects.get(pk=report.pk).state == ReportState.FINAL


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("secretary", 200, 200),
        ("committee_member", 200, 200),
        ("staff", 200, 403),
        ("leader", 403, 403),
        ("member", 403, 403),
        ("other_secretary", 404, 404),
    ],
)
def test_members_cannot_open_reports_and_staff_cannot_edit(world, login, persona, read, write):
    report = editing.report_create(actor=world.secretary.user, cell=world.cell, data=report_data(world))
    client = login(getattr(world, persona))
    kwargs = {"slug": world.cell.slug, "pk": report.pk}
    assert client.get(reverse("reports:report_detail", kwargs=kwargs)).status_code == read
    # Printing a draft queues a job for whoever may read the report.
    assert client.post(reverse("reports:report_print", kwargs=kwargs)).status_code == (
        302 if read == 200 else read
    )
    assert client.get(reverse("reports:report_edit", kwargs=kwargs)).status_code == write
    assert client.get(reverse("reports:report_create", kwargs={"slug": world.cell.slug})).status_code == write


def test_secretary_edits_the_limitations_and_the_preview_shows_them(world, login):
    client = login(world.secretary)
    response = client.post(
        reverse("reports:report_create", kwargs={"slug": world.cell.slug}),
        {**report_data(world, signer=world.secretary.pk, report_date="15/12/2025")},
    )
    report = Report.objects.get()
    assert response["Location"] == reverse(
        "reports:report_edit", kwargs={"slug": world.cell.slug, "pk": report.pk}
    )
    form = {
        **report_data(world, signer=world.secretary.pk, report_date="15/12/2025"),
        **{f"section-{section.key}": section.text for section in report.sections.all()},
        "section-limitations": "Một số đảng viên chưa cụ thể hóa chỉ tiêu trong bản đăng ký.",
        "version": report.revision,
    }
    client.post(reverse("reports:report_edit", kwargs={"slug": world.cell.slug, "pk": report.pk}), form)
    preview = client.get(report.get_absolute_url()).content.decode()
    assert "Một số đảng viên chưa cụ thể hóa chỉ tiêu trong bản đăng ký." in preview


def test_superior_staff_see_every_cell_of_the_committee_and_print_it(world, login, run_jobs):
    make_study_year(world.cell, 2026)
    client = login(world.staff)
    response = client.get(reverse("reports:committee_table", kwargs={"pk": world.committee.pk}))
    assert response.status_code == 200
    assert [row["cell"] for row in response.context["rows"]] == [world.cell]
    assert response.context["rows"][0]["members"] == 6
    job_page = client.post(reverse("reports:committee_table_pdf", kwargs={"pk": world.committee.pk}))
    run_jobs()
    pdf = client.get(job_page["Location"] + "download/")
    assert pdf["Content-Type"] == "application/pdf"
    assert "Chi bộ Khu phố 1" in pdf_text(b"".join(pdf.streaming_content))
    other = login(world.other_secretary).get(
        reverse("reports:committee_table", kwargs={"pk": world.committee.pk})
    )
    assert other.status_code == 404


@pytest.fixture
def demo_cell(demo):
    return Cell.objects.get(slug="khoi-dang")


def test_the_demo_five_year_pdf_states_the_figures_of_the_source_document(demo_cell, tmp_path):
    output = tmp_path / "bao-cao.pdf"
    call_command(
        "fiveyear_report",
        cell="khoi-dang",
        start=2016,
        end=2021,
        date="2021-04-15",
        output=str(output),
        stdout=None,
    )
    text = pdf_text(output.read_bytes())
    for expected in (
        "05 tổ đảng, với tổng số 27 đảng viên",
        "Thực hiện Hướng dẫn số 08-HD/BTGHU, ngày 05/3/2021 của Ban Tuyên giáo Huyện ủy, Chi bộ Khối Đảng "
        "báo cáo kết quả 05 năm thực hiện Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị (khóa XII) "
        "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh như sau:",
        "100% đảng viên xây dựng bản đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Kế hoạch số 06-KH/CB, ngày 16/01/2017",
        "Kế hoạch số 46-KH/HU, ngày 08/12/2016 của Ban Thường vụ Huyện ủy",
        "các tổ đảng đã tổ chức đủ 207/207 buổi theo lịch (đạt 100%)",
        "Qua kiểm tra, giám sát, 13 đồng chí thực hiện tốt",
        "02 đồng chí có hạn chế, khuyết điểm đã được chỉ ra để khắc phục.",
        "Quy định số 02-QĐ/CB",
        "kiểm tra 07 đảng viên và giám sát 09 đảng viên",
        "biểu dương 03 đồng chí",
        "03 lượt tập thể và 05 lượt cá nhân",
        "T/M CHI BỘ",
        "BÍ THƯ",
        "Hoàng Văn Vĩnh",
    ):
        assert expected in text, expected
    # The register's decision on the disaster-prevention board and its plan for the year-end
    # conference carry out other work: not cited.
    assert "125-QĐ/HU" not in text and "07-KH/CB" not in text
    other_work = demo_cell.documents.filter(number__in=["125-QĐ/HU", "07-KH/CB"])
    assert list(other_work.values_list("on_directive_05", flat=True)) == [False, False]


def test_one_more_member_inspected_changes_the_figure_in_a_new_pdf(demo_cell, tmp_path):
    output = tmp_path / "bao-cao.pdf"
    arguments = {"cell": "khoi-dang", "start": 2016, "end": 2021, "date": "2021-04-15", "output": str(output)}
    newly_inspected = Member.objects.get(user__username="dangvien17")
    case = Case.objects.get(cell=demo_cell, decision_number="09-QĐ/CB")
    case.members.add(newly_inspected)
    call_command("fiveyear_report", **arguments, stdout=None)
    assert "kiểm tra 08 đảng viên và giám sát 09 đảng viên" in pdf_text(output.read_bytes())


def test_the_pdf_embeds_only_the_shipped_serif_font(demo_cell, tmp_path):
    output = tmp_path / "bao-cao.pdf"
    call_command("fiveyear_report", cell="khoi-dang", start=2016, end=2021, output=str(output), stdout=None)
    reader = PdfReader(str(output))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert fonts and all("Liberation" in name for name in fonts)
    first = reader.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)


def test_report_preview_makes_the_same_number_of_queries_for_few_and_many_members(world, login):
    from tests.factories import make_member, make_pledge

    year = make_study_year(world.cell, 2024)
    report = editing.report_create(actor=world.secretary.user, cell=world.cell, data=report_data(world))
    client = login(world.secretary)
    client.get(report.get_absolute_url())
    few = first_visit_queries(client, report.get_absolute_url())
    for _ in range(24):
        make_pledge(make_member(world.cell, world.group2), year, "evaluated")
    for month in (2, 5, 9):
        StudySessionFactory(study_year=year, held_on=date(2024, month, 1))
    assert first_visit_queries(client, report.get_absolute_url()) == few


def test_committee_table_makes_the_same_number_of_queries_for_one_and_many_cells(world, login):
    from tests.factories import make_cell, make_group, make_member

    client = login(world.staff)
    url = reverse("reports:committee_table", kwargs={"pk": world.committee.pk})
    client.get(url)
    few = first_visit_queries(client, url)
    for _ in range(5):
        cell = make_cell(world.committee)
        make_member(cell, make_group(cell, 1))
    assert first_visit_queries(client, url) == few


# Limits (issue 12, item 3): far above a real report, checked by the form and by the service.


def test_a_report_at_every_limit_is_saved_and_previewed(world, login):
    client = login(world.secretary)
    report = editing.report_create(actor=world.secretary.user, cell=world.cell, data=report_data(world))
    # As a browser sends it: each line break as CR LF, one character for the person who typed it.
    section = lines(limits.SECTION_MAX_LINES, limits.SECTION_MAX_CHARS // limits.SECTION_MAX_LINES)[
        : limits.SECTION_MAX_CHARS
    ].replace("\n", "\r\n")
    data = edit_post(
        world,
        report,
        title="T" * limits.TITLE_MAX_CHARS,
        recipients=lines(limits.RECIPIENTS_MAX_LINES, limits.RECIPIENTS_MAX_CHARS // 31),
        **{f"section-{key}": section for key in SectionKey.values},
    )

    assert client.post(edit_url(report), data).status_code == 302

    assert all(saved.text == section for saved in Report.objects.get().sections.all())
    page = client.get(report.get_absolute_url()).content.decode().replace("\u00a0", " ")
    assert section.splitlines()[-1] in page


def test_a_title_recipients_or_section_over_its_limit_is_refused_on_the_page(world, login):
    client = login(world.secretary)
    report = editing.report_create(actor=world.secretary.user, cell=world.cell, data=report_data(world))
    data = edit_post(
        world,
        report,
        title="T" * (limits.TITLE_MAX_CHARS + 1),
        recipients=lines(limits.RECIPIENTS_MAX_LINES + 1, 10),
        **{
            "section-limitations": lines(limits.SECTION_MAX_LINES + 1, 5),
            "section-tasks": "x" * (limits.SECTION_MAX_CHARS + 1),
        },
    )

    response = client.post(edit_url(report), data)

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "recipients"}
    assert set(response.context["sections"].errors) == {"limitations", "tasks"}
    page = response.content.decode()
    assert "500" in page and "301" in page and "20.001" in page  # each message gives the limit and the count
    assert Report.objects.get().title == report.title


def test_a_forged_save_over_the_limits_is_refused_by_the_service(world):
    report = editing.report_create(actor=world.secretary.user, cell=world.cell, data=report_data(world))
    for data, sections in (
        ({"title": "T" * (limits.TITLE_MAX_CHARS + 1)}, {}),
        ({"recipients": "x" * (limits.RECIPIENTS_MAX_CHARS + 1)}, {}),
        ({}, {"tasks": "x\n" * (limits.SECTION_MAX_LINES + 1)}),
    ):
        with pytest.raises(ValidationError):
            editing.report_update(actor=world.secretary.user, report=report, data=data, sections=sections)
    with pytest.raises(ValidationError):
        editing.report_create(
            actor=world.secretary.user, cell=world.cell, data=report_data(world, title="T" * 501)
        )
    saved = Report.objects.get()
    assert (saved.title, saved.revision) == (report.title, 1)
    assert "x\nx" not in saved.sections.get(key="tasks").text


def test_a_sentence_that_names_an_empty_figure_many_times_is_listed_once(world, login):
    # One line of 20,000 characters: before, each of its figures listed the whole line again
    # (megabytes of page), and finding its sentences cost the square of its length.
    report = editing.report_create(actor=world.secretary.user, cell=world.cell, data=report_data(world))
    write_what_is_left(report, world.secretary.user)
    line = " ".join(["{dang_vien_kiem_tra}"] * 1000)[: limits.SECTION_MAX_CHARS]
    editing.report_update(actor=world.secretary.user, report=report, data={}, sections={"oversight": line})

    gaps = login(world.secretary).get(report.get_absolute_url()).context["gaps"]

    assert [gap["token"] for gap in gaps] == ["dang_vien_kiem_tra"]


# The preview and the PDF of a draft are laid out once for each state of the report.


def test_opening_the_preview_again_lays_nothing_out(world, login, monkeypatch):
    laid_out = []
    lay_out = assembly._lay_out
    monkeypatch.setattr(assembly, "_lay_out", lambda *args: laid_out.append(1) or lay_out(*args))
    cache.clear()
    client = login(world.secretary)
    report = editing.report_create(actor=world.secretary.user, cell=world.cell, data=report_data(world))

    client.get(report.get_absolute_url())
    client.get(report.get_absolute_url())
    assert len(laid_out) == 1

    editing.report_update(
        actor=world.secretary.user,
        report=report,
        data={},
        sections={"oversight": "Chi ủy đã kiểm tra {dang_vien_kiem_tra} đảng viên."},
    )
    assert "Chi ủy đã kiểm tra 0 đảng viên." in client.get(report.get_absolute_url()).content.decode()
    make_case(
        world.cell, [world.member], kind="inspection", decision_date=date(2024, 5, 1), state="in_progress"
    )
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Chi ủy đã kiểm tra 01\u00a0đảng viên." in page
    client.get(report.get_absolute_url())
    assert len(laid_out) == 3  # once more for the new text, once more for the new figure


def test_a_drafts_pdf_is_laid_out_by_the_worker_once_and_made_final_with_it(
    world, login, run_jobs, monkeypatch
):
    laid_out = []
    html_to_pdf = printing.html_to_pdf
    monkeypatch.setattr(printing, "html_to_pdf", lambda html: laid_out.append(1) or html_to_pdf(html))
    cache.clear()
    client = login(world.secretary)
    report = editing.report_create(actor=world.secretary.user, cell=world.cell, data=report_data(world))
    kwargs = {"slug": world.cell.slug, "pk": report.pk}
    redirected = client.get(reverse("reports:report_pdf", kwargs=kwargs))
    assert redirected["Location"] == report.get_absolute_url()  # a draft has no PDF kept

    write_what_is_left(report, world.secretary.user)
    first = client.post(reverse("reports:report_print", kwargs=kwargs))
    run_jobs()
    client.post(reverse("reports:report_print", kwargs=kwargs))
    run_jobs()
    client.post(reverse("reports:report_finalise", kwargs=kwargs))
    run_jobs()

    printed = Job.objects.get(pk=first["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert printed.state == JobState.DONE
    assert "Số 12-BC/CB" in pdf_text(printed.result.read())
    report.refresh_from_db()
    assert report.state == ReportState.FINAL
    assert report.final_pdf.read() == printed.result.open().read()
    assert len(laid_out) == 1


def test_a_report_laid_out_past_its_time_limit_fails_and_says_so(world, login, run_jobs, monkeypatch):
    def endless(document):
        time.sleep(30)

    # Long enough for the figures to be counted first: the layout is what takes too long.
    monkeypatch.setitem(runner.TIME_LIMITS, JobKind.CELL_REPORT, 0.5)
    monkeypatch.setattr(printing, "pdf_once", endless)
    client = login(world.secretary)
    report = editing.report_create(actor=world.secretary.user, cell=world.cell, data=report_data(world))
    job_page = client.post(reverse("reports:report_print", kwargs={"slug": world.cell.slug, "pk": report.pk}))

    run_jobs()

    job = Job.objects.get()
    with translation.override("vi"):
        stopped = str(runner.JobTimedOut(0.5))
    assert "sau 0,5 giây" in stopped
    assert (job.state, job.error) == (JobState.FAILED, stopped)
    page = html.unescape(client.get(job_page["Location"]).content.decode())
    assert stopped in page and "Xử lý lại" in page


# Stale edits (issue 12, item 4): the report's saves are counted in `revision`; `version` stays
# the edition.


def test_a_report_saved_meanwhile_refuses_the_older_page_and_keeps_what_was_typed(world):
    report = editing.report_create(actor=world.secretary.user, cell=world.cell, data=report_data(world))
    desktop, phone = signed_in(world.secretary), signed_in(world.committee_member)
    seen = phone.get(edit_url(report)).context["form"]["version"].value()
    desktop_seen = desktop.get(edit_url(report)).context["form"]["version"].value()
    theirs = "Việc tự phê bình ở một số tổ đảng còn hình thức."
    mine = "Tiếp tục đưa nội dung học tập vào sinh hoạt thường kỳ của Chi bộ."
    saved = desktop.post(
        edit_url(report),
        edit_post(
            world,
            report,
            title="Sơ kết 05 năm (bản sửa)",
            version=desktop_seen,
            **{"section-limitations": theirs},
        ),
    )

    refused = phone.post(edit_url(report), edit_post(world, report, version=seen, **{"section-tasks": mine}))

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert refused.context["sections"]["tasks"].value() == mine
    assert html.escape(mine) in refused.content.decode()
    errors = refused.context["form"].non_field_errors()
    with translation.override("vi"):
        section, title = str(SectionKey.LIMITATIONS.label), str(Report._meta.get_field("title").verbose_name)
    assert any(section in line and theirs in line for line in errors), errors
    assert any(title in line and "(bản sửa)" in line for line in errors), errors
    current = Report.objects.get()
    assert (current.sections.get(key="limitations").text, current.title) == (
        theirs,
        "Sơ kết 05 năm (bản sửa)",
    )

    again = phone.post(
        edit_url(report),
        edit_post(
            world, report, version=refused.context["form"]["version"].value(), **{"section-tasks": mine}
        ),
    )

    assert again.status_code == 302
    current = Report.objects.get()
    assert (current.sections.get(key="tasks").text, current.version, current.revision) == (mine, 1, 3)


def test_the_history_of_a_report_shows_no_count_of_saves(world, login):
    report = editing.report_create(actor=world.secretary.user, cell=world.cell, data=report_data(world))
    editing.report_update(actor=world.secretary.user, report=report, data={"place": "Hà Nội"}, sections={})

    history = login(world.secretary).get(report.get_absolute_url()).context["history"]

    fields = [str(change["field"]) for row in history for change in row["changes"]]
    assert fields == [str(Report._meta.get_field("place").verbose_name)]
