from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PledgeState(models.TextChoices):
    # A pledge being written and a report not yet issued are named differently in Vietnamese.
    DRAFT = "draft", pgettext_lazy("pledge state", "Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    EVALUATED = "evaluated", _("Evaluated")


# The colour of each state's badge (cell05/templatetags/badges.py).
PLEDGE_STATE_BADGES = {
    PledgeState.DRAFT: "secondary",
    PledgeState.SUBMITTED: "warning",
    PledgeState.APPROVED: "primary",
    PledgeState.SELF_ASSESSED: "success",
    PledgeState.EVALUATED: "success",
}


# A pledge counts as filed once the member has handed it in.
FILED_STATES = {
    PledgeState.SUBMITTED,
    PledgeState.APPROVED,
    PledgeState.SELF_ASSESSED,
    PledgeState.EVALUATED,
}
APPROVED_STATES = {PledgeState.APPROVED, PledgeState.SELF_ASSESSED, PledgeState.EVALUATED}
ASSESSED_STATES = {PledgeState.SELF_ASSESSED, PledgeState.EVALUATED}


class Aspect(models.TextChoices):
    THOUGHT = "thought", _("Thought")
    ETHICS = "ethics", _("Ethics")
    STYLE = "style", _("Style")


class ItemResult(models.TextChoices):
    DONE = "done", _("Done")
    PARTLY = "partly", _("Partly done")
    NOT_DONE = "not_done", _("Not done")


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Excellently fulfilled duties")
    GOOD = "good", _("Well fulfilled duties")
    FULFILLED = "fulfilled", _("Fulfilled duties")
    NOT_FULFILLED = "not_fulfilled", _("Did not fulfil duties")


# Quy định 366-QĐ/TW (2025) scores members 0–100: the band of each rating.
RATING_SCORE_BANDS: dict[str, tuple[int, int]] = {
    Rating.EXCELLENT: (90, 100),
    Rating.GOOD: (70, 89),
    Rating.FULFILLED: (50, 69),
    Rating.NOT_FULFILLED: (0, 49),
}


class DocumentKind(models.TextChoices):
    DIRECTIVE = "directive", _("Directive")
    RESOLUTION = "resolution", _("Resolution")
    CONCLUSION = "conclusion", _("Conclusion")
    PLAN = "plan", _("Plan")
    REGULATION = "regulation", _("Regulation")
    DECISION = "decision", _("Decision")
    GUIDANCE = "guidance", _("Guidance")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class DocumentDirection(models.TextChoices):
    ISSUED = "issued", _("Issued by the cell")
    RECEIVED = "received", _("Received")


class StudyForm(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    CELL_MEETING = "cell_meeting", _("Cell meeting")
    THEMATIC_MEETING = "thematic_meeting", _("Thematic meeting")
    AGENCY_MEETING = "agency_meeting", _("Agency meeting")
    OTHER = "other", _("Other")


class StoryKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    STORY = "story", _("Story")
    TEACHING = "teaching", _("Teaching of Uncle Hồ")


class MondayState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    NOT_HELD = "not_held", _("Not held")


MONDAY_STATE_BADGES = {
    MondayState.PLANNED: "secondary",
    MondayState.HELD: "success",
    MondayState.NOT_HELD: "danger",
}


# How long a group should wait before reading the same story again.
STORY_REPEAT_MONTHS = 12
