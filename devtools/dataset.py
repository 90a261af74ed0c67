"""A data set the size of a large commune or a former district, built fast for `make bench`.

`build_dataset` creates one superior committee with its cells, each with 5 party groups and
its members, and every year of Directive 05 work (devtools/records.py): the theme and key
contents, a study session with who attended, an evaluated pledge of every member with 3 items,
the Monday rota with its sessions held, the programme with 2 inspections and 2 supervisions
(concluded), a praise and two proposals for a reward, and a few documents of the register.

`build_committee` and `build_cells` are its two halves, which devtools/province.py calls batch
by batch for a province of thousands of cells.

Rows are written with bulk_create, so no history is recorded and Member.save() does not run
(search_name is folded here). Everything is derived from the indexes and one seeded random
generator: the same arguments build the same data. Only for scratch databases.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from cell05.text import fold, vietnamese_sort_key
from devtools.records import GROUPS_PER_CELL, build_documents, build_monday, build_oversight, build_years
from members.choices import CellRole, CommitteeKind, Gender, LeftReason, MemberStatus
from members.models import Cell, Member, PartyGroup, SuperiorCommittee

SURNAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Tạ",
]  # fmt: skip
MIDDLE = {
    Gender.MALE: ["Văn", "Đức", "Minh", "Quốc", "Công", "Hữu", "Xuân", "Quang", "Đình", "Thanh"],
    Gender.FEMALE: ["Thị", "Thu", "Ngọc", "Thanh", "Thị Hồng", "Thị Thu", "Bích", "Thị Minh", "Kim", "Mỹ"],
}
GIVEN = {
    Gender.MALE: [
        "Hùng", "Dũng", "Tuấn", "Nam", "Sơn", "Thắng", "Hải", "Long", "Khánh", "Việt",
        "Đức", "Trường", "Lợi", "Hiếu", "Thành", "Cường", "Phúc", "Tâm", "Bình", "Quân",
    ],
    Gender.FEMALE: [
        "Lan", "Hương", "Mai", "Hà", "Nhung", "Yến", "Phương", "Thủy", "Oanh", "Ánh",
        "Huyền", "Diệp", "Ngọc", "Trang", "Hạnh", "Linh", "Thảo", "Dung", "Hằng", "Vân",
    ],
}  # fmt: skip
CELL_KINDS = [
    "Chi bộ Thôn",
    "Chi bộ Khu dân cư",
    "Chi bộ Trường Tiểu học",
    "Chi bộ Trường Trung học cơ sở",
    "Chi bộ Trạm Y tế",
    "Chi bộ Cơ quan",
    "Chi bộ Quân sự",
    "Chi bộ Công an",
]
POSITIONS = ["Chuyên viên", "Giáo viên", "Cán bộ", "Hưu trí", "Nông dân", "Kinh doanh", "Y sĩ", "Công chức"]


def made_up_name(rng: random.Random, gender: str) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"


@transaction.atomic
def build_dataset(
    *, cells: int, members_per_cell: int, years: range, committee_name: str
) -> SuperiorCommittee:
    """One superior committee with `cells` cells of `members_per_cell` members each, and their
    records of every year in `years`. The secretary of every cell and the committee's office
    get a sign-in account (without a usable password)."""
    if cells < 1 or members_per_cell < 1 or not years:
        raise ValueError("A data set needs at least one cell, one member and one year.")
    seed = f"{committee_name}/{cells}/{members_per_cell}/{years.start}-{years.stop}"
    rng = random.Random(seed)  # noqa: S311 - made-up records, not secrets
    prefix = slugify(fold(committee_name))[:40] or "bench"
    password = make_password(None)
    committee = build_committee(name=committee_name, prefix=prefix, password=password)
    build_cells(
        rng,
        committee,
        prefix=prefix,
        first=0,
        sizes=[members_per_cell] * cells,
        years=years,
        password=password,
        every_account=False,
    )
    return committee


def build_committee(*, name: str, prefix: str, password: str) -> SuperiorCommittee:
    """The committee and its office's account `<prefix>-vanphong`."""
    committee = SuperiorCommittee.objects.create(name=name, kind=CommitteeKind.DISTRICT, code="HU")
    office = get_user_model().objects.create(
        username=f"{prefix}-vanphong", first_name="Văn phòng", password=password
    )
    committee.staff.add(office)
    return committee


def build_cells(
    rng: random.Random,
    committee: SuperiorCommittee,
    *,
    prefix: str,
    first: int,
    sizes: list[int],
    years: range,
    password: str,
    every_account: bool,
) -> list[Cell]:
    """Cells number `first + 1` onwards of the committee, one per entry of `sizes` (its
    members), each with its groups, members and every year's records. `password` is an
    encoded hash shared by the new accounts: hashing is far slower than inserting. With
    `every_account` every member signs in, else the secretary alone."""
    cell_objects = Cell.objects.bulk_create(
        Cell(
            committee=committee,
            name=f"{CELL_KINDS[index % len(CELL_KINDS)]} số {index + 1:03d}",
            slug=f"{prefix}-{index + 1:03d}",
            code="CB",
            place="Xã Yên Bình",
        )
        for index in range(first, first + len(sizes))
    )
    groups = PartyGroup.objects.bulk_create(
        PartyGroup(cell=cell, name=f"Tổ đảng số {order}", order=order)
        for cell in cell_objects
        for order in range(1, GROUPS_PER_CELL + 1)
    )
    groups_of = {cell.pk: [group for group in groups if group.cell_id == cell.pk] for cell in cell_objects}

    members_of = _build_members(rng, committee, cell_objects, groups_of, years, first=first, sizes=sizes)
    _link_accounts(members_of, password, every_account)
    members_of = _save_members(cell_objects, groups_of, members_of)
    build_years(rng, cell_objects, groups_of, members_of, years)
    build_monday(rng, cell_objects, groups_of, members_of, years)
    build_oversight(rng, cell_objects, groups_of, members_of, years)
    build_documents(cell_objects, committee, years)
    return cell_objects


def _build_members(rng, committee, cells, groups_of, years, *, first, sizes) -> dict[int, list[Member]]:
    """Members, not saved yet, spread over the groups in turn: the first is the secretary, the
    second the deputy, the third a committee member. About one in 30 joined during the period,
    one in 30 left it, one in 30 is still probationary."""
    first_year, last = years[0], years[-1]
    members = []
    for cell_index, cell, per_cell in zip(range(first, first + len(cells)), cells, sizes, strict=True):
        for index in range(per_cell):
            gender = Gender.FEMALE if rng.random() < 0.45 else Gender.MALE
            born = rng.randint(1958, min(1996, first_year - 21))
            admitted = min(born + rng.randint(20, 35), first_year - 1)
            admitted_on = date(admitted, rng.randint(1, 12), rng.randint(1, 28))
            official_on = admitted_on + timedelta(days=365)
            status, joined_on, left_on, left_reason = MemberStatus.OFFICIAL, None, None, ""
            role = [CellRole.SECRETARY, CellRole.DEPUTY_SECRETARY, CellRole.COMMITTEE_MEMBER]
            role = role[index] if index < len(role) else CellRole.MEMBER
            kind = (cell_index + index) % 30
            if role == CellRole.MEMBER and kind == 7 and len(years) > 1:
                joined_on = date(years[1], 6, 15)  # transferred in
            elif role == CellRole.MEMBER and kind == 13:
                admitted_on = date(last, 5, 19)  # admitted in the last year
                official_on, status, joined_on = None, MemberStatus.PROBATIONARY, admitted_on
                born = min(born, last - 25)
            elif role == CellRole.MEMBER and kind == 21 and len(years) > 1:
                left_on, left_reason = date(years[-2], 6, 30), LeftReason.TRANSFER
            full_name = made_up_name(rng, gender)
            members.append(
                Member(
                    cell=cell,
                    group=groups_of[cell.pk][index % GROUPS_PER_CELL],
                    full_name=full_name,
                    search_name=fold(full_name),
                    sort_key=vietnamese_sort_key(full_name),
                    gender=gender,
                    date_of_birth=date(born, rng.randint(1, 12), rng.randint(1, 28)),
                    admitted_on=admitted_on,
                    official_on=official_on,
                    card_number=f"{committee.pk:04d}{cell_index + 1:04d}{index + 1:04d}",
                    position=rng.choice(POSITIONS),
                    role=role,
                    status=status,
                    joined_on=joined_on if joined_on and joined_on > date(first_year, 1, 1) else None,
                    left_on=left_on,
                    left_reason=left_reason,
                )
            )
    members_of: dict[int, list[Member]] = {cell.pk: [] for cell in cells}
    for member in members:
        members_of[member.cell.pk].append(member)
    return members_of


def _save_members(cells, groups_of, members_of) -> dict[int, list[Member]]:
    """Insert the members, then make the first current member of each group its leader."""
    members = Member.objects.bulk_create(
        [member for cell_members in members_of.values() for member in cell_members], batch_size=1000
    )
    members_of = {cell.pk: [] for cell in cells}
    for member in members:
        members_of[member.cell_id].append(member)
    leaders = []
    for cell in cells:
        for group in groups_of[cell.pk]:
            group.leader = next(
                (m for m in members_of[cell.pk] if m.group_id == group.pk and m.left_on is None), None
            )
            leaders.append(group)
    PartyGroup.objects.bulk_update(leaders, ["leader"])
    return members_of


def _link_accounts(members_of: dict[int, list[Member]], password: str, every_account: bool) -> None:
    """Sign-in accounts `<cell>-bithu` for the secretary and, with `every_account`,
    `<cell>-dv<n>` for the n-th member of the cell."""
    User = get_user_model()
    signing_in = [
        (member, f"{cell_members[0].cell.slug}-{'bithu' if member.role == CellRole.SECRETARY else f'dv{n}'}")
        for cell_members in members_of.values()
        for n, member in enumerate(cell_members, start=1)
        if every_account or member.role == CellRole.SECRETARY
    ]
    users = User.objects.bulk_create(
        [User(username=name, first_name=member.full_name, password=password) for member, name in signing_in],
        batch_size=1000,
    )
    for (member, _username), user in zip(signing_in, users, strict=True):
        member.user = user
