import unicodedata
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cell05.text import fold
from members.choices import CellRole, LeftReason
from members.models import Member
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_fold_drops_diacritics_and_case_of_vietnamese_names():
    assert fold("  Nguyễn   Thị ĐÀO ") == "nguyen thi dao"
    assert fold(unicodedata.normalize("NFD", "Lưu Đức Anh")) == "luu duc anh"


def test_names_typed_in_nfd_are_stored_in_nfc_and_found_as_one_name(world):
    nfd = unicodedata.normalize("NFD", "Phạm Thị Phó")
    member = make_member(world.cell, world.group2, full_name=nfd)
    member.refresh_from_db()
    assert member.full_name == unicodedata.normalize("NFC", nfd)
    found = Member.objects.filter(cell=world.cell).search("pham thi pho")
    assert set(found) == {world.deputy, member}


def test_search_matches_every_word_in_any_order(world):
    found = Member.objects.filter(cell=world.cell).search("dao nguyen")
    assert list(found) == [world.member]


def test_card_number_is_unique_across_cells(world):
    world.member.card_number = "79000001"
    world.member.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_member(world.other_cell, card_number="79000001")


def test_a_cell_has_one_current_secretary_but_a_past_one_may_stay_on_record(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_member(world.cell, role=CellRole.SECRETARY)
    world.secretary.left_on = date(2023, 1, 1)
    world.secretary.left_reason = LeftReason.OTHER
    world.secretary.save()
    assert make_member(world.cell, role=CellRole.SECRETARY).role == CellRole.SECRETARY


def test_member_validation_refuses_a_group_of_another_cell(world):
    member = Member(
        cell=world.cell, group=world.other_group, full_name="A", gender="male", status="probationary"
    )
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "group" in error.value.message_dict


def test_member_validation_refuses_official_date_before_admission(world):
    member = world.member
    member.official_on = date(2000, 1, 1)
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "official_on" in error.value.message_dict


def test_members_as_of_a_day_count_who_had_joined_and_not_yet_left(world):
    late = make_member(world.cell, joined_on=date(2022, 7, 1))
    gone = make_member(world.cell, left_on=date(2021, 12, 31), left_reason=LeftReason.DEATH)
    in_2021 = set(Member.objects.filter(cell=world.cell).as_of(date(2021, 6, 30)))
    in_2023 = set(Member.objects.filter(cell=world.cell).as_of(date(2023, 1, 1)))
    assert gone in in_2021 and late not in in_2021
    assert late in in_2023 and gone not in in_2023
