"""The pages of the entered years: the list of the cell's years and where their figures come
from, the form that refuses contradicting figures on the page, the report's sentence under its
appendix and the committee's table that names the entered years."""

import html
from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from figures.models import COUNTS, EnteredYearFigures
from reports.document import assembly
from reports.document.texts import entered_sources
from reports.services.editing import report_create
from tests.factories import make_entered_year, make_member, make_pledge, make_study_year, report_header

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def test_the_sentence_groups_consecutive_years_of_one_report_and_names_each_report():
    figures = {
        "entered_years": [
            {"year": 2016, "number": "12-BC/CB", "date": "2018-12-20"},
            {"year": 2017, "number": "12-BC/CB", "date": "2018-12-20"},
            {"year": 2018, "number": "12-BC/CB", "date": "2018-12-20"},
            {"year": 2019, "number": "03-BC/CB", "date": "2019-12-15"},
        ]
    }

    assert entered_sources(figures) == (
        "Số liệu các năm 2016–2018 theo Báo cáo số 12-BC/CB ngày 20/12/2018, "
        "năm 2019 theo Báo cáo số 03-BC/CB ngày 15/12/2019 của Chi bộ."
    )
    assert entered_sources({"entered_years": []}) == ""
    assert entered_sources({}) == ""  # the figures frozen before years could be entered


def test_a_report_over_entered_years_says_so_under_its_appendix(world, login):
    for year in (2016, 2017, 2018):
        make_entered_year(world.cell, year, report_number="12-BC/CB", report_date=date(2018, 12, 20))
    report = report_create(
        actor=world.secretary.user,
        cell=world.cell,
        data=report_header(world.secretary, start_year=2016, end_year=2020, report_date=date(2020, 12, 15)),
    )

    page = login(world.secretary).get(report.get_absolute_url())

    assert "* Số liệu các năm 2016–2018 theo Báo cáo số 12-BC/CB ngày 20/12/2018 của Chi bộ." in text_of(page)
    assert [year["source"] for year in assembly.report_document(report)["figures"]["years"]] == [
        "entered",
        "entered",
        "entered",
        "records",
        "records",
    ]


def test_a_report_of_records_alone_has_no_such_sentence(world, login):
    report = report_create(actor=world.secretary.user, cell=world.cell, data=report_header(world.secretary))

    page = login(world.secretary).get(report.get_absolute_url())

    assert 'id="entered-note"' not in page.content.decode()


def test_the_year_page_says_its_figures_are_entered_from_the_report(world, login):
    make_study_year(world.cell, 2018)
    make_entered_year(world.cell, 2018, report_number="12-BC/CB", report_date=date(2018, 12, 20))
    make_study_year(world.cell, 2019)
    url = reverse("plans:year_detail", kwargs={"slug": world.cell.slug, "year": 2018})

    page = login(world.secretary).get(url)
    records = login(world.secretary).get(
        reverse("plans:year_detail", kwargs={"slug": world.cell.slug, "year": 2019})
    )

    assert "Số liệu nhập từ Báo cáo số 12-BC/CB ngày 20/12/2018" in text_of(page)
    assert 'id="year-figures"' not in page.content.decode()  # no pledge of records to count
    assert 'data-source="entered"' in page.content.decode()
    assert 'data-source="records"' in records.content.decode()


def test_an_entered_year_without_a_theme_has_its_page_too(world, login):
    make_entered_year(world.cell, 2017, report_number="09-BC/CB", report_date=date(2017, 12, 18))

    page = login(world.member).get(
        reverse("plans:year_detail", kwargs={"slug": world.cell.slug, "year": 2017})
    )

    assert page.status_code == 200
    assert "Số liệu nhập từ Báo cáo số 09-BC/CB ngày 18/12/2017" in text_of(page)


def test_the_list_of_years_says_where_each_years_figures_come_from(world, login):
    make_pledge(make_member(world.cell), make_study_year(world.cell, 2019), "submitted")
    make_entered_year(world.cell, 2018, report_number="12-BC/CB")

    page = login(world.staff).get(reverse("reports:entered_year_list", kwargs={"slug": world.cell.slug}))

    sources = {row["year"]: row["source"] for row in page.context["years"]}
    assert (sources[2019], sources[2018], sources[2017]) == ("records", "entered", "nothing")
    assert sorted(sources) == list(range(2016, 2027))
    assert "Enter the figures" not in text_of(page) and "Nhập số liệu" not in text_of(page)


def test_the_secretary_enters_a_year_and_a_contradiction_is_shown_on_the_form(world, login):
    client = login(world.secretary)
    url = reverse("reports:entered_year_form", kwargs={"slug": world.cell.slug, "year": 2017})
    data = dict.fromkeys(COUNTS, 0) | {
        "report_number": "08-BC/CB",
        "report_date": "18/12/2017",
        "members": 20,
        "pledges_filed": 19,
        "pledges_approved": 20,
        "version": 1,
    }

    refused = client.post(url, data)
    saved = client.post(url, data | {"pledges_approved": 19})

    assert refused.status_code == 200
    assert refused.context["form"].errors["pledges_approved"] == [
        "Số bản đăng ký được duyệt nhiều hơn số đã nộp."
    ]
    assert saved.status_code == 302
    assert EnteredYearFigures.objects.get(cell=world.cell, year=2017).pledges_approved == 19


def test_a_year_with_records_is_refused_on_the_form(world, login):
    make_pledge(make_member(world.cell), make_study_year(world.cell, 2019), "submitted")
    url = reverse("reports:entered_year_form", kwargs={"slug": world.cell.slug, "year": 2019})
    data = dict.fromkeys(COUNTS, 0) | {"report_number": "08-BC/CB", "report_date": "18/12/2019", "version": 1}

    refused = login(world.deputy).post(url, data)

    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [
        "Chi bộ đã có hồ sơ của năm 2019: số liệu năm đó được tính từ hồ sơ, không nhập."
    ]
    assert not EnteredYearFigures.objects.exists()


def test_the_committee_table_names_the_entered_years_of_a_cell(world, login):
    for year in (2016, 2017, 2019):
        make_entered_year(world.cell, year)

    page = login(world.staff).get(
        reverse("reports:committee_table", kwargs={"pk": world.committee.pk}) + "?start=2016&end=2020"
    )

    row = next(row for row in page.context["rows"] if row["cell"] == world.cell)
    assert row["entered_span"] == "2016–2017, 2019"
    assert "Số liệu năm 2016–2017, 2019 nhập từ báo cáo của chi bộ" in text_of(page)
