"""The demo cell: "Chi bộ Khối Đảng" of the source document, with 5 groups and 27 members.

Every account has the password DEMO_PASSWORD. Loading twice changes nothing.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from members.choices import CellRole, CommitteeKind, Gender, MemberStatus
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

STAFF_USERNAME = "vanphong"


def _user(username: str, full_name: str = ""):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": full_name}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_members() -> Cell:
    committee, _ = SuperiorCommittee.objects.get_or_create(
        name="Đảng bộ huyện", defaults={"kind": CommitteeKind.DISTRICT, "code": "HU"}
    )
    committee.staff.add(_user(STAFF_USERNAME, "Văn phòng Huyện ủy"))
    cell, _ = Cell.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults={"committee": committee, "name": "Chi bộ Khối Đảng", "code": "CB"},
    )
    groups = {}
    for order, (name, _workplace) in enumerate(GROUPS, start=1):
        groups[order], _ = PartyGroup.objects.get_or_create(cell=cell, order=order, defaults={"name": name})
    for number, (username, full_name, gender, born, admitted, group_no, position, role) in enumerate(
        MEMBERS, start=1
    ):
        admitted_on = date(admitted, 1 + number % 12, 1 + (number * 7) % 27)
        member, _ = Member.objects.get_or_create(
            card_number=f"7901{number:04d}",
            defaults={
                "cell": cell,
                "group": groups[group_no],
                "full_name": full_name,
                "gender": gender,
                "date_of_birth": date(born, 1 + (number * 5) % 12, 1 + (number * 3) % 28),
                "admitted_on": admitted_on,
                "official_on": admitted_on.replace(year=admitted + 1),
                "position": position,
                "workplace": GROUPS[group_no - 1][1],
                "role": role,
                "status": MemberStatus.OFFICIAL,
            },
        )
        if member.user_id is None:
            member.user = _user(username, full_name)
            member.save(update_fields=["user"])
        if username.startswith("totruong") and groups[group_no].leader_id is None:
            groups[group_no].leader = member
            groups[group_no].save(update_fields=["leader"])
    return cell
