from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a notification is about; each person turns the e-mail of each kind on or off."""

    PLEDGE_SUBMITTED = "pledge_submitted", _("A pledge of my group was submitted")
    PLEDGE_RETURNED = "pledge_returned", _("My pledge was returned")
    PLEDGE_APPROVED = "pledge_approved", _("My pledge was approved")
    PLEDGE_EVALUATED = "pledge_evaluated", _("My pledge was evaluated")
    PLEDGE_DEADLINE = "pledge_deadline", _("The pledge deadline is near")
    MONDAY_TURN = "monday_turn", _("My group's Monday turn is next Monday")
    CASE_OPENED = "case_opened", _("An inspection or supervision of me began")
    CASE_CONCLUDED = "case_concluded", _("An inspection or supervision of me was concluded")
    REPORT_FINALISED = "report_finalised", _("A cell under my committee made a report final")


class EmailState(models.TextChoices):
    """Where an e-mail of the outbox stands: waiting for the worker (again after a failure),
    sent, or given up and kept for the administrator."""

    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not sent")
