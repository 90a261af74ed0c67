from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    SUPERVISION = "supervision", _("Supervision")


class SupervisionKind(models.TextChoices):
    REGULAR = "regular", _("Regular")
    THEMATIC = "thematic", _("Thematic")


class CaseState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    CONCLUDED = "concluded", _("Concluded")


class Conclusion(models.TextChoices):
    GOOD = "good", _("Carried out well")
    SHORTCOMINGS = "shortcomings", _("Shortcomings to fix")
    VIOLATION = "violation", _("Violation")


class ProposalTarget(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class ProposalOutcome(models.TextChoices):
    PENDING = "pending", _("Awaiting the decision")
    GRANTED = "granted", _("Granted")
    NOT_GRANTED = "not_granted", _("Not granted")


DIRECTIVE_05_CONTENT = (
    "Việc thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị: học tập chuyên đề, viết bài thu hoạch, "
    "xây dựng bản đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh và kết quả thực "
    "hiện những việc đã đăng ký."
)
