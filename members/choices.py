from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeKind(models.TextChoices):
    PROVINCE = "province", _("Provincial Party committee (tỉnh ủy)")
    CITY = "city", _("Party committee of a centrally-run city (thành ủy)")
    DISTRICT = "district", _("District Party committee (huyện ủy), until 30/06/2025")
    URBAN_DISTRICT = "urban_district", _("Urban district Party committee (quận ủy), until 30/06/2025")
    TOWN = "town", _("Town Party committee (thị ủy), until 30/06/2025")
    PROVINCIAL_CITY = (
        "provincial_city",
        _("Party committee of a provincial city (thành ủy), until 30/06/2025"),
    )
    COMMUNE = "commune", _("Commune Party committee (đảng ủy xã)")
    WARD = "ward", _("Ward Party committee (đảng ủy phường)")
    SPECIAL_ZONE = "special_zone", _("Special zone Party committee (đảng ủy đặc khu), from 01/07/2025")
    BLOC = "bloc", _("Party committee of a bloc of agencies (đảng ủy khối)")
    AGENCY = "agency", _("Party committee of an agency (đảng ủy cơ quan)")
    OTHER = "other", _("Other Party committee")


# The two-level local government (Nghị quyết 202/2025/QH15): the district level ended on
# 30/06/2025, and the special zones began the next day.
LAST_DAY_OF_DISTRICTS = date(2025, 6, 30)
FIRST_DAY_OF_TWO_LEVELS = date(2025, 7, 1)


@dataclass(frozen=True)
class KindRules:
    """How a committee of a kind names itself and signs (Hướng dẫn 36-HD/VPTW), and the days
    such committees existed. `unit` is the word after "Đảng bộ" in its organisation's name
    ("Đảng bộ huyện Yên Thành"), `committee` what it is called as the body that issues and
    signs ("Huyện ủy Yên Thành")."""

    unit: str
    committee: str
    standing_committee_signs: bool
    first_day: date | None = None
    last_day: date | None = None


KIND_RULES = {
    CommitteeKind.PROVINCE: KindRules("tỉnh", "Tỉnh ủy", True),
    CommitteeKind.CITY: KindRules("thành phố", "Thành ủy", True),
    CommitteeKind.DISTRICT: KindRules("huyện", "Huyện ủy", True, last_day=LAST_DAY_OF_DISTRICTS),
    CommitteeKind.URBAN_DISTRICT: KindRules("quận", "Quận ủy", True, last_day=LAST_DAY_OF_DISTRICTS),
    CommitteeKind.TOWN: KindRules("thị xã", "Thị ủy", True, last_day=LAST_DAY_OF_DISTRICTS),
    CommitteeKind.PROVINCIAL_CITY: KindRules("thành phố", "Thành ủy", True, last_day=LAST_DAY_OF_DISTRICTS),
    # A grassroots committee signs as the Party committee ("T/M ĐẢNG ỦY").
    CommitteeKind.COMMUNE: KindRules("xã", "Đảng ủy xã", False),
    CommitteeKind.WARD: KindRules("phường", "Đảng ủy phường", False),
    CommitteeKind.SPECIAL_ZONE: KindRules(
        "đặc khu", "Đảng ủy đặc khu", False, first_day=FIRST_DAY_OF_TWO_LEVELS
    ),
    CommitteeKind.BLOC: KindRules("", "Đảng ủy", True),
    CommitteeKind.AGENCY: KindRules("", "Đảng ủy", False),
    CommitteeKind.OTHER: KindRules("", "Đảng ủy", False),
}


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class CellRole(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    COMMITTEE_MEMBER = "committee_member", _("Cell committee member")
    MEMBER = "member", _("Member")


# The cell committee (chi ủy): who runs the cell's work day to day.
COMMITTEE_ROLES = (CellRole.SECRETARY, CellRole.DEPUTY_SECRETARY, CellRole.COMMITTEE_MEMBER)


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary")
    OFFICIAL = "official", _("Official")


class LeftReason(models.TextChoices):
    TRANSFER = "transfer", _("Transferred to another Party organisation")
    DEATH = "death", _("Deceased")
    OTHER = "other", _("Other")
