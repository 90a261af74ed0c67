"""The rota and the pledges print as documents of the cell (issue 28, item 5): dated the day
they were issued, not the day they are printed; headed by the cell and its committee of that
day; the rota signed by the secretary of that day."""

import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from members.choices import CellRole, CommitteeKind
from plans.choices import PledgeState
from tests.factories import (
    CellMoveFactory,
    RoleTermFactory,
    make_cell,
    make_committee,
    make_group,
    make_member,
    make_member_with_account,
    make_monday_session,
    make_pledge,
    make_study_year,
)

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


@pytest.fixture
def cell():
    """A cell under a district committee until 30/06/2025, under a commune's since; its
    secretary until 2023 was Lê Văn Cũ, since then Trần Thị Mới."""
    district = make_committee(name="Đảng bộ huyện Yên Thành", kind=CommitteeKind.DISTRICT)
    commune = make_committee(name="Đảng bộ xã Yên Thành")
    cell = make_cell(commune, place="Yên Thành")
    CellMoveFactory(cell=cell, from_committee=district, to_committee=commune)
    former = make_member(cell, full_name="Lê Văn Cũ")
    RoleTermFactory(member=former, ended_on=date(2023, 1, 1))
    current = make_member_with_account(cell, full_name="Trần Thị Mới", role=CellRole.SECRETARY)
    RoleTermFactory(member=current, started_on=date(2023, 1, 1))
    return cell


@pytest.fixture
def reader(cell, client):
    client.force_login(make_member_with_account(cell).user)
    return client


def rota(client, cell, **period):
    return pdf_text(client.get(reverse("plans:monday_pdf", kwargs={"slug": cell.slug}), period))


def test_a_past_quarters_rota_is_dated_the_day_before_it_begins_and_signed_by_the_secretary_then(
    cell, reader
):
    make_monday_session(cell, make_group(cell), date(2021, 4, 5))

    text = rota(reader, cell, year=2021, quarter=2)

    assert "Yên Thành, ngày 31 tháng 3 năm 2021" in text
    assert "ĐẢNG BỘ HUYỆN YÊN THÀNH" in text.upper()
    assert "T/M CHI BỘ BÍ THƯ Lê Văn Cũ" in text
    assert "Trần Thị Mới" not in text


def test_a_rota_after_the_move_names_the_new_committee_and_secretary(cell, reader):
    text = rota(reader, cell, year=2025, month=8)

    assert "Yên Thành, ngày 31 tháng 7 năm 2025" in text
    assert "ĐẢNG BỘ XÃ YÊN THÀNH" in text.upper()
    assert "T/M CHI BỘ BÍ THƯ Trần Thị Mới" in text


def test_a_rota_printed_before_its_period_is_dated_today(cell, reader):
    today = timezone.localdate()

    text = rota(reader, cell, year=today.year + 1, quarter=1)

    assert f"tháng {today.month} năm {today.year}" in text


def test_a_self_assessment_is_dated_the_day_it_was_made_and_says_what_it_assesses(cell, client):
    member = make_member_with_account(cell)
    pledge = make_pledge(member, make_study_year(cell, 2020), PledgeState.SELF_ASSESSED)
    pledge.submitted_at = timezone.make_aware(datetime(2020, 2, 10, 9))
    pledge.self_assessed_at = timezone.make_aware(datetime(2020, 12, 18, 9))
    pledge.save()
    client.force_login(member.user)

    url = reverse("plans:pledge_pdf", kwargs={"slug": cell.slug, "pk": pledge.pk})
    assessment = pdf_text(client.get(url))

    assert "Yên Thành, ngày 18 tháng 12 năm 2020" in assessment
    assert (
        "kết quả thực hiện bản đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2020"
        in assessment
    )
    assert "ĐẢNG BỘ HUYỆN YÊN THÀNH" in assessment.upper()


def test_the_years_pledges_are_each_dated_the_day_filed(cell, client):
    study_year = make_study_year(cell, 2026)
    for day in (3, 17):
        pledge = make_pledge(make_member(cell), study_year, PledgeState.SUBMITTED)
        pledge.submitted_at = timezone.make_aware(datetime(2026, 2, day, 9))
        pledge.save()
    client.force_login(cell.members.get(full_name="Trần Thị Mới").user)

    text = pdf_text(client.get(reverse("plans:year_pledges_pdf", kwargs={"slug": cell.slug, "year": 2026})))

    assert "Yên Thành, ngày 03 tháng 02 năm 2026" in text
    assert "Yên Thành, ngày 17 tháng 02 năm 2026" in text
    assert "ĐẢNG BỘ XÃ YÊN THÀNH" in text.upper()
