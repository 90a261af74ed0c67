"""The organisation over time: a cell's names, its groups created, renamed, merged and
dissolved, a member's group and role, each from a date, and every bad date refused."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from members.choices import CellRole
from members.models import CellName, GroupMembership, Member, PartyGroup, RoleTerm
from members.selectors import cell_name_on
from members.services.cells import cell_rename, cell_update
from members.services.groups import group_create, group_dissolve, group_merge, group_rename
from members.services.members import member_move, member_set_role
from tests.factories import make_group, make_member, make_study_year

pytestmark = pytest.mark.django_db


def footprint(world) -> tuple:
    """What the dated acts write: nothing of it may change when one is refused."""
    return (
        list(
            PartyGroup.objects.order_by("pk").values_list("name", "created_on", "dissolved_on", "merged_into")
        ),
        list(Member.objects.order_by("pk").values_list("group", "role")),
        list(GroupMembership.objects.order_by("pk").values_list("member", "group", "started_on", "ended_on")),
        list(RoleTerm.objects.order_by("pk").values_list("member", "role", "started_on", "ended_on")),
        list(CellName.objects.values_list("name", "used_from")),
        type(world.cell).objects.get(pk=world.cell.pk).name,
    )


def refused(world, act) -> str:
    before = footprint(world)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        act()
    assert footprint(world) == before
    return " ".join(error.value.messages)


def test_a_renamed_cell_is_named_by_the_date(world):
    cell_rename(actor=world.secretary.user, cell=world.cell, name="Chi bộ Tổ dân phố 1", on=date(2024, 1, 1))

    assert cell_name_on(world.cell, date(2023, 12, 31)) == "Chi bộ Khu phố 1"
    assert cell_name_on(world.cell, date(2024, 1, 1)) == "Chi bộ Tổ dân phố 1"
    assert world.cell.history.first().history_change_reason == "cell.renamed"
    assert world.cell.history.first().history_user == world.secretary.user


def test_a_correction_of_the_name_now_keeps_the_former_names(world):
    cell_rename(actor=world.secretary.user, cell=world.cell, name="Chi bộ TDP 1", on=date(2024, 1, 1))
    cell = type(world.cell).objects.get(pk=world.cell.pk)
    cell_update(actor=world.secretary.user, cell=cell, data={"name": "Chi bộ Tổ dân phố 1"})

    assert cell_name_on(cell, date(2023, 1, 1)) == "Chi bộ Khu phố 1"
    assert cell_name_on(cell, date(2025, 1, 1)) == "Chi bộ Tổ dân phố 1"


def test_a_move_is_recorded_with_its_date(world):
    member_move(actor=world.secretary.user, member=world.member, group=world.group2, on=date(2022, 3, 1))

    assert list(
        GroupMembership.objects.filter(member=world.member)
        .order_by("pk")
        .values_list("group", "started_on", "ended_on")
    ) == [(world.group1.pk, None, date(2022, 3, 1)), (world.group2.pk, date(2022, 3, 1), None)]
    assert Member.objects.get(pk=world.member.pk).group == world.group2


def test_a_merger_moves_the_members_on_its_day_and_dissolves_the_group(world):
    group_merge(actor=world.secretary.user, group=world.group2, into=world.group1, on=date(2023, 1, 1))

    group2 = PartyGroup.objects.get(pk=world.group2.pk)
    assert (group2.dissolved_on, group2.merged_into) == (date(2023, 1, 1), world.group1)
    assert set(Member.objects.filter(group=world.group1).values_list("pk", flat=True)) == set(
        Member.objects.filter(cell=world.cell).values_list("pk", flat=True)
    )
    assert GroupMembership.objects.get(member=world.other_group_member, ended_on=None).started_on == date(
        2023, 1, 1
    )


def test_a_role_change_ends_the_term_on_its_date(world):
    member_set_role(
        actor=world.secretary.user, member=world.committee_member, role=CellRole.MEMBER, on=date(2022, 1, 1)
    )

    assert list(RoleTerm.objects.filter(member=world.committee_member).values_list("role", "ended_on")) == [
        (CellRole.COMMITTEE_MEMBER, date(2022, 1, 1))
    ]


def test_a_dissolved_group_is_kept_and_offered_no_more(world, login):
    group = make_group(world.cell, created_on=date(2018, 1, 1))
    group_dissolve(actor=world.secretary.user, group=group, on=date(2020, 6, 1))

    page = login(world.secretary).get(reverse("members:group_list", kwargs={"slug": world.cell.slug}))
    move = login(world.secretary).get(
        reverse("members:member_move", kwargs={"slug": world.cell.slug, "pk": world.member.pk})
    )

    assert "01/06/2020" in page.content.decode()
    assert list(page.context["groups"])[-1] == group
    assert group not in move.context["form"].fields["group"].queryset


def test_the_member_page_shows_the_group_history(world, login):
    member_move(actor=world.secretary.user, member=world.member, group=world.group2, on=date(2022, 3, 1))

    page = login(world.secretary).get(
        reverse("members:member_detail", kwargs={"slug": world.cell.slug, "pk": world.member.pk})
    )

    assert [term.group for term in page.context["group_history"]] == [world.group2, world.group1]


def test_the_cell_page_shows_the_former_names(world, login):
    cell_rename(actor=world.secretary.user, cell=world.cell, name="Chi bộ TDP 1", on=date(2024, 1, 1))

    page = login(world.member).get(reverse("members:cell_detail", kwargs={"slug": world.cell.slug}))

    assert [name.name for name in page.context["names"]] == ["Chi bộ Khu phố 1", "Chi bộ TDP 1"]


def test_the_group_list_reads_the_same_queries_whatever_the_groups(world, login, django_assert_num_queries):
    client = login(world.secretary)
    url = reverse("members:group_list", kwargs={"slug": world.cell.slug})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for order in range(3, 8):
        group = make_group(world.cell, order, created_on=date(2018, 1, 1))
        group_merge(actor=world.secretary.user, group=group, into=world.group1, on=date(2020, 1, 1))
    make_member(world.cell, world.group2)

    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


# Bad input: each refused with its reason, nothing written.


def test_a_date_in_the_future_is_refused(world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    acts = [
        lambda: cell_rename(actor=world.secretary.user, cell=world.cell, name="Mới", on=tomorrow),
        lambda: group_create(
            actor=world.secretary.user, cell=world.cell, name="Tổ mới", order=9, created_on=tomorrow
        ),
        lambda: group_rename(actor=world.secretary.user, group=world.group1, name="Tổ A", on=tomorrow),
        lambda: member_move(actor=world.secretary.user, member=world.member, group=world.group2, on=tomorrow),
        lambda: group_merge(actor=world.secretary.user, group=world.group2, into=world.group1, on=tomorrow),
    ]
    for act in acts:
        assert refused(world, act) == "This date is in the future."


def test_a_date_before_the_cells_first_record_is_refused(world):
    make_study_year(world.cell, 2018)

    message = refused(
        world,
        lambda: cell_rename(actor=world.secretary.user, cell=world.cell, name="Mới", on=date(2017, 5, 1)),
    )

    assert message == "This date is before the cell's first record (01/01/2018)."


def test_a_group_dissolved_before_it_was_created_is_refused(world):
    group = make_group(world.cell, created_on=date(2020, 1, 1))

    message = refused(
        world, lambda: group_dissolve(actor=world.secretary.user, group=group, on=date(2019, 1, 1))
    )

    assert message == "A group cannot be dissolved before it was created (01/01/2020)."


def test_a_group_with_members_is_not_dissolved(world):
    message = refused(
        world,
        lambda: group_dissolve(actor=world.secretary.user, group=world.group2, on=date(2023, 1, 1)),
    )

    assert message.startswith("The group has members on that day or later")


def test_a_move_overlapping_another_membership_is_refused(world):
    member_move(actor=world.secretary.user, member=world.member, group=world.group2, on=date(2022, 1, 1))

    message = refused(
        world,
        lambda: member_move(
            actor=world.secretary.user,
            member=Member.objects.get(pk=world.member.pk),
            group=world.group1,
            on=date(2021, 1, 1),
        ),
    )

    # The day falls within the membership of group 1, which ended on the move of 2022.
    assert message == "This date overlaps the member's membership of Tổ đảng số 1."


def test_a_group_merged_into_itself_or_into_a_dissolved_group_is_refused(world):
    dissolved = make_group(world.cell, created_on=date(2018, 1, 1))
    group_dissolve(actor=world.secretary.user, group=dissolved, on=date(2019, 1, 1))

    into_itself = refused(
        world,
        lambda: group_merge(
            actor=world.secretary.user, group=world.group1, into=world.group1, on=date(2023, 1, 1)
        ),
    )
    into_dissolved = refused(
        world,
        lambda: group_merge(
            actor=world.secretary.user, group=world.group1, into=dissolved, on=date(2023, 1, 1)
        ),
    )

    assert into_itself == "A group cannot be merged into itself."
    assert into_dissolved == "A group cannot be merged into a dissolved group."


def test_a_rename_dated_before_the_last_one_is_refused(world):
    cell_rename(actor=world.secretary.user, cell=world.cell, name="Chi bộ TDP 1", on=date(2024, 1, 1))

    message = refused(
        world,
        lambda: cell_rename(
            actor=world.secretary.user, cell=world.cell, name="Chi bộ Khác", on=date(2023, 1, 1)
        ),
    )

    assert message == "The name now is in use from 01/01/2024: a new name is dated after it."
