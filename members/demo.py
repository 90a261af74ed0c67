"""The demo cell: "Chi bộ Khối Đảng" of the source document, with 5 groups and 27 members
on 15/04/2021, under "Đảng bộ huyện Yên Thành" (the source names no district: any plausible
one) until 30/06/2025 and under "Đảng bộ xã Yên Thành" from 01/07/2025. Between 2022 and 2025
two members move away and two join, so that the yearly figures move while the cell keeps 27
members. Beside it, the other cells of the commune committee (COMMUNE_CELLS), each showing
what a committee's office meets among its cells.

Every account has the password DEMO_PASSWORD. Loading twice changes nothing: what exists is
kept, only what is missing is added.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from members.choices import CellRole, CommitteeKind, Gender, LeftReason, MemberStatus
from members.models import Cell, CellMove, Member, PartyGroup, SuperiorCommittee

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


STAFF_USERNAME = "vanphong"  # the office of the committee the cell belongs to now
DISTRICT_STAFF_USERNAME = "vanphonghuyen"
COMMITTEE_NAME = "Đảng bộ huyện Yên Thành"
COMMITTEE_PLACE = "Yên Thành"
COMMITTEE_SUPERIOR = "Đảng bộ tỉnh Nghệ An"
CELL_PLACE = "Yên Thành"
# The committee's name in demo databases loaded before it had a district: renamed once.
SHORT_COMMITTEE_NAME = "Đảng bộ huyện"

# On 01/07/2025 the district level ended (Nghị quyết 202/2025/QH15), and Tỉnh ủy Nghệ An's Đề
# án 50-ĐA/TU (16/06/2025) ended its district committees. Nghị quyết 1678/NQ-UBTVQH15
# (16/06/2025) made thị trấn Hoa Thành, the district seat (itself formed in 2024 from thị trấn
# Yên Thành and xã Hoa Thành, Nghị quyết 1243/NQ-UBTVQH15), with xã Đông Thành, Tăng Thành and
# Văn Thành into xã Yên Thành, whose Party organisation is Đảng bộ xã Yên Thành (first
# congress 18/08/2025). Where the cells of the district's Party agencies went is not published:
# the demo assumes that the committee of the commune where the agencies sat took them, as
# Hướng dẫn 31-HD/BTCTW (23/04/2025) organises Party bodies by territory after the mergers.
COMMUNE_NAME = "Đảng bộ xã Yên Thành"
COMMUNE_PLACE = "Yên Thành"
MOVED_ON = date(2025, 7, 1)


@dataclass(frozen=True)
class DemoCell:
    """A cell of the commune committee besides the source's. `members`: (full name, gender,
    year of birth, year admitted, group number or None, position, role), the secretary first
    (the one with an account); `first_year`: the first year of its records, None for a cell
    with none yet; `from_district`: whether it belonged to the district until 30/06/2025."""

    slug: str
    name: str
    workplace: str
    secretary: str
    groups: tuple[str, ...]
    members: tuple[tuple, ...]
    first_year: int | None
    from_district: bool


# The commune committee's other cells, made up (names of people and units included), each
# showing one thing an office meets among its cells: a cell behind on its pledges, one whose
# Monday sessions were not held, one of three members (no cell committee: its reports say "Chi
# bộ", never "Chi ủy"), one that began to use cell05 in 2024 and one with no members yet. The
# units of the district seat had their cells under the district committee until 30/06/2025.
COMMUNE_CELLS = (
    DemoCell(
        slug="thcs-hoa-thanh",
        name="Chi bộ Trường THCS Hoa Thành",
        workplace="Trường THCS Hoa Thành",
        secretary="bithu-thcs",
        groups=("Tổ đảng Khoa học tự nhiên", "Tổ đảng Khoa học xã hội"),
        members=(
            ("Nguyễn Văn Thuận", M, 1972, 1998, 1, "Hiệu trưởng", CellRole.SECRETARY),
            ("Phan Thị Hoài", F, 1978, 2005, 2, "Phó Hiệu trưởng", CellRole.DEPUTY_SECRETARY),
            ("Trần Đình Quang", M, 1975, 2002, 1, "Tổ trưởng chuyên môn", CellRole.COMMITTEE_MEMBER),
            ("Lê Thị Thanh Tâm", F, 1983, 2009, 1, "Giáo viên Toán", CellRole.MEMBER),
            ("Hồ Sỹ Đông", M, 1980, 2007, 1, "Giáo viên Vật lý", CellRole.MEMBER),
            ("Nguyễn Thị Hằng", F, 1986, 2012, 1, "Giáo viên Hóa học", CellRole.MEMBER),
            ("Đậu Thị Lý", F, 1988, 2013, 1, "Giáo viên Sinh học", CellRole.MEMBER),
            ("Võ Thị Thu Trang", F, 1981, 2008, 2, "Giáo viên Ngữ văn", CellRole.MEMBER),
            ("Phạm Văn Hải", M, 1979, 2006, 2, "Giáo viên Lịch sử", CellRole.MEMBER),
            ("Hoàng Thị Nga", F, 1987, 2014, 2, "Giáo viên Tiếng Anh", CellRole.MEMBER),
            ("Nguyễn Thị Quỳnh", F, 1990, 2016, 2, "Giáo viên Địa lý", CellRole.MEMBER),
            ("Thái Văn Lâm", M, 1992, 2018, 2, "Tổng phụ trách Đội", CellRole.MEMBER),
        ),
        first_year=2021,
        from_district=True,
    ),
    DemoCell(
        slug="tieu-hoc-hoa-thanh",
        name="Chi bộ Trường Tiểu học Hoa Thành",
        workplace="Trường Tiểu học Hoa Thành",
        secretary="bithu-tieuhoc",
        groups=("Tổ đảng Khối 1, 2, 3", "Tổ đảng Khối 4, 5"),
        members=(
            ("Nguyễn Thị Minh Huệ", F, 1974, 2001, 1, "Hiệu trưởng", CellRole.SECRETARY),
            ("Trần Văn Hòa", M, 1980, 2008, 2, "Phó Hiệu trưởng", CellRole.DEPUTY_SECRETARY),
            ("Lê Thị Hương", F, 1982, 2010, 1, "Tổ trưởng chuyên môn", CellRole.COMMITTEE_MEMBER),
            ("Phạm Thị Lan Anh", F, 1985, 2011, 1, "Giáo viên", CellRole.MEMBER),
            ("Đinh Thị Vân", F, 1987, 2013, 1, "Giáo viên", CellRole.MEMBER),
            ("Nguyễn Thị Thủy", F, 1989, 2015, 1, "Giáo viên", CellRole.MEMBER),
            ("Hoàng Văn Tiến", M, 1984, 2010, 2, "Giáo viên Thể dục", CellRole.MEMBER),
            ("Cao Thị Hiền", F, 1986, 2012, 2, "Giáo viên", CellRole.MEMBER),
            ("Bùi Thị Xuân", F, 1991, 2017, 2, "Giáo viên", CellRole.MEMBER),
            ("Nguyễn Thị Phượng", F, 1993, 2019, 2, "Giáo viên", CellRole.MEMBER),
        ),
        first_year=2024,
        from_district=True,
    ),
    DemoCell(
        slug="khuyen-nong",
        name="Chi bộ Trạm Khuyến nông Yên Thành",
        workplace="Trạm Khuyến nông Yên Thành",
        secretary="bithu-khuyennong",
        groups=(),
        members=(
            ("Trần Hữu Nghĩa", M, 1976, 2003, None, "Trưởng trạm", CellRole.SECRETARY),
            ("Nguyễn Thị Loan", F, 1984, 2011, None, "Kỹ thuật viên trồng trọt", CellRole.MEMBER),
            ("Lê Văn Bình", M, 1988, 2015, None, "Kỹ thuật viên chăn nuôi", CellRole.MEMBER),
        ),
        first_year=2024,
        from_district=True,
    ),
    DemoCell(
        slug="mam-non-hoa-thanh",
        name="Chi bộ Trường Mầm non Hoa Thành",
        workplace="Trường Mầm non Hoa Thành",
        secretary="bithu-mamnon",
        groups=("Tổ đảng Nhà trẻ", "Tổ đảng Mẫu giáo"),
        members=(
            ("Phan Thị Kim Oanh", F, 1975, 2002, 2, "Hiệu trưởng", CellRole.SECRETARY),
            ("Nguyễn Thị Hạnh", F, 1981, 2009, 1, "Phó Hiệu trưởng", CellRole.DEPUTY_SECRETARY),
            ("Võ Thị Mai", F, 1983, 2010, 2, "Tổ trưởng chuyên môn", CellRole.COMMITTEE_MEMBER),
            ("Lê Thị Hồng", F, 1985, 2012, 1, "Giáo viên", CellRole.MEMBER),
            ("Trần Thị Thanh", F, 1988, 2014, 1, "Giáo viên", CellRole.MEMBER),
            ("Hồ Thị Ngọc", F, 1990, 2016, 1, "Giáo viên", CellRole.MEMBER),
            ("Đặng Thị Thảo", F, 1987, 2013, 2, "Giáo viên", CellRole.MEMBER),
            ("Nguyễn Thị Duyên", F, 1992, 2018, 2, "Giáo viên", CellRole.MEMBER),
            ("Phạm Thị Yến", F, 1994, 2020, 2, "Kế toán", CellRole.MEMBER),
        ),
        first_year=2024,
        from_district=True,
    ),
    # A hamlet's cell the commune committee created on the two-level reform, whose secretary
    # has not brought its members in yet.
    DemoCell(
        slug="xom-tan-hop",
        name="Chi bộ xóm Tân Hợp",
        workplace="Xóm Tân Hợp",
        secretary="",
        groups=(),
        members=(),
        first_year=None,
        from_district=False,
    ),
)
# The cell whose members are behind on the pledges of the year under way, how many have not
# filed, and the cell whose Monday sessions of the year under way were mostly not held.
BEHIND_ON_PLEDGES = "thcs-hoa-thanh"
NOT_FILED = 4
MONDAY_NOT_HELD = "tieu-hoc-hoa-thanh"


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


def _district() -> SuperiorCommittee:
    """The district committee the demo cell belonged to until its move: the one it left, or
    the one it still has in a demo loaded before the move, else the one of this name."""
    cell = Cell.objects.filter(slug=DEMO_SLUG).select_related("committee").first()
    move = CellMove.objects.filter(cell=cell).select_related("from_committee").order_by("moved_on").first()
    if move is not None:
        committee = move.from_committee
    elif cell is not None:
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


def _commune() -> SuperiorCommittee:
    commune, _ = SuperiorCommittee.objects.get_or_create(
        name=COMMUNE_NAME,
        defaults={
            "kind": CommitteeKind.COMMUNE,
            "code": "ĐU",
            "place": COMMUNE_PLACE,
            "superior_name": COMMITTEE_SUPERIOR,
        },
    )
    return commune


def _move_to_commune(cell: Cell, district: SuperiorCommittee, commune: SuperiorCommittee) -> None:
    """The cell under the district until 30/06/2025 and under the commune from 01/07/2025; a
    cell of a demo loaded before the move is moved now."""
    if CellMove.objects.filter(cell=cell).exists():
        return
    move = CellMove(cell=cell, from_committee=district, to_committee=commune, moved_on=MOVED_ON)
    move._change_reason = "demo.loaded"
    move.save()
    cell.committee = commune
    cell._change_reason = "demo.loaded"
    cell.save(update_fields=["committee"])


@transaction.atomic
def load_members() -> Cell:
    accounts = _Accounts()
    district, commune = _district(), _commune()
    office = accounts.get(STAFF_USERNAME, "Văn phòng Đảng ủy xã Yên Thành")
    # The office account was the district's in demos loaded before the move: it follows the cell.
    district.staff.remove(office)
    commune.staff.add(office)
    district.staff.add(accounts.get(DISTRICT_STAFF_USERNAME, "Văn phòng Huyện ủy"))
    cell, _ = Cell.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults={"committee": district, "name": "Chi bộ Khối Đảng", "code": "CB", "place": CELL_PLACE},
    )
    _move_to_commune(cell, district, commune)
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


@transaction.atomic
def load_commune_cells() -> list[Cell]:
    """The commune committee's other cells (COMMUNE_CELLS), with their groups and members; those
    with records before 01/07/2025 under the district until then."""
    accounts = _Accounts()
    district, commune = _district(), _commune()
    cells = []
    for number, spec in enumerate(COMMUNE_CELLS, start=11):
        cell, _ = Cell.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "committee": district if spec.from_district else commune,
                "name": spec.name,
                "code": "CB",
                "place": COMMUNE_PLACE,
            },
        )
        if spec.from_district:
            _move_to_commune(cell, district, commune)
        groups = {}
        for order, name in enumerate(spec.groups, start=1):
            groups[order], _ = PartyGroup.objects.get_or_create(
                cell=cell, order=order, defaults={"name": name}
            )
        for index, (full_name, gender, born, admitted, group_no, position, role) in enumerate(
            spec.members, start=1
        ):
            admitted_on = date(admitted, 1 + (number + index) % 12, 1 + (index * 5) % 27)
            group = groups.get(group_no)
            member = _member(
                cell,
                group,
                spec.secretary if role == CellRole.SECRETARY else "",
                accounts,
                card_number=f"79{number:02d}{index:04d}",
                workplace=spec.workplace,
                full_name=full_name,
                gender=gender,
                date_of_birth=date(born, 1 + (index * 7) % 12, 1 + (index * 3) % 28),
                admitted_on=admitted_on,
                official_on=admitted_on.replace(year=admitted + 1),
                position=position,
                role=role,
            )
            # The first member of each group in the list leads it.
            if group is not None and group.leader_id is None:
                group.leader = member
                group.save(update_fields=["leader"])
        cells.append(cell)
    return cells


def _member(
    cell: Cell, group: PartyGroup | None, username: str, accounts: _Accounts, *, card_number: str, **fields
) -> Member:
    """The member of this card number, made when missing, with an account when `username` is
    given (the source's members all have one, the other cells' secretaries only)."""
    leaving = dict(zip(("left_on", "left_reason", "left_note"), LEAVERS.get(username, ()), strict=False))
    if "workplace" not in fields:  # a member of the source's cell works in the agency of the group
        fields["workplace"] = GROUPS[group.order - 1][1]
    member, _ = Member.objects.get_or_create(
        card_number=card_number,
        defaults={
            "cell": cell,
            "group": group,
            "status": MemberStatus.OFFICIAL,
            **fields,
            **leaving,
        },
    )
    if member.user_id is None and username:
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
