import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from members.choices import CellRole
from members.models import Cell, Member, PartyGroup

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Cell.objects.values_list("slug", "name", "code")),
        list(PartyGroup.objects.values_list("name", "order", "leader__user__username")),
        list(
            Member.objects.values_list("full_name", "card_number", "group__order", "role", "user__username")
        ),
        get_user_model().objects.count(),
    )


def test_loaddemo_loads_the_cell_of_the_source_document(django_user_model):
    call_command("loaddemo", stdout=None)
    cell = Cell.objects.get(slug="khoi-dang")
    assert cell.name == "Chi bộ Khối Đảng"
    assert cell.groups.count() == 5
    assert cell.members.current().count() == 27
    assert cell.committee.staff.get().username == "vanphong"
    secretary = cell.members.get(role=CellRole.SECRETARY)
    assert (secretary.full_name, secretary.user.username) == ("Hoàng Văn Vĩnh", "bithu")
    leaders = [group.leader.user.username for group in cell.groups.order_by("order")]
    assert leaders == [f"totruong{n}" for n in range(1, 6)]
    usernames = set(Member.objects.values_list("user__username", flat=True))
    assert {f"dangvien{n:02d}" for n in range(1, 22)} <= usernames
    assert django_user_model.objects.get(username="dangvien01").check_password("cell05-demo")


def test_loaddemo_twice_changes_nothing():
    call_command("loaddemo", stdout=None)
    first = snapshot()
    call_command("loaddemo", stdout=None)
    assert snapshot() == first
