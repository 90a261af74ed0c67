"""Text typed by people never becomes a live formula in what cell05 writes for spreadsheets."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import make_study_year

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x.invalid","Bấm")'


def cells(response) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [cell.value for row in sheet.iter_rows() for cell in row]


def test_the_member_list_export_writes_a_typed_formula_as_text(world, login):
    world.member.position = FORMULA
    world.member.save()
    response = login(world.secretary).get(reverse("members:member_export", kwargs={"slug": world.cell.slug}))
    assert "'" + FORMULA in cells(response)
    assert FORMULA not in cells(response)


def test_the_year_export_writes_a_group_name_that_starts_like_a_formula_as_text(world, login):
    world.group1.name = "+Tổ 1"
    world.group1.save()
    year = make_study_year(world.cell, 2026)
    response = login(world.secretary).get(
        reverse("plans:year_export", kwargs={"slug": world.cell.slug, "year": year.year})
    )
    assert "'+Tổ 1" in cells(response)
    assert "+Tổ 1" not in cells(response)


def test_the_rota_csv_writes_a_group_name_that_starts_like_a_formula_as_text(world):
    world.group1.name = "@Tổ 1"
    world.group1.save()
    out = io.StringIO()
    call_command("monday_rota", cell=world.cell.slug, year=2026, stdout=out)
    rows = out.getvalue().splitlines()[1:]
    assert any(row.endswith(",'@Tổ 1") for row in rows)
    assert not any(row.endswith(",@Tổ 1") for row in rows)
