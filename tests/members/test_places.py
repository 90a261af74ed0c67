"""The names and places printed in the header and the date line of Party documents, edited in
the program (issue 11, point 7): the cell's by its secretary ("Thông tin chi bộ"), the superior
committee's by its office."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from members.models import Cell, SuperiorCommittee
from members.services.cells import cell_update, committee_update
from tests.factories import make_cell

pytestmark = pytest.mark.django_db


def cell_url(world):
    return reverse("members:cell_update", kwargs={"slug": world.cell.slug})


def committee_url(committee):
    return reverse("members:committee_update", kwargs={"pk": committee.pk})


# The forms carry the version of the record the page showed (cell05.versions).
CELL_DATA = {"name": "Chi bộ Khu phố 1", "code": "CB", "place": "Ba Đình", "version": 1}
COMMITTEE_DATA = {"name": "Đảng ủy phường Ba Đình", "code": "ĐU", "place": "Ba Đình", "version": 1}


def test_secretary_edits_the_place_of_the_cell_and_the_history_keeps_it(world, login):
    client = login(world.secretary)

    response = client.post(cell_url(world), CELL_DATA)

    assert response.status_code == 302
    assert response["Location"] == world.cell.get_absolute_url()
    world.cell.refresh_from_db()
    assert (world.cell.name, world.cell.code, world.cell.place) == ("Chi bộ Khu phố 1", "CB", "Ba Đình")
    entry = world.cell.history.latest()
    assert (entry.history_change_reason, entry.history_user, entry.place) == (
        "cell.updated",
        world.secretary.user,
        "Ba Đình",
    )
    page = client.get(cell_url(world)).content.decode()
    assert "Ba Đình, ngày" in page
    assert "Đã sửa thông tin chi bộ" in page


def test_the_cell_page_links_the_information_page_for_the_secretary_only(world, login):
    link = f'href="{cell_url(world)}"'
    assert link in login(world.secretary).get(world.cell.get_absolute_url()).content.decode()
    for persona in (world.deputy, world.member, world.staff):
        assert link not in login(persona).get(world.cell.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("deputy", 403), ("committee_member", 403), ("member", 403), ("staff", 403), ("other_secretary", 404)],
)
def test_nobody_but_the_secretary_edits_the_cell(world, login, persona, status):
    client = login(getattr(world, persona))

    assert client.get(cell_url(world)).status_code == status
    assert client.post(cell_url(world), CELL_DATA).status_code == status
    world.cell.refresh_from_db()
    assert world.cell.place == ""
    assert world.cell.history.count() == 1  # its creation only


def test_a_symbol_with_a_slash_and_a_name_taken_in_the_committee_are_refused(world, login):
    make_cell(world.committee, name="Chi bộ Khu phố 2", slug="khu-pho-2")

    response = login(world.secretary).post(
        cell_url(world), {"name": "Chi bộ Khu phố 2", "code": "KH/CB", "place": "", "version": 1}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["Một chi bộ khác của cùng cấp ủy cấp trên đã có tên này."],
        "code": ["Ký hiệu chỉ gồm chữ cái và chữ số, không có dấu cách, gạch ngang hay gạch chéo."],
    }
    world.cell.refresh_from_db()
    assert world.cell.name == "Chi bộ Khu phố 1"


def test_the_cell_form_sent_again_after_its_save_is_answered_saved_and_saved_once(world, login):
    client = login(world.secretary)
    assert client.post(cell_url(world), CELL_DATA).status_code == 302

    # The browser sends the form again, with the version the page showed.
    again = client.post(cell_url(world), CELL_DATA)

    assert again.status_code == 302
    assert again["Location"] == world.cell.get_absolute_url()
    world.cell.refresh_from_db()
    assert world.cell.version == 2
    assert world.cell.history.filter(history_change_reason="cell.updated").count() == 1


def test_an_old_cell_form_with_other_details_is_refused_as_changed_meanwhile(world, login):
    client = login(world.secretary)
    assert client.post(cell_url(world), CELL_DATA).status_code == 302

    refused = client.post(cell_url(world), CELL_DATA | {"place": "Hoàn Kiếm"})

    assert refused.status_code == 200
    # The other save was the secretary's own, in another tab.
    assert refused.context["form"].non_field_errors()[0].startswith("Đồng chí đã sửa ở một cửa sổ khác")
    world.cell.refresh_from_db()
    assert world.cell.place == "Ba Đình"


def test_saving_the_same_details_writes_no_history(world):
    before = world.cell.history.count()
    cell_update(
        actor=world.secretary.user,
        cell=world.cell,
        data={"name": world.cell.name, "code": world.cell.code, "place": ""},
    )
    assert world.cell.history.count() == before


def test_office_edits_its_committee_and_the_history_keeps_it(world, login):
    client = login(world.staff)
    table = reverse("reports:committee_table", kwargs={"pk": world.committee.pk})
    assert f'href="{committee_url(world.committee)}"' in client.get(table).content.decode()

    response = client.post(committee_url(world.committee), COMMITTEE_DATA)

    assert response.status_code == 302
    assert response["Location"] == table
    world.committee.refresh_from_db()
    assert (world.committee.name, world.committee.code, world.committee.place) == (
        "Đảng ủy phường Ba Đình",
        "ĐU",
        "Ba Đình",
    )
    entry = world.committee.history.latest()
    assert (entry.history_change_reason, entry.history_user, entry.place) == (
        "committee.updated",
        world.staff,
        "Ba Đình",
    )
    assert "Đã sửa thông tin cấp ủy" in client.get(committee_url(world.committee)).content.decode()


def test_office_does_not_find_another_committee(world, login):
    other = world.other_cell.committee
    client = login(world.staff)

    assert client.get(committee_url(other)).status_code == 404
    assert (
        client.post(committee_url(other), COMMITTEE_DATA | {"name": "Đảng ủy xã Đổi Tên"}).status_code == 404
    )
    other.refresh_from_db()
    assert other.name == "Đảng ủy xã Khác"
    assert not other.history.filter(history_type="~").exists()


@pytest.mark.parametrize("persona", ["secretary", "member", "other_secretary"])
def test_members_of_cells_do_not_find_the_committee_page(world, login, persona):
    client = login(getattr(world, persona))
    assert client.get(committee_url(world.committee)).status_code == 404
    assert client.post(committee_url(world.committee), COMMITTEE_DATA).status_code == 404
    assert SuperiorCommittee.objects.get(pk=world.committee.pk).place == ""


def test_the_service_refuses_an_actor_outside_the_office(world):
    with pytest.raises(PermissionDenied):
        committee_update(actor=world.secretary.user, committee=world.committee, data=COMMITTEE_DATA)
    with pytest.raises(PermissionDenied):
        cell_update(actor=world.deputy.user, cell=world.cell, data=CELL_DATA)
    assert Cell.objects.get(pk=world.cell.pk).place == ""


def test_a_committee_name_taken_by_another_committee_is_refused(world, login):
    response = login(world.staff).post(
        committee_url(world.committee), COMMITTEE_DATA | {"name": "Đảng ủy xã Khác"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["Đã có cấp ủy khác mang tên này."]}
