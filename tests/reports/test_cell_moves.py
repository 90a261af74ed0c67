"""A cell belongs to a superior committee from a day until a day: its documents name the body of
their own date, its former committee's office reads it up to the move, the one it joined reads
its whole history, and a move that cannot have happened is refused, writing nothing."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from cell05.pdf import print_html
from cell05.periods import Period
from members.choices import CellRole, CommitteeKind
from members.models import Cell, CellMove
from members.selectors import belongings_of, committee_of
from plans.models import CellDocument, Pledge
from reports.choices import ReportKind
from reports.document.assembly import report_document, unsaved_report_document
from reports.document.contents import committee_figures
from reports.selectors import committee_table
from reports.services.committees import cell_former_committee_add, cell_move
from reports.services.editing import report_create
from reports.services.printing import report_finalise
from tests.factories import (
    CellMoveFactory,
    RewardProposalFactory,
    make_cell,
    make_committee,
    make_entered_year,
    make_group,
    make_member,
    make_pledge,
    make_study_year,
    make_user,
    report_header,
    write_what_is_left,
)

pytestmark = pytest.mark.django_db

DISTRICT = "Đảng bộ huyện Yên Thành"
COMMUNE = "Đảng bộ xã Quang Thành"


@pytest.fixture
def reform(db):
    """A cell of 2016 under a district committee, moved under a commune's on 01/07/2025 by an
    administrator; a member filed a pledge each year."""
    district = make_committee(DISTRICT, kind=CommitteeKind.DISTRICT, code="HU", place="Yên Thành")
    commune = make_committee(COMMUNE, kind=CommitteeKind.COMMUNE, code="ĐU", place="Quang Thành")
    cell = make_cell(district, name="Chi bộ Khối Đảng", slug="khoi-dang", place="Yên Thành")
    group = make_group(cell, 1)
    secretary = make_member(cell, group, role=CellRole.SECRETARY, full_name="Hoàng Văn Vĩnh")
    for year in range(2016, 2027):
        make_pledge(secretary, make_study_year(cell, year), "approved")
    admin = make_user("quantri", is_superuser=True, is_staff=True)
    cell_move(actor=admin, cell=cell, committee=commune, moved_on=date(2025, 7, 1))
    cell.refresh_from_db()
    return cell, district, commune, secretary, admin


def printed(cell, **header) -> str:
    document = unsaved_report_document(cell, number=3, **header)
    return " ".join(print_html("reports/report_print.html", document).split())


def test_the_moved_cells_2021_report_names_the_district_and_its_2026_report_the_commune(reform):
    cell, _district, _commune, _secretary, _admin = reform

    of_2021 = printed(
        cell, kind=ReportKind.FIVE_YEAR, start_year=2016, end_year=2021, report_date=date(2021, 4, 15)
    )
    of_2026 = printed(
        cell, kind=ReportKind.FIVE_YEAR, start_year=2016, end_year=2026, report_date=date(2026, 5, 15)
    )

    assert f"<div>{DISTRICT}</div>" in of_2021
    assert "- Ban Thường vụ Huyện ủy Yên Thành (b/c)," in of_2021
    assert "hướng dẫn của Ban Thường vụ Huyện ủy Yên Thành" in of_2021
    assert COMMUNE not in of_2021 and "Quang Thành" not in of_2021
    assert f"<div>{COMMUNE}</div>" in of_2026
    assert "- Ban Thường vụ Đảng ủy xã Quang Thành (b/c)," in of_2026
    assert "Đề nghị Ban Thường vụ Đảng ủy xã Quang Thành" in of_2026
    assert DISTRICT not in of_2026


def test_a_day_belongs_to_the_committee_of_its_side_of_the_move(reform):
    cell, district, commune, _secretary, _admin = reform

    assert committee_of(cell, date(2025, 6, 30)) == district
    assert committee_of(cell, date(2025, 7, 1)) == commune
    assert [(span.committee, span.first_day, span.last_day) for span in belongings_of(cell)] == [
        (district, None, date(2025, 6, 30)),
        (commune, date(2025, 7, 1), None),
    ]
    assert CellMove.history.get().history_change_reason == "cell.moved"
    assert cell.history.first().history_user.username == "quantri"


def test_the_former_office_reads_the_cell_up_to_the_move_and_the_new_one_its_whole_history(reform):
    cell, district, commune, _secretary, _admin = reform
    ten_years = Period(date(2016, 1, 1), date(2026, 12, 7))

    former = committee_table(district, ten_years)
    joined = committee_table(commune, Period.of_years(2016, 2020))

    assert [(row["cell"], row["moved_away_on"], [y["year"] for y in row["years"]]) for row in former] == [
        (cell, date(2025, 7, 1), list(range(2016, 2026)))
    ]
    assert former[0]["pledges"] == 10
    assert [(row["cell"], row["moved_away_on"], row["pledges"]) for row in joined] == [(cell, None, 5)]
    # After the move, the district reads nothing of it.
    assert committee_table(district, Period.of_years(2026, 2026)) == []
    summed = committee_figures(district, ten_years)
    assert (summed["cells_count"], summed["pledges"], summed["cells"][0]["moved_away_on"]) == (
        1,
        10,
        "2025-07-01",
    )
    assert [year["pledges"] for year in summed["years"]] == [1] * 10 + [0]


def test_the_committee_table_page_marks_the_cell_that_moved_away_and_links_to_its_past(reform, client):
    cell, district, _commune, _secretary, _admin = reform
    office = make_user("vanphong-huyen")
    district.staff.add(office)
    client.force_login(office)

    page = client.get(reverse("reports:committee_table", args=[district.pk]) + "?start=2021&end=2025")
    page = page.content.decode()

    assert "Chi bộ Khối Đảng" in page
    assert "moved-away" in page
    assert f'href="{cell.get_absolute_url()}"' in page


def bad_move(cell, committee, day, actor):
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        cell_move(actor=actor, cell=cell, committee=committee, moved_on=day)
    return " ".join(refusal.value.messages)


def test_a_move_that_cannot_have_happened_is_refused_and_writes_nothing(reform):
    cell, district, commune, _secretary, admin = reform
    other_commune = make_committee("Đảng bộ xã Hoa Thành", kind=CommitteeKind.COMMUNE)
    zone = make_committee("Đảng bộ đặc khu Cồn Cỏ", kind=CommitteeKind.SPECIAL_ZONE)
    newcomer = make_cell(district, name="Chi bộ Mới")
    make_study_year(newcomer, 2019)
    before = (CellMove.objects.count(), CellMove.history.count(), Cell.history.count())

    assert "already belongs" in bad_move(cell, commune, date(2026, 1, 5), admin)
    assert "since 01/07/2025" in bad_move(cell, other_commune, date(2025, 7, 1), admin)
    assert "in the future" in bad_move(cell, other_commune, timezone.localdate().replace(year=2099), admin)
    assert "ended on 30/06/2025" in bad_move(cell, district, date(2026, 1, 5), admin)

    assert "records begin on 01/01/2019" in bad_move(newcomer, commune, date(2018, 3, 1), admin)
    # A cell kept under a district after 30/06/2025 was under a body that no longer existed.
    assert "Huyện ủy Yên Thành could not hold the cell on 31/07/2025" in bad_move(
        newcomer, commune, date(2025, 8, 1), admin
    )
    assert "could not hold the cell on 01/01/2024" in bad_move(newcomer, zone, date(2024, 1, 1), admin)

    assert (CellMove.objects.count(), CellMove.history.count(), Cell.history.count()) == before
    newcomer.refresh_from_db()
    assert newcomer.committee == district


def test_only_an_administrator_or_the_joining_committees_office_moves_a_cell(reform):
    cell, district, _commune, secretary, _admin = reform
    other = make_committee("Đảng bộ xã Hoa Thành", kind=CommitteeKind.COMMUNE)
    office = make_user("vanphong-hoa-thanh")
    other.staff.add(office)
    district_office = make_user("vanphong-huyen")
    district.staff.add(district_office)

    with pytest.raises(PermissionDenied):
        cell_move(actor=district_office, cell=cell, committee=other, moved_on=date(2026, 1, 5))
    cell_move(actor=office, cell=cell, committee=other, moved_on=date(2026, 1, 5))

    assert Cell.objects.get(pk=cell.pk).committee == other


def test_a_new_cell_records_the_district_it_belonged_to_before_it_used_the_program(db):
    district = make_committee(DISTRICT, kind=CommitteeKind.DISTRICT, code="HU")
    commune = make_committee(COMMUNE, kind=CommitteeKind.COMMUNE)
    cell = make_cell(commune, name="Chi bộ Thôn 3")
    office = make_user("vanphong-xa")
    commune.staff.add(office)

    cell_former_committee_add(actor=office, cell=cell, committee=district, last_day=date(2025, 6, 30))

    assert committee_of(cell, date(2019, 12, 20)) == district
    assert committee_of(cell, date(2025, 7, 1)) == commune
    of_2019 = printed(
        cell, kind=ReportKind.YEARLY, start_year=2019, end_year=2019, report_date=date(2019, 12, 20)
    )
    assert f"<div>{DISTRICT}</div>" in of_2019
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        cell_former_committee_add(
            actor=office,
            cell=cell,
            committee=make_committee("Đảng bộ huyện Diễn Châu"),
            last_day=date(2025, 8, 1),
        )
    assert "until 30/06/2025: give an earlier day" in " ".join(refusal.value.messages)
    assert CellMove.objects.filter(cell=cell).count() == 1


def test_a_report_dated_after_the_districts_ended_under_a_district_cannot_be_made_final(db):
    district = make_committee(DISTRICT, kind=CommitteeKind.DISTRICT, code="HU")
    cell = make_cell(district, name="Chi bộ Khối Đảng")
    secretary = make_member(cell, make_group(cell, 1), role=CellRole.SECRETARY)
    secretary.user = make_user("bithu-khoi-dang")
    secretary.save()
    report = report_create(
        actor=secretary.user, cell=cell, data=report_header(secretary, report_date=date(2025, 12, 15))
    )

    gaps = report_document(report)["gaps"]

    assert [gap["sentence"] for gap in gaps][:1] == ["Huyện ủy Yên Thành"]
    with pytest.raises(ValidationError):
        report_finalise(actor=secretary.user, report=report)


def test_move_cells_moves_every_cell_of_a_dissolved_committee_or_none(db):
    district = make_committee(DISTRICT, kind=CommitteeKind.DISTRICT, code="HU")
    commune = make_committee(COMMUNE, kind=CommitteeKind.COMMUNE)
    cells = [make_cell(district, name=f"Chi bộ {n}") for n in (1, 2, 3)]
    make_study_year(cells[2], 2026)
    make_user("quantri", is_superuser=True)

    with pytest.raises(CommandError, match="Chi bộ 3: The cell's records begin on 01/01/2026"):
        call_command(
            "move_cells", "--from", DISTRICT, "--to", COMMUNE, "--on", "2025-07-01", "--by", "quantri"
        )
    assert CellMove.objects.count() == 0

    cells[2].years.all().delete()
    call_command(
        "move_cells", "--from", DISTRICT, "--to", str(commune.pk), "--on", "2025-07-01", "--by", "quantri"
    )
    assert sorted(Cell.objects.filter(committee=commune).values_list("name", flat=True)) == [
        "Chi bộ 1",
        "Chi bộ 2",
        "Chi bộ 3",
    ]


@pytest.mark.parametrize(
    ("name", "kind", "issuing_name", "standing_committee_signs"),
    [
        ("Đảng bộ huyện Yên Thành", CommitteeKind.DISTRICT, "Huyện ủy Yên Thành", True),
        ("Đảng bộ tỉnh Nghệ An", CommitteeKind.PROVINCE, "Tỉnh ủy Nghệ An", True),
        ("Đảng bộ thành phố Hà Nội", CommitteeKind.CITY, "Thành ủy Hà Nội", True),
        ("Đảng bộ thị xã Thái Hòa", CommitteeKind.TOWN, "Thị ủy Thái Hòa", True),
        ("Đảng bộ xã Quang Thành", CommitteeKind.COMMUNE, "Đảng ủy xã Quang Thành", False),
        ("Đảng bộ phường Vinh Phú", CommitteeKind.WARD, "Đảng ủy phường Vinh Phú", False),
        ("Đảng bộ đặc khu Cồn Cỏ", CommitteeKind.SPECIAL_ZONE, "Đảng ủy đặc khu Cồn Cỏ", False),
        ("Đảng bộ Khối các cơ quan tỉnh", CommitteeKind.BLOC, "Đảng ủy Khối các cơ quan tỉnh", True),
        ("Đảng ủy phường Ba Đình", CommitteeKind.WARD, "Đảng ủy phường Ba Đình", False),
    ],
)
def test_a_committee_issues_and_signs_as_its_kind_says(
    db, name, kind, issuing_name, standing_committee_signs
):
    committee = make_committee(name, kind=kind)

    assert committee.issuing_name == issuing_name
    assert committee.standing_committee == f"Ban Thường vụ {issuing_name}"
    assert committee.standing_committee_signs is standing_committee_signs


def test_the_proposals_of_a_review_name_the_standing_committee_of_each_ones_day(reform):
    cell, _district, _commune, secretary, _admin = reform
    for day in (date(2020, 4, 20), date(2026, 4, 20)):
        RewardProposalFactory(cell=cell, member=secretary, proposed_on=day)

    text = printed(
        cell, kind=ReportKind.FIVE_YEAR, start_year=2016, end_year=2026, report_date=date(2026, 5, 15)
    )

    both = "Ban Thường vụ Huyện ủy Yên Thành và Ban Thường vụ Đảng ủy xã Quang Thành"
    assert f"đề nghị {both} khen thưởng 02 lượt cá nhân" in text


def test_the_proposals_of_an_entered_year_went_to_the_standing_committee_of_its_report(db):
    district = make_committee(DISTRICT, kind=CommitteeKind.DISTRICT, code="HU")
    commune = make_committee(COMMUNE, kind=CommitteeKind.COMMUNE)
    cell = make_cell(commune, name="Chi bộ Thôn 4")
    CellMoveFactory(cell=cell, from_committee=district, to_committee=commune)
    make_entered_year(cell, 2019, proposals_collective=1, proposals_individual=0, granted_collective=0)

    text = printed(
        cell, kind=ReportKind.YEARLY, start_year=2019, end_year=2019, report_date=date(2019, 12, 20)
    )

    assert "đề nghị Ban Thường vụ Huyện ủy Yên Thành khen thưởng 01 lượt tập thể" in text


# The office of the committee a cell has left reads its records up to the day before the move.


@pytest.fixture
def offices(reform):
    """The reformed cell's reports of 15/04/2021 (final) and 15/05/2026 (a draft), and the
    offices of the district it left, of the commune it joined and of a committee that never held
    it."""
    cell, district, commune, secretary, _admin = reform
    secretary.user = make_user("bithu-khoi-dang")
    secretary.save()
    before = report_create(
        actor=secretary.user,
        cell=cell,
        data=report_header(
            secretary, start_year=2016, end_year=2021, report_date=date(2021, 4, 15), number=3
        ),
    )
    write_what_is_left(before, secretary.user)
    before = report_finalise(actor=secretary.user, report=before)
    after = report_create(
        actor=secretary.user,
        cell=cell,
        data=report_header(
            secretary, start_year=2016, end_year=2026, report_date=date(2026, 5, 15), number=4
        ),
    )
    users = {}
    for name, committee in (
        ("district", district),
        ("commune", commune),
        ("stranger", make_committee("Đảng bộ xã Hoa Thành", kind=CommitteeKind.COMMUNE)),
    ):
        users[name] = make_user(f"vanphong-{name}")
        committee.staff.add(users[name])
    return SimpleNamespace(cell=cell, before=before, after=after, secretary=secretary, **users)


def cell_url(name, cell, **kwargs):
    return reverse(name, kwargs={"slug": cell.slug, **kwargs})


def test_the_former_office_reads_the_reports_dated_before_the_move_and_finds_none_after(offices, client):
    cell, before, after = offices.cell, offices.before, offices.after
    client.force_login(offices.district)

    listed = client.get(cell_url("reports:report_list", cell))
    detail = client.get(cell_url("reports:report_detail", cell, pk=before.pk))
    pdf = client.get(cell_url("reports:report_pdf", cell, pk=before.pk))

    assert listed.status_code == 200
    assert [report.pk for report in listed.context["reports"]] == [before.pk]
    assert detail.status_code == 200
    assert detail.context["report"] == before
    assert not any(detail.context["can"][action] for action in ("edit", "finalise", "new_version"))
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")
    for name in ("reports:report_detail", "reports:report_pdf"):
        assert client.get(cell_url(name, cell, pk=after.pk)).status_code == 404
    assert client.post(cell_url("reports:report_print", cell, pk=after.pk)).status_code == 404


def test_the_former_office_opens_the_years_that_ended_before_the_move(offices, client):
    cell = offices.cell
    pledges = {pledge.study_year.year: pledge for pledge in Pledge.objects.filter(member__cell=cell)}
    client.force_login(offices.district)

    listed = client.get(cell_url("plans:year_list", cell))
    year_2024 = client.get(cell_url("plans:year_detail", cell, year=2024))
    pledge_2024 = client.get(cell_url("plans:pledge_detail", cell, pk=pledges[2024].pk))

    assert [year.year for year in listed.context["years"]] == list(range(2024, 2015, -1))
    assert year_2024.status_code == 200
    assert [row["member"] for row in year_2024.context["overview"]["rows"]] == [offices.secretary]
    assert pledge_2024.status_code == 200
    # 2025 was cut by the move on 01/07/2025: its page counts as of today, so it is not read.
    for year in (2025, 2026):
        for name in ("plans:year_detail", "plans:year_export", "plans:year_pledges_pdf"):
            assert client.get(cell_url(name, cell, year=year)).status_code == 404
        assert client.get(cell_url("plans:pledge_detail", cell, pk=pledges[year].pk)).status_code == 404


def test_the_former_office_sees_on_the_cells_page_where_it_went_and_nothing_of_it_today(offices, client):
    client.force_login(offices.district)

    page = client.get(offices.cell.get_absolute_url())
    text = " ".join(page.content.decode().split())

    assert page.status_code == 200
    assert (
        "Chi bộ đã chuyển sang Đảng bộ xã Quang Thành từ ngày 01/07/2025; "
        "đồng chí xem được hồ sơ đến ngày 30/06/2025." in text
    )
    assert 'data-figure="members"' not in text
    assert cell_url("members:member_list", offices.cell) not in text
    english = client.get(offices.cell.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    english = " ".join(english.split())
    assert (
        "The cell moved to Đảng bộ xã Quang Thành on 01/07/2025; you can read its records up to 30/06/2025."
        in english
    )


def test_the_current_office_reads_the_whole_history_without_the_notice(offices, client):
    cell = offices.cell
    client.force_login(offices.commune)

    listed = client.get(cell_url("reports:report_list", cell))
    page = client.get(cell.get_absolute_url())

    assert [report.pk for report in listed.context["reports"]] == [offices.after.pk, offices.before.pk]
    assert client.get(cell_url("reports:report_detail", cell, pk=offices.after.pk)).status_code == 200
    assert client.get(cell_url("plans:year_detail", cell, year=2026)).status_code == 200
    assert client.get(cell_url("plans:year_detail", cell, year=2016)).status_code == 200
    assert page.context["overview"]["total"] == 1
    assert "former-office-notice" not in page.content.decode()


def test_the_former_office_reads_the_documents_issued_before_the_move(offices, client):
    cell = offices.cell
    documents = {}
    for number, issued_on in (("06-KH/CB", date(2024, 1, 16)), ("07-KH/CB", date(2025, 7, 15))):
        document = CellDocument(
            cell=cell,
            kind="plan",
            direction="issued",
            number=number,
            issued_on=issued_on,
            issuer="Chi bộ",
            title="Kế hoạch",
            file_name="ke-hoach.pdf",
        )
        document.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        document.save()
        documents[number] = document
    client.force_login(offices.district)

    listed = client.get(cell_url("plans:document_list", cell))

    assert [document.number for document in listed.context["documents"]] == ["06-KH/CB"]
    assert client.get(cell_url("plans:document_file", cell, pk=documents["06-KH/CB"].pk)).status_code == 200
    assert client.get(cell_url("plans:document_file", cell, pk=documents["07-KH/CB"].pk)).status_code == 404
