"""The years a review names (issue 28 §4): the report's own field, proposed as cells count
them, set by the secretary where practice differs, and read by the title, the opening, every
sentence and the word "sơ kết"/"tổng kết"."""

import html
import io
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import strip_tags

from cell05.periods import proposed_span
from reports.models import CommitteeReport, Report
from reports.services.editing import report_create, report_update
from tests.factories import report_header
from tests.reports.helpers import pdf_text, report_pdf_text

pytestmark = pytest.mark.django_db

TEN_YEARS = {"start_year": 2016, "end_year": 2025, "report_date": date(2025, 5, 19)}


def page_text(response) -> str:
    assert response.status_code == 200
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def review(world, **header) -> Report:
    """A review created by the secretary with the title and the span left empty."""
    data = report_header(world.secretary, title="", **header)
    return report_create(actor=world.secretary.user, cell=world.cell, data=data)


def form_header(world, report: Report, **changes) -> dict:
    """The edit page as the secretary saves it: the header as shown, every section, the revision."""
    return {
        "kind": report.kind,
        "start_year": report.start_year,
        "end_year": report.end_year,
        "span": report.span,
        "number": report.number,
        "title": report.title,
        "place": report.place,
        "report_date": report.report_date.strftime("%d/%m/%Y"),
        "recipients": report.recipients,
        "signer": world.secretary.pk,
        "signer_title": report.signer_title,
        **{f"section-{section.key}": section.text for section in report.sections.all()},
        "version": report.revision,
        **changes,
    }


def edit_url(report: Report) -> str:
    return reverse("reports:report_edit", kwargs={"slug": report.cell.slug, "pk": report.pk})


@pytest.mark.parametrize(
    ("first", "last", "day", "span"),
    [
        (2016, 2021, date(2021, 12, 20), 5),
        (2016, 2021, date(2021, 4, 15), 5),
        (2016, 2025, date(2025, 5, 19), 9),
        (2016, 2026, date(2026, 5, 15), 10),
        (2017, 2019, date(2019, 12, 31), 3),
        (2024, 2025, date(2025, 12, 15), 2),
        (2024, 2024, date(2024, 12, 20), 1),
        (2016, 2016, date(2016, 12, 31), 1),
    ],
)
def test_a_review_proposes_the_years_since_the_directive_or_those_of_a_later_period(first, last, day, span):
    assert proposed_span(first, last, day) == span


def test_a_review_of_2016_to_2021_dated_20_12_2021_names_5_years_where_it_named_6(world, login):
    client = login(world.secretary)
    client.post(
        reverse("reports:report_create", kwargs={"slug": world.cell.slug}),
        {
            **report_header(world.secretary, title=""),
            "signer": world.secretary.pk,
            "start_year": 2016,
            "end_year": 2021,
            "report_date": "20/12/2021",
            "span": "",
        },
    )
    report = Report.objects.get()
    text = page_text(client.get(report.get_absolute_url()))

    assert report.span == 5
    assert (
        report.title == "Sơ kết 05 năm thực hiện Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW của Bộ Chính trị"
    )
    assert "Chi bộ Khu phố 1 báo cáo kết quả 05 năm thực hiện Chỉ thị số 05-CT/TW" in text
    assert "06 năm" not in text


def test_the_secretary_sets_10_years_and_the_title_the_opening_and_every_sentence_say_tong_ket_10_nam(
    world, login
):
    client = login(world.secretary)
    report = review(world, **TEN_YEARS)
    assert (report.span, report.title[:13]) == (9, "Sơ kết 09 năm")

    response = client.post(edit_url(report), form_header(world, report, span=10))

    assert response.status_code == 302
    report.refresh_from_db()
    text = page_text(client.get(report.get_absolute_url()))
    printed = report_pdf_text(report)
    assert report.span == 10
    assert (
        report.title
        == "Tổng kết 10 năm thực hiện Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW của Bộ Chính trị"
    )
    assert "Chi bộ Khu phố 1 báo cáo kết quả 10 năm thực hiện Chỉ thị số 05-CT/TW" in text
    assert "Trong 10 năm" in text
    assert "Qua 10 năm thực hiện" in text  # the lessons of a review
    # The page's history below the report says what the title was; the report says it nowhere.
    assert not re.search(r"0?9 năm|sơ kết", text.split("Tổng kết 10 năm", 1)[1].split("Nơi nhận")[0], re.I)
    assert "Tổng kết 10 năm thực hiện" in printed and "báo cáo kết quả 10 năm" in printed
    assert not re.search(r"0?9 năm|sơ kết", printed, re.IGNORECASE)


def test_a_title_written_in_other_words_stays_when_the_span_changes(world, login):
    client = login(world.secretary)
    report = review(world, **TEN_YEARS)
    own = "Báo cáo kết quả thực hiện Chỉ thị số 05-CT/TW"
    client.post(edit_url(report), form_header(world, report, title=own))
    report.refresh_from_db()

    client.post(edit_url(report), form_header(world, report, span=10))

    report.refresh_from_db()
    assert (report.span, report.title) == (10, own)
    assert "báo cáo kết quả 10 năm" in page_text(client.get(report.get_absolute_url()))


def test_a_proposed_span_follows_the_years_and_one_the_secretary_set_stays(world, login):
    client = login(world.secretary)
    report = review(world, start_year=2016, end_year=2021, report_date=date(2021, 12, 20))
    assert report.title.startswith("Sơ kết 05 năm")

    client.post(edit_url(report), form_header(world, report, end_year=2025, report_date="19/05/2025"))
    report.refresh_from_db()
    assert (report.span, report.title[:13]) == (9, "Sơ kết 09 năm")

    client.post(edit_url(report), form_header(world, report, span=10))
    report.refresh_from_db()
    client.post(edit_url(report), form_header(world, report, report_date="20/05/2025"))
    report.refresh_from_db()
    assert (report.span, report.title[:15]) == (10, "Tổng kết 10 năm")


@pytest.mark.parametrize("span", ["0", "51", "-3"])
def test_a_span_outside_1_to_50_is_refused_with_its_reason(world, login, span):
    client = login(world.secretary)
    report = review(world, **TEN_YEARS)

    response = client.post(edit_url(report), form_header(world, report, span=span))

    assert response.status_code == 200
    assert "Số năm của báo cáo phải từ 1 đến 50." in page_text(response)
    report.refresh_from_db()
    assert report.span == 9


def test_a_forged_span_is_refused_by_the_service(world):
    report = review(world, **TEN_YEARS)
    with pytest.raises(ValidationError):
        report_update(actor=world.secretary.user, report=report, data={"span": 0}, sections={})
    report.refresh_from_db()
    assert report.span == 9


def test_a_committees_review_names_the_span_its_office_sets(world, login):
    world.committee.superior_name = "Đảng bộ thành phố Hà Nội"
    world.committee.save()
    client = login(world.staff)
    client.post(
        reverse("reports:committee_report_create", kwargs={"pk": world.committee.pk}),
        {
            "kind": "five_year",
            "start_year": "2016",
            "end_year": "2025",
            "span": "10",
            "number": "7",
            "title": "",
            "place": "Ba Đình",
            "report_date": "19/05/2025",
            "recipients": "- Ban Thường vụ Thành ủy (b/c),\n- Lưu Văn phòng.",
            "signer_name": "Trần Văn Ủy",
            "signer_title": "BÍ THƯ",
        },
    )
    report = CommitteeReport.objects.get()
    text = page_text(client.get(report.get_absolute_url()))

    assert report.title.startswith("Tổng kết 10 năm thực hiện Chỉ thị số 05-CT/TW")
    assert "báo cáo kết quả 10 năm thực hiện Chỉ thị số 05-CT/TW" in text
    assert not re.search(r"0?9 năm|sơ kết", text.split("Nơi nhận")[0], re.IGNORECASE)


def run(command: str, tmp_path, **options) -> str:
    output = tmp_path / "report.pdf"
    call_command(command, output=str(output), stdout=io.StringIO(), stderr=io.StringIO(), **options)
    return pdf_text(output.read_bytes())


def test_the_commands_propose_the_span_and_take_the_one_given(world, tmp_path):
    dated = {"cell": world.cell.slug, "start": 2016, "end": 2025, "date": "2025-05-19"}
    proposed = run("fiveyear_report", tmp_path, **dated)
    given = run("fiveyear_report", tmp_path, **dated, years=10)
    committee = run(
        "committee_report",
        tmp_path,
        committee=world.committee.name,
        start=2016,
        end=2025,
        date="2025-05-19",
        years=10,
    )

    assert "Sơ kết 09 năm" in proposed and "Tổng kết" not in proposed
    assert "Tổng kết 10 năm" in given and "09 năm" not in given
    assert "Tổng kết 10 năm" in committee and "09 năm" not in committee
    with pytest.raises(CommandError, match="--years must be from 1 to 50"):
        run("fiveyear_report", tmp_path, **dated, years=0)
