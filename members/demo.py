"""The demo cell: "Chi bộ Khối Đảng" of the source document, with 5 groups and 27 members
on 15/04/2021, under "Đảng bộ huyện Yên Thành" (the source names no district: any plausible
one). Between 2022 and 2025 two members move away and two join, so that the yearly figures
move while the cell keeps 27 members.

Every account has the password DEMO_PASSWORD. Loading twice changes nothing: what exists is
kept, only what is missing is added.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from members.choices import CellRole, CommitteeKind, Gender, LeftReason, MemberStatus
from members.models import Cell, Member, PartyGroup, SuperiorCommittee

DEMO_PASSWORD = "cell05-demo"  # noqa: S105 - documented demo accounts
DEMO_SLUG = "khoi-dang"

GROUPS = [
    ("Tổ đảng Văn phòng Huyện ủy", "Văn phòng Huyện ủy"),
    ("Tổ đảng Ban Tổ chức", "Ban Tổ chức Huyện ủy"),
    ("Tổ đảng Ban Tuyên giáo", "Ban Tuyên giáo Huyện ủy"),
    ("Tổ đảng Ủy ban Kiểm tra", "Ủy ban Kiểm tra Huyện ủy"),
    ("Tổ đảng Ban Dân vận", "Ban Dân vận Huyện ủy"),
]

M, F = Gender.MALE, Gender.FEMALE
# (username, full name, gender, year of birth, year admitted, group number, position, role)
MEMBERS = [
    ("bithu", "Hoàng Văn Vĩnh", M, 1968, 1994, 1, "Chánh Văn phòng Huyện ủy", CellRole.SECRETARY),
    ("totruong1", "Nguyễn Thị Hồng Nhung", F, 1979, 2004, 1, "Phó Chánh Văn phòng", CellRole.MEMBER),
    ("dangvien01", "Trần Văn Đức", M, 1985, 2010, 1, "Chuyên viên", CellRole.MEMBER),
    ("dangvien02", "Lê Thị Thu Hà", F, 1988, 2012, 1, "Chuyên viên", CellRole.MEMBER),
    ("dangvien03", "Phạm Minh Tuấn", M, 1983, 2008, 1, "Chuyên viên", CellRole.MEMBER),
    ("dangvien04", "Đỗ Thị Lan", F, 1990, 2014, 1, "Văn thư - Lưu trữ", CellRole.MEMBER),
    ("totruong2", "Vũ Đình Khánh", M, 1975, 2000, 2, "Phó Trưởng Ban Tổ chức", CellRole.MEMBER),
    ("dangvien05", "Bùi Thị Ngọc Ánh", F, 1986, 2011, 2, "Chuyên viên", CellRole.MEMBER),
    ("dangvien06", "Đặng Quốc Việt", M, 1982, 2007, 2, "Chuyên viên", CellRole.MEMBER),
    ("dangvien07", "Ngô Thị Thanh Hương", F, 1987, 2011, 2, "Chuyên viên", CellRole.MEMBER),
    ("dangvien08", "Dương Văn Thắng", M, 1980, 2005, 2, "Chuyên viên", CellRole.MEMBER),
    ("dangvien09", "Hồ Thị Mai", F, 1989, 2013, 2, "Chuyên viên", CellRole.MEMBER),
    ("totruong3", "Lý Văn Hùng", M, 1972, 1998, 3, "Phó Trưởng Ban Tuyên giáo", CellRole.MEMBER),
    ("dangvien10", "Trịnh Thị Phương", F, 1984, 2009, 3, "Chuyên viên", CellRole.MEMBER),
    ("dangvien11", "Mai Xuân Trường", M, 1970, 1996, 3, "Trưởng Ban Tuyên giáo", CellRole.DEPUTY_SECRETARY),
    ("dangvien12", "Cao Thị Yến", F, 1991, 2014, 3, "Chuyên viên", CellRole.MEMBER),
    ("dangvien13", "Đinh Công Thành", M, 1981, 2006, 3, "Chuyên viên", CellRole.MEMBER),
    ("totruong4", "Phan Văn Lợi", M, 1974, 1999, 4, "Phó Chủ nhiệm Ủy ban Kiểm tra", CellRole.MEMBER),
    ("dangvien14", "Tạ Thị Huyền", F, 1985, 2010, 4, "Kiểm tra viên", CellRole.MEMBER),
    ("dangvien15", "Lưu Đức Anh", M, 1983, 2008, 4, "Kiểm tra viên", CellRole.MEMBER),
    ("dangvien16", "Hà Thị Thủy", F, 1978, 2003, 4, "Chủ nhiệm Ủy ban Kiểm tra", CellRole.COMMITTEE_MEMBER),
    ("dangvien17", "Chu Văn Nam", M, 1990, 2014, 4, "Kiểm tra viên", CellRole.MEMBER),
    ("totruong5", "Kiều Thị Oanh", F, 1976, 2001, 5, "Phó Trưởng Ban Dân vận", CellRole.MEMBER),
    ("dangvien18", "Quách Văn Sơn", M, 1984, 2009, 5, "Chuyên viên", CellRole.MEMBER),
    ("dangvien19", "Âu Thị Diệp", F, 1987, 2012, 5, "Chuyên viên", CellRole.MEMBER),
    ("dangvien20", "Lâm Quang Hiếu", M, 1982, 2007, 5, "Chuyên viên", CellRole.MEMBER),
    ("dangvien21", "Tôn Nữ Bích Ngọc", F, 1989, 2013, 5, "Chuyên viên", CellRole.MEMBER),
]

# (username, full name, gender, date of birth, admitted, official, group number, position,
# joined the cell): the members who came after 2021, one moved in, one admitted by the cell.
JOINERS = [
    (
        "dangvien22",
        "Nguyễn Hữu Phước",
        M,
        date(1992, 8, 14),
        date(2016, 11, 3),
        date(2017, 11, 3),
        3,
        "Chuyên viên",
        date(2022, 9, 5),
    ),
    (
        "dangvien23",
        "Trương Thị Minh Thư",
        F,
        date(1997, 2, 9),
        date(2024, 6, 18),
        date(2025, 6, 18),
        2,
        "Chuyên viên",
        date(2024, 6, 18),
    ),
]

# The members who moved away: username → (date, reason, note).
LEAVERS = {
    "dangvien20": (
        date(2023, 8, 1),
        LeftReason.TRANSFER,
        "Luân chuyển về công tác tại xã; chuyển sinh hoạt đảng chính thức về Đảng bộ xã.",
    ),
    "dangvien06": (
        date(2024, 10, 1),
        LeftReason.TRANSFER,
        "Điều động về Ban Tổ chức Tỉnh ủy; chuyển sinh hoạt đảng chính thức về Đảng bộ Khối các cơ quan "
        "tỉnh.",
    ),
}

# The cell's congresses, each opening a term of its committee (chi ủy). The cell is a chi bộ
# cơ sở: it answers to the district committee itself (its Standing Committee decides the
# cell's proposals), so it holds its congress with the grassroots organisations, once in five
# years (the terms 2015–2020, 2020–2025, 2025–2030); only a chi bộ under a grassroots
# committee meets twice in five years (Điều lệ Đảng, Điều 24, khoản 3). Hướng dẫn
# 36-HD/VPTW numbers the cell's documents from 01 per kind within each term: the source's
# Plan 06-KH/CB of 16/01/2017 is the sixth plan since the congress of 2015.
CONGRESSES = (date(2015, 5, 28), date(2020, 5, 26), date(2025, 5, 27))


def term_of(day: date) -> date:
    """The congress that opened the term the day falls in."""
    return max(congress for congress in CONGRESSES if congress <= day)


STAFF_USERNAME = "vanphong"
COMMITTEE_NAME = "Đảng bộ huyện Yên Thành"
COMMITTEE_PLACE = "Yên Thành"
COMMITTEE_SUPERIOR = "Đảng bộ tỉnh Nghệ An"
CELL_PLACE = "Yên Thành"
# The committee's name in demo databases loaded before it had a district: renamed once.
SHORT_COMMITTEE_NAME = "Đảng bộ huyện"


class _Accounts:
    """The demo accounts, made when missing. They share the documented password, hashed once
    per load: hashing it for each of 30 accounts took most of the loading time."""

    def __init__(self):
        self._password = None

    def get(self, username: str, full_name: str = ""):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": full_name}
        )
        if created:
            if self._password is None:
                self._password = make_password(DEMO_PASSWORD)
            user.password = self._password
            user.save(update_fields=["password"])
        return user


def _committee() -> SuperiorCommittee:
    """The demo cell's committee: the one it already has, else the one of this name."""
    cell = Cell.objects.filter(slug=DEMO_SLUG).select_related("committee").first()
    if cell is not None:
        committee = cell.committee
    else:
        committee, _ = SuperiorCommittee.objects.get_or_create(
            name=COMMITTEE_NAME,
            defaults={
                "kind": CommitteeKind.DISTRICT,
                "code": "HU",
                "place": COMMITTEE_PLACE,
                "superior_name": COMMITTEE_SUPERIOR,
            },
        )
    if committee.name == SHORT_COMMITTEE_NAME and not committee.place:
        committee.name, committee.place = COMMITTEE_NAME, COMMITTEE_PLACE
        committee._change_reason = "demo.named"
        committee.save(update_fields=["name", "place"])
    if not committee.superior_name:
        committee.superior_name = COMMITTEE_SUPERIOR
        committee._change_reason = "demo.named"
        committee.save(update_fields=["superior_name"])
    return committee


@transaction.atomic
def load_members() -> Cell:
    accounts = _Accounts()
    committee = _committee()
    committee.staff.add(accounts.get(STAFF_USERNAME, "Văn phòng Huyện ủy"))
    cell, _ = Cell.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults={"committee": committee, "name": "Chi bộ Khối Đảng", "code": "CB", "place": CELL_PLACE},
    )
    if not cell.place:
        cell.place = CELL_PLACE
        cell._change_reason = "demo.named"
        cell.save(update_fields=["place"])
    groups = {}
    for order, (name, _workplace) in enumerate(GROUPS, start=1):
        groups[order], _ = PartyGroup.objects.get_or_create(cell=cell, order=order, defaults={"name": name})
    for number, (username, full_name, gender, born, admitted, group_no, position, role) in enumerate(
        MEMBERS, start=1
    ):
        admitted_on = date(admitted, 1 + number % 12, 1 + (number * 7) % 27)
        _member(
            cell,
            groups[group_no],
            username,
            accounts,
            card_number=f"7901{number:04d}",
            full_name=full_name,
            gender=gender,
            date_of_birth=date(born, 1 + (number * 5) % 12, 1 + (number * 3) % 28),
            admitted_on=admitted_on,
            official_on=admitted_on.replace(year=admitted + 1),
            position=position,
            role=role,
        )
    for number, (
        username,
        full_name,
        gender,
        born,
        admitted_on,
        official_on,
        group_no,
        position,
        joined,
    ) in enumerate(JOINERS, start=len(MEMBERS) + 1):
        _member(
            cell,
            groups[group_no],
            username,
            accounts,
            card_number=f"7901{number:04d}",
            full_name=full_name,
            gender=gender,
            date_of_birth=born,
            admitted_on=admitted_on,
            official_on=official_on,
            position=position,
            role=CellRole.MEMBER,
            joined_on=joined,
        )
    return cell


def _member(
    cell: Cell, group: PartyGroup, username: str, accounts: _Accounts, *, card_number: str, **fields
) -> Member:
    leaving = dict(zip(("left_on", "left_reason", "left_note"), LEAVERS.get(username, ()), strict=False))
    member, _ = Member.objects.get_or_create(
        card_number=card_number,
        defaults={
            "cell": cell,
            "group": group,
            "workplace": GROUPS[group.order - 1][1],
            "status": MemberStatus.OFFICIAL,
            **fields,
            **leaving,
        },
    )
    if member.user_id is None:
        member.user = accounts.get(username, member.full_name)
        member.save(update_fields=["user"])
    if username.startswith("totruong") and group.leader_id is None:
        group.leader = member
        group.save(update_fields=["leader"])
    if leaving and member.left_on is None:  # a demo database loaded before the moves
        for field, value in leaving.items():
            setattr(member, field, value)
        member._change_reason = "member.left"
        member.save(update_fields=list(leaving))
    if member.left_on is not None and member.user.is_active:
        member.user.is_active = False  # as when the secretary marks a member as left
        member.user.save(update_fields=["is_active"])
    return member
