from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeKind(models.TextChoices):
    DISTRICT = "district", _("District Party committee")
    COMMUNE = "commune", _("Commune Party committee")
    WARD = "ward", _("Ward Party committee")
    PROVINCE = "province", _("Provincial Party committee")
    OTHER = "other", _("Other Party committee")


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
