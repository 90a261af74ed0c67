from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members.choices import CellRole, LeftReason
from members.models import Member, PartyGroup
from tests.factories import make_group, make_member
from tests.query_counts import first_visit_queries

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(f"members:{name}", kwargs={"slug": world.cell.slug, **kwargs})


# Who sees what: (page, persona) -> status. Personas not listed get the default of the page.
READ_PAGES = ["cell_detail", "group_list", "member_list"]
MANAGE_PAGES = ["group_create", "member_create", "member_import"]


@pytest.mark.parametrize("page", READ_PAGES)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretary", 200),
        ("deputy", 200),
        ("committee_member", 200),
        ("leader", 200),
        ("member", 200),
        ("staff", 200),
        ("other_secretary", 404),
    ],
)
def test_cell_pages_open_to_the_cell_and_its_superior_only(world, login, page, persona, status):
    response = login(getattr(world, persona)).get(url(page, world))
    assert response.status_code == status


@pytest.mark.parametrize("page", READ_PAGES + MANAGE_PAGES + ["member_export"])
def test_cell_pages_send_anonymous_visitors_to_sign_in(world, client, page):
    response = client.get(url(page, world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", MANAGE_PAGES)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretary", 200),
        ("deputy", 200),
        ("committee_member", 200),
        ("leader", 403),
        ("member", 403),
        ("staff", 403),
        ("other_secretary", 404),
    ],
)
def test_manage_pages_open_to_the_cell_committee_only(world, login, page, persona, status):
    response = login(getattr(world, persona)).get(url(page, world))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "target", "status"),
    [
        ("secretary", "member", 200),
        ("staff", "member", 200),
        ("member", "member", 200),
        ("member", "other_group_member", 404),
        ("leader", "member", 200),
        ("leader", "other_group_member", 404),
        ("other_secretary", "member", 404),
        ("secretary", "other_cell_member", 404),
    ],
)
def test_member_page_shows_only_records_the_user_may_read(world, login, persona, target, status):
    target_member = getattr(world, target)
    response = login(getattr(world, persona)).get(
        reverse("members:member_detail", kwargs={"slug": world.cell.slug, "pk": target_member.pk})
    )
    assert response.status_code == status


@pytest.mark.parametrize("page", ["member_update", "member_move", "member_leave", "member_account"])
@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretary", 200), ("committee_member", 200), ("member", 403), ("leader", 403), ("staff", 403)],
)
def test_member_edit_pages_are_for_the_committee(world, login, page, persona, status):
    target = world.leader if persona != "member" else world.member
    response = login(getattr(world, persona)).get(url(page, world, pk=target.pk))
    assert response.status_code == status


def test_plain_member_cannot_edit_another_member(world, login):
    response = login(world.member).get(url("member_update", world, pk=world.other_group_member.pk))
    assert response.status_code == 404


def test_superior_staff_cannot_change_a_member(world, login):
    response = login(world.staff).post(
        url("member_leave", world, pk=world.member.pk),
        {"left_on": "01/01/2024", "reason": LeftReason.TRANSFER},
    )
    assert response.status_code == 403
    world.member.refresh_from_db()
    assert world.member.left_on is None


def test_secretary_sees_nothing_of_another_cell(world, login):
    client = login(world.other_secretary)
    assert client.get(url("member_list", world)).status_code == 404
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert home.context["cell"] == world.other_cell


def test_superior_staff_home_lists_the_cells_under_the_committee(world, login):
    response = login(world.staff).get(reverse("home"))
    assert response.status_code == 200
    assert [cell.slug for cell in response.context["cells"]] == [world.cell.slug]
    assert response.context["cells"][0].member_count == 6


def test_member_directory_finds_names_typed_without_diacritics(world, login):
    response = login(world.member).get(url("member_list", world), {"q": "nguyen thi dao"})
    assert [m.full_name for m in response.context["page"]] == ["Nguyễn Thị Đào"]


def test_member_directory_pages_keep_the_search(world, login):
    for number in range(55):
        make_member(world.cell, world.group1, full_name=f"Nguyễn Văn Tìm {number:02d}")
    address = reverse("members:member_list", kwargs={"slug": world.cell.slug})

    first = login(world.secretary).get(address, {"q": "tim"}).content.decode()

    assert "1 / 2" in first
    assert '?q=tim&amp;page=2"' in first


def test_member_directory_hides_personal_details_from_plain_members(world, login):
    world.member.card_number = "79000123"
    world.member.save()
    member_view = login(world.member).get(url("member_list", world)).content.decode()
    assert "79000123" not in member_view
    secretary_view = login(world.secretary).get(url("member_list", world)).content.decode()
    assert "79000123" in secretary_view


def test_a_plain_member_cannot_find_anyone_by_the_digits_of_a_card_number(world, login):
    world.other_group_member.card_number = "79000123"
    world.other_group_member.save()
    for persona in ("member", "leader"):
        found = (
            login(getattr(world, persona)).get(url("member_list", world), {"q": "7900012"}).context["page"]
        )
        assert list(found) == []
    found = login(world.secretary).get(url("member_list", world), {"q": "7900012"}).context["page"]
    assert list(found) == [world.other_group_member]


def test_a_group_leader_reads_on_a_members_page_what_the_directory_shows(world, login):
    world.member.card_number = "79000123"
    world.member.date_of_birth = date(1985, 7, 14)
    world.member.save()
    page = url("member_detail", world, pk=world.member.pk)
    leader_view = login(world.leader).get(page).content.decode()
    assert ("79000123" in leader_view, "14/07/1985" in leader_view) == (False, False)
    own_view = login(world.member).get(page).content.decode()
    assert ("79000123" in own_view, "14/07/1985" in own_view) == (True, True)
    secretary_view = login(world.secretary).get(page).content.decode()
    assert ("79000123" in secretary_view, "14/07/1985" in secretary_view) == (True, True)


def test_the_look_alike_eth_finds_and_is_found_as_d(world, login):
    eth = make_member(world.cell, world.group2, full_name="\u00d0ặng Văn Ðức")
    client = login(world.member)
    assert list(client.get(url("member_list", world), {"q": "dang van duc"}).context["page"]) == [eth]
    assert list(client.get(url("member_list", world), {"q": "Đặng Đức"}).context["page"]) == [eth]


def test_member_directory_leaves_out_members_who_left_unless_asked(world, login):
    world.other_group_member.left_on = date(2024, 3, 1)
    world.other_group_member.left_reason = LeftReason.TRANSFER
    world.other_group_member.save()
    client = login(world.secretary)
    current = client.get(url("member_list", world)).context["page"]
    everyone = client.get(url("member_list", world), {"include_left": "on"}).context["page"]
    assert world.other_group_member not in list(current)
    assert world.other_group_member in list(everyone)


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("secretary", "member_list"),
        ("member", "member_list"),
        ("secretary", "group_list"),
        ("secretary", "cell_detail"),
        ("staff", "member_list"),
        ("staff", "home"),
    ],
)
def test_pages_make_the_same_number_of_queries_for_few_and_many_members(world, login, persona, page):
    client = login(getattr(world, persona))
    address = reverse("home") if page == "home" else url(page, world)
    client.get(address)  # warm the session

    def count_queries():
        return first_visit_queries(client, address)

    few = count_queries()
    for number in range(24):
        make_member(world.cell, world.group2 if number % 2 else world.group1)
    make_group(world.cell, 3)
    assert count_queries() == few


def test_secretary_creates_a_member_with_nfc_name(world, login):
    decomposed = "Nguye\u0302\u0303n Va\u0306n Mo\u031b\u0301i"  # "Nguyễn Văn Mới" typed as NFD
    response = login(world.secretary).post(
        url("member_create", world),
        {
            "full_name": decomposed,
            "gender": "male",
            "date_of_birth": "1990-02-03",
            "group": world.group2.pk,
            "role": CellRole.MEMBER,
            "status": "official",
            "admitted_on": "2015-03-02",
            "official_on": "2016-03-02",
            "card_number": "79009999",
        },
    )
    member = Member.objects.get(card_number="79009999")
    assert response.status_code == 302
    assert response["Location"] == member.get_absolute_url()
    assert member.full_name == "Nguyễn Văn Mới"
    assert member.history.first().history_user == world.secretary.user


def test_member_form_explains_an_official_member_without_official_date(world, login):
    response = login(world.secretary).post(
        url("member_create", world),
        {"full_name": "Vũ Văn Sai", "gender": "male", "role": "member", "status": "official"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["official_on"] == ["Đảng viên chính thức phải có ngày chính thức."]
    assert not Member.objects.filter(full_name="Vũ Văn Sai").exists()


def test_a_second_secretary_is_refused_with_a_message(world, login):
    # Only the superior committee's office names a secretary (issue 12, item 13), and a cell
    # has one: the present secretary is first given another role.
    response = login(world.staff).post(
        url("member_role", world, pk=world.deputy.pk), {"role": CellRole.SECRETARY, "version": 1}
    )
    assert response.status_code == 200
    assert "Chi bộ đã có Bí thư." in response.content.decode()
    world.deputy.refresh_from_db()
    assert world.deputy.role == CellRole.DEPUTY_SECRETARY


def test_moving_the_group_leader_hands_the_leadership_back(world, login):
    response = login(world.secretary).post(
        url("member_move", world, pk=world.leader.pk), {"group": world.group2.pk}
    )
    assert response.status_code == 302
    world.leader.refresh_from_db()
    assert world.leader.group == world.group2
    assert PartyGroup.objects.get(pk=world.group1.pk).leader is None


def test_marking_a_member_as_left_keeps_the_record_and_closes_the_account(world, login):
    response = login(world.secretary).post(
        url("member_leave", world, pk=world.member.pk),
        {"left_on": "2024-06-30", "reason": LeftReason.TRANSFER, "note": "Chuyển sinh hoạt về Đảng bộ tỉnh"},
    )
    assert response.status_code == 302
    member = Member.objects.get(pk=world.member.pk)
    assert member.left_on == date(2024, 6, 30)
    assert member.user.is_active is False
    assert member in Member.objects.filter(cell=world.cell).as_of(date(2024, 6, 29))
    assert member not in Member.objects.filter(cell=world.cell).as_of(date(2024, 6, 30))


def test_secretary_edits_a_group_and_names_its_leader(world, login):
    response = login(world.secretary).post(
        url("group_update", world, pk=world.group2.pk),
        {"name": "Tổ đảng Khu phố 2", "order": 2, "leader": world.other_group_member.pk, "version": 1},
    )
    assert response.status_code == 302
    world.group2.refresh_from_db()
    assert (world.group2.name, world.group2.leader) == ("Tổ đảng Khu phố 2", world.other_group_member)


def test_group_leader_must_belong_to_the_group(world, login):
    response = login(world.secretary).post(
        url("group_update", world, pk=world.group2.pk),
        {"name": world.group2.name, "order": 2, "leader": world.member.pk, "version": 1},
    )
    assert response.status_code == 200
    assert "leader" in response.context["form"].errors


def test_secretary_gives_a_member_an_account(world, login):
    newcomer = make_member(world.cell, world.group2, full_name="Lò Văn Mới")
    response = login(world.secretary).post(
        url("member_account", world, pk=newcomer.pk),
        {"username": "lovanmoi", "password": "chi-bo-khu-pho-1-2026"},
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.user.username == "lovanmoi"
    assert newcomer.user.check_password("chi-bo-khu-pho-1-2026")


def test_account_password_too_short_is_refused(world, login):
    newcomer = make_member(world.cell, world.group2)
    response = login(world.secretary).post(
        url("member_account", world, pk=newcomer.pk), {"username": "ngan", "password": "abc12345"}
    )
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_member_page_shows_the_secretary_who_changed_what(world, login):
    client = login(world.secretary)
    client.post(url("member_move", world, pk=world.member.pk), {"group": world.group2.pk})
    page = client.get(url("member_detail", world, pk=world.member.pk))
    history = page.context["history"]
    assert history[0]["who"] == world.secretary.user
    assert str(history[0]["action"]) == "Chuyển sang tổ đảng khác"
    assert [(str(c["field"]), c["old"], c["new"]) for c in history[0]["changes"]] == [
        ("tổ đảng", "Tổ đảng số 1", "Tổ đảng số 2")
    ]
    own_page = login(world.member).get(url("member_detail", world, pk=world.member.pk))
    assert own_page.context["history"] == []


# Roles (issue 12, item 13).


def member_post(member, **changes):
    """The edit form of a member as the page shows it, with some fields changed."""
    data = {
        "full_name": member.full_name,
        "gender": member.gender,
        "date_of_birth": "01/01/1980",
        "role": member.role,
        "status": member.status,
        "admitted_on": "19/05/2005",
        "official_on": "19/05/2006",
        "card_number": member.card_number,
        "position": member.position,
        "workplace": member.workplace,
        "joined_on": "",
        "version": member.version,
    }
    return data | changes


def test_a_committee_member_sees_the_role_read_only_and_a_forged_role_is_not_saved(world, login):
    client = login(world.committee_member)
    form = client.get(url("member_update", world, pk=world.member.pk)).context["form"]
    assert form.fields["role"].disabled

    response = client.post(
        url("member_update", world, pk=world.member.pk),
        member_post(world.member, role=CellRole.DEPUTY_SECRETARY),
    )

    assert response.status_code == 302
    assert Member.objects.get(pk=world.member.pk).role == CellRole.MEMBER
    assert not world.member.history.filter(history_change_reason="member.role_changed").exists()
    assert client.get(url("member_role", world, pk=world.member.pk)).status_code == 403
    forged = client.post(
        url("member_role", world, pk=world.member.pk), {"role": "deputy_secretary", "version": 1}
    )
    assert forged.status_code == 403
    assert Member.objects.get(pk=world.member.pk).role == CellRole.MEMBER


def test_the_secretary_gives_a_role_but_not_the_secretary_post_and_not_the_own(world, login):
    client = login(world.secretary)
    choices = (
        client.get(url("member_update", world, pk=world.member.pk)).context["form"].fields["role"].choices
    )
    assert CellRole.SECRETARY not in [value for value, label in choices]
    own = client.get(url("member_update", world, pk=world.secretary.pk)).context["form"]
    assert own.fields["role"].disabled
    assert client.get(url("member_role", world, pk=world.secretary.pk)).status_code == 403

    response = client.post(
        url("member_update", world, pk=world.member.pk),
        member_post(world.member, role=CellRole.COMMITTEE_MEMBER),
    )

    assert response.status_code == 302
    assert Member.objects.get(pk=world.member.pk).role == CellRole.COMMITTEE_MEMBER
    history = client.get(url("member_detail", world, pk=world.member.pk)).context["history"]
    with translation.override("en"):
        assert str(history[0]["action"]) == "Role in the cell changed"
    assert [(c["old"], c["new"]) for c in history[0]["changes"]] == [("Đảng viên", "Chi ủy viên")]


def test_the_office_relieves_the_secretary_from_the_members_page(world, login):
    client = login(world.staff)
    page = client.get(url("member_detail", world, pk=world.secretary.pk)).content.decode()
    assert f'href="{url("member_role", world, pk=world.secretary.pk)}"' in page
    assert client.get(url("member_update", world, pk=world.secretary.pk)).status_code == 403

    response = client.post(
        url("member_role", world, pk=world.secretary.pk), {"role": CellRole.DEPUTY_SECRETARY, "version": 1}
    )

    assert response.status_code == 302
    secretary = Member.objects.get(pk=world.secretary.pk)
    assert secretary.role == CellRole.DEPUTY_SECRETARY
    entry = secretary.history.first()
    assert (entry.history_change_reason, entry.history_user) == ("member.role_changed", world.staff)


# Stale edits (issue 12, item 4): what the second person typed is kept, and what the first
# changed is named.


def test_a_save_on_a_page_that_someone_else_saved_meanwhile_keeps_what_was_typed(world):
    phone, desktop = Client(), Client()
    phone.force_login(world.secretary.user)
    desktop.force_login(world.deputy.user)
    address = url("member_update", world, pk=world.member.pk)
    seen = phone.get(address).context["form"]["version"].value()
    assert desktop.get(address).status_code == 200

    saved = desktop.post(address, member_post(world.member, position="Tổ trưởng dân phố"))
    refused = phone.post(
        address, member_post(world.member, workplace="Trường Tiểu học Kim Liên", version=seen)
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    page = refused.content.decode()
    assert 'value="Trường Tiểu học Kim Liên"' in page
    assert "Tổ trưởng dân phố" in page
    with translation.override("vi"):
        label = str(Member._meta.get_field("position").verbose_name)
    assert any(
        label in line and "Tổ trưởng dân phố" in line for line in refused.context["form"].non_field_errors()
    )
    member = Member.objects.get(pk=world.member.pk)
    assert (member.position, member.workplace) == ("Tổ trưởng dân phố", "")

    again = refused.context["form"]["version"].value()
    response = phone.post(
        address, member_post(world.member, workplace="Trường Tiểu học Kim Liên", version=again)
    )

    assert response.status_code == 302
    assert Member.objects.get(pk=world.member.pk).workplace == "Trường Tiểu học Kim Liên"


def test_lists_of_the_member_form_start_with_choose_not_dashes(login, world):
    page = (
        login(world.secretary).get(reverse("members:member_create", args=[world.cell.slug])).content.decode()
    )
    assert "— Chọn —" in page
    assert "---------" not in page
