from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.choices import EmailState, NotificationKind


class Notification(models.Model):
    """Something a person is told, in the app (and by e-mail unless the person turned its kind
    off). The text is written when it is made, in the recipient's language, so that the list
    reads it as it was sent."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    cell = models.ForeignKey(
        "members.Cell",
        verbose_name=_("cell"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    text = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    # A reminder's key ("deadline-7:<member>:<deadline>"): the database makes each reminder once,
    # however often the daily task runs. Notifications of an event have none.
    key = models.CharField(_("key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~Q(key=""),
                name="notification_key_once_per_recipient",
            ),
        ]
        # The unread count of every page.
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailPreference(models.Model):
    """Whether a person gets the e-mail of a kind of notification; without a row, they do."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="email_preferences",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    send_email = models.BooleanField(_("send an e-mail"), default=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="email_preference_once_per_kind"),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind}"


class OutgoingEmail(models.Model):
    """An e-mail waiting for the worker, or what became of it: written in the transaction of the
    change it tells of, so that a change undone sends nothing and a mail server that hangs or
    refuses delays no page and loses no e-mail (notifications.outbox sends them)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # None for an e-mail of its own (the confirmation of an address).
    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.SET_NULL,
        related_name="emails",
        null=True,
        blank=True,
    )
    address = models.EmailField(_("address"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    state = models.CharField(
        _("state"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        # The worker's question: which e-mails are due now.
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outgoing_email_due_idx")]

    def __str__(self):
        return f"{self.address}: {self.subject}"


class PendingEmailAddress(models.Model):
    """An address a person typed and has not yet confirmed by the link sent to it. Notices go
    to the account's confirmed address (User.email) only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="pending_email_address",
    )
    address = models.EmailField(_("address"), max_length=254)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("e-mail address awaiting confirmation")
        verbose_name_plural = _("e-mail addresses awaiting confirmation")

    def __str__(self):
        return f"{self.user}: {self.address}"
