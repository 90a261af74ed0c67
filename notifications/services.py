"""Every change to notifications: make them (with their e-mails), mark them read, keep a person's
e-mail preferences. The domain apps call `notify` after their change and decide who is told;
this kernel app names none of them."""

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cell05.services import require_perm
from notifications.choices import NotificationKind
from notifications.models import EmailPreference, Notification
from notifications.selectors import about_page, wants_email

logger = logging.getLogger("cell05.notifications")


def language_of(user) -> str:
    """The language a person is written to. cell05 keeps no language per person yet: the
    interface's default, Vietnamese."""
    return settings.LANGUAGE_CODE


@transaction.atomic
def notify(*, recipients, kind: str, text, params=None, link: str = "", cell=None, key: str = "") -> list:
    """Tell each recipient (users; none, inactive and repeated ones are skipped) `text % params`,
    written in the recipient's language, and send it by e-mail once the change that called this
    is committed, unless the person turned e-mails of this kind off or has no address. With a
    `key`, a recipient is told once: a reminder made again is not made."""
    made = []
    seen = set()
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
            transaction.on_commit(partial(_send_email, notification, user.email))
    return made


def _send_email(notification: Notification, address: str) -> None:
    """Send one notification by e-mail. A mail server that fails loses the e-mail, never the
    change: the notification waits in the app."""
    with translation.override(language_of(notification.recipient)):
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
    try:
        send_mail(subject, "\n".join(lines), None, [address])
    except Exception:
        logger.exception("notification %s: the e-mail to %s was not sent", notification.pk, address)


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


@transaction.atomic
def email_preferences_save(*, actor, email: str, kinds: set[str]):
    """The person's own e-mail address (empty for none) and the kinds of notification sent by
    e-mail; the other kinds stay in the app only."""
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if actor.email != email:
        actor.email = email
        actor.save(update_fields=["email"])
        logger.info("notifications.email_changed by %s", actor)
    for kind in NotificationKind.values:
        EmailPreference.objects.update_or_create(
            user=actor, kind=kind, defaults={"send_email": kind in kinds}
        )
    logger.info("notifications.preferences_saved by %s", actor)
    return actor
