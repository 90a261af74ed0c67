"""Every change to notifications: make them (with their e-mails, written to the outbox that the
worker sends), mark them read, keep a person's e-mail preferences and confirm an address. The
domain apps call `notify` after their change and decide who is told; this kernel app names none
of them."""

import logging
import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cell05.services import require_perm
from notifications.choices import EmailState, NotificationKind
from notifications.models import EmailPreference, Notification, OutgoingEmail, PendingEmailAddress
from notifications.outbox import outbox_schedule
from notifications.selectors import (
    CONFIRMATION_DAYS,
    about_page,
    address_of_link,
    confirmation_token,
    wants_email,
)

logger = logging.getLogger("cell05.notifications")


def language_of(user) -> str:
    """The language a person is written to. cell05 keeps no language per person yet: the
    interface's default, Vietnamese."""
    return settings.LANGUAGE_CODE


@transaction.atomic
def notify(*, recipients, kind: str, text, params=None, link: str = "", cell=None, key: str = "") -> list:
    """Tell each recipient (users; none, inactive and repeated ones are skipped) `text % params`,
    written in the recipient's language, and write its e-mail to the outbox, which the worker
    sends once the change that called this is committed, unless the person turned e-mails of
    this kind off or has no confirmed address. With a `key`, a recipient is told once: a
    reminder made again is not made."""
    made = []
    seen = set()
    queued = False
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        if key and Notification.objects.filter(recipient=user, key=key).exists():
            continue
        with translation.override(language_of(user)):
            notification = Notification(
                recipient=user,
                cell=cell,
                kind=kind,
                text=str(text % params if params else text),
                link=link,
                key=key,
            )
        try:
            # Two runs of the daily task at once: the database lets one reminder in.
            with transaction.atomic():
                notification.save()
        except IntegrityError:
            continue
        made.append(notification)
        if user.email and wants_email(user, kind):
            _queue_email(notification, user)
            queued = True
    if queued:
        outbox_schedule()
    return made


def _queue_email(notification: Notification, user) -> OutgoingEmail:
    """The e-mail of a notification, to the person's confirmed address."""
    with translation.override(language_of(user)):
        subject = _("cell05: %(kind)s") % {"kind": NotificationKind(notification.kind).label}
        lines = [notification.text]
        if notification.link:
            lines += ["", settings.SITE_URL + notification.link]
        lines += [
            "",
            "-- ",
            _("Choose which e-mails cell05 sends you: %(url)s")
            % {"url": settings.SITE_URL + reverse("notifications:email_preferences")},
        ]
    return OutgoingEmail.objects.create(
        recipient=user,
        notification=notification,
        address=user.email,
        subject=subject,
        body="\n".join(lines),
        next_attempt_at=timezone.now(),
    )


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    require_perm(actor, "notifications.read_notification", notification)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def notifications_mark_read_on_page(*, actor, path: str) -> int:
    """The person has been shown the page at `path`: the unread notifications about it (its
    record's page) are read."""
    read = Notification.objects.filter(about_page(path), recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if read:
        logger.info("notifications.read_on_page %s: %s by %s", path, read, actor)
    return read


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


# A form saved twice with the same new address sends one link, not two.
RESEND_AFTER = timedelta(minutes=5)
# An account asks for at most this many confirmation e-mails in CONFIRMATIONS_WINDOW: the form
# cannot be made to mail an address (anyone's) without end.
CONFIRMATIONS_PER_WINDOW = 3
CONFIRMATIONS_WINDOW = timedelta(hours=1)


@transaction.atomic
def email_preferences_save(*, actor, email: str, kinds: set[str]):
    """The person's e-mail address and the kinds of notification sent by e-mail; the other kinds
    stay in the app only. A new address awaits confirmation by a link sent to it, and notices
    go to it only then; clearing the address, or keeping the confirmed one, takes effect at
    once."""
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    pending = PendingEmailAddress.objects.select_for_update().filter(user=actor).first()
    if not email or email == actor.email:
        if pending is not None:
            pending.delete()
        if actor.email != email:
            actor.email = email
            actor.save(update_fields=["email"])
            logger.info("notifications.email_changed by %s", actor)
    elif pending is None or pending.address != email or pending.requested_at < timezone.now() - RESEND_AFTER:
        _refuse_confirmation_beyond_limit(actor)
        PendingEmailAddress.objects.update_or_create(
            user=actor, defaults={"address": email, "requested_at": timezone.now()}
        )
        _queue_confirmation(actor, email)
        logger.info("notifications.email_confirmation_sent by %s", actor)
    for kind in NotificationKind.values:
        EmailPreference.objects.update_or_create(
            user=actor, kind=kind, defaults={"send_email": kind in kinds}
        )
    logger.info("notifications.preferences_saved by %s", actor)
    return actor


def _refuse_confirmation_beyond_limit(user) -> None:
    """Refuse one more confirmation e-mail to an account that had CONFIRMATIONS_PER_WINDOW of
    them within the window, counted from the outbox (a confirmation is its e-mail without a
    notification), and say when it may ask again."""
    # The account's row lock: two saves at once do not both pass the count.
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
    since = timezone.now() - CONFIRMATIONS_WINDOW
    recent = list(
        OutgoingEmail.objects.filter(recipient=user, notification__isnull=True, created_at__gt=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:CONFIRMATIONS_PER_WINDOW]
    )
    if len(recent) < CONFIRMATIONS_PER_WINDOW:
        return
    wait = recent[-1] + CONFIRMATIONS_WINDOW - timezone.now()
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    logger.warning("notifications.email_confirmation_refused for %s: %s in the last hour", user, len(recent))
    raise ValidationError(
        {
            "email": _(
                "%(count)s confirmation e-mails have been sent in the last hour. Open the link of the "
                "last one, or ask again in %(minutes)s minutes."
            )
            % {"count": CONFIRMATIONS_PER_WINDOW, "minutes": minutes}
        }
    )


def _queue_confirmation(user, address: str) -> OutgoingEmail:
    link = reverse("notifications:email_confirm", kwargs={"token": confirmation_token(user, address)})
    with translation.override(language_of(user)):
        subject = _("cell05: confirm your e-mail address")
        body = "\n".join(
            [
                _(
                    "The account %(username)s of cell05 asked that its notifications be sent to this "
                    "address. To confirm it, sign in and open this link within %(days)s days:"
                )
                % {"username": user.get_username(), "days": CONFIRMATION_DAYS},
                "",
                settings.SITE_URL + link,
                "",
                _(
                    "If you did not ask for it, ignore this e-mail: nothing is sent to this address "
                    "until it is confirmed."
                ),
            ]
        )
    email = OutgoingEmail.objects.create(
        recipient=user, address=address, subject=subject, body=body, next_attempt_at=timezone.now()
    )
    outbox_schedule()
    return email


@transaction.atomic
def email_address_confirm(*, actor, token: str):
    """Make the address a confirmation link names the person's own: notices go to it from now."""
    address = address_of_link(actor, token)
    PendingEmailAddress.objects.filter(user=actor).delete()
    actor.email = address
    actor.save(update_fields=["email"])
    logger.info("notifications.email_confirmed by %s", actor)
    return actor


@transaction.atomic
def outgoing_emails_send_again(*, actor, emails) -> int:
    """The administrator's: try again, from the first attempt, e-mails that were not sent (the
    mail server fixed). How many."""
    require_perm(actor, "notifications.send_email_again", None)
    count = (
        OutgoingEmail.objects.filter(pk__in=[email.pk for email in emails])
        .exclude(state=EmailState.SENT)
        .update(state=EmailState.PENDING, attempts=0, next_attempt_at=timezone.now())
    )
    outbox_schedule()
    logger.info("notifications.emails_sent_again by %s: %s", actor, count)
    return count
