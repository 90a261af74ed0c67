from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportKind(models.TextChoices):
    FIVE_YEAR = "five_year", _("Summary of several years")
    YEARLY = "yearly", _("Yearly report")


class ReportState(models.TextChoices):
    # A report not yet issued and a pledge being written are named differently in Vietnamese.
    DRAFT = "draft", pgettext_lazy("report state", "Draft")
    FINAL = "final", pgettext_lazy("report state", "Final")


class CommitteeSigner(models.TextChoices):
    """Who signs a committee's report, as the signature prints it: its secretary, or a deputy
    who signs for the secretary ("K/T BÍ THƯ / PHÓ BÍ THƯ", Hướng dẫn 36-HD/VPTW)."""

    SECRETARY = "BÍ THƯ", _("Secretary")
    DEPUTY = "PHÓ BÍ THƯ", _("Deputy secretary")


# The colour of each state's badge (cell05/templatetags/badges.py).
REPORT_STATE_BADGES = {ReportState.DRAFT: "secondary", ReportState.FINAL: "success"}


class SectionKey(models.TextChoices):
    """The sections of the report, in the order a report sent upward reads (reports/document/outline.py
    numbers them into its parts). Each is labelled in the editor with its printed heading (the
    opening has none)."""

    OPENING = "opening", _("Opening: what the report answers")
    SITUATION = "situation", _("Characteristics of the situation")
    IMPLEMENTATION = "implementation", _("Leadership, direction, study and implementation")
    KEY_CONTENTS = "key_contents", _("Carrying out the key and breakthrough contents")
    MONDAY = "monday", _("The Monday sessions")
    OVERSIGHT = "oversight", _("Inspection and supervision work")
    COMMENDATIONS = "commendations", _("Praise and reward work")
    CONCLUSION = "conclusion", _("Overall assessment")
    LIMITATIONS = "limitations", _("Limitations and shortcomings")
    CAUSES = "causes", _("Causes")
    LESSONS = "lessons", _("Lessons learned")
    TASKS = "tasks", _("Directions, tasks and solutions")
    RECOMMENDATIONS = "recommendations", _("Recommendations")
