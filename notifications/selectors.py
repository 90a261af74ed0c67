"""Reads of the notifications' pages, scoped to the person: nobody reads another's."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from notifications.choices import NotificationKind
from notifications.models import EmailPreference, Notification, PendingEmailAddress

LIST_LENGTH = 100


def notifications_of_user(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def notification_for_user(user, pk: int) -> Notification:
    return get_object_or_404(notifications_of_user(user), pk=pk)


def about_page(path: str) -> Q:
    """The notifications whose link opens the page at `path` (a link may add a query or an
    anchor, as the Monday rota's does)."""
    return Q(link=path) | Q(link__startswith=f"{path}?") | Q(link__startswith=f"{path}#")


def unread_counts(user, path: str) -> tuple[int, int]:
    """The person's unread notifications, and how many of them are about the page at `path`,
    in one query."""
    counts = (
        notifications_of_user(user)
        .filter(read_at__isnull=True)
        .aggregate(unread=Count("pk"), about_page=Count("pk", filter=about_page(path)))
    )
    return counts["unread"], counts["about_page"]


def email_preferences_of(user) -> dict[str, bool]:
    """Each kind of notification: whether the person gets its e-mail (yes, unless turned off)."""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("kind", "send_email"))
    return {kind: chosen.get(kind, True) for kind in NotificationKind.values}


def wants_email(user, kind: str) -> bool:
    return not EmailPreference.objects.filter(user=user, kind=kind, send_email=False).exists()


def pending_address_of(user) -> PendingEmailAddress | None:
    return PendingEmailAddress.objects.filter(user=user).first()


# A confirmation link is valid this long; the address typed waits that long for it.
CONFIRMATION_DAYS = 3
_CONFIRMATION = signing.TimestampSigner(salt="notifications.email-confirmation")


def confirmation_token(user, address: str) -> str:
    return _CONFIRMATION.sign_object({"user": user.pk, "address": address})


def address_of_link(user, token: str) -> str:
    """The address that the person's confirmation link names. A link that is not the person's
    (or not a link) is not found, so that nobody learns of another's address; an expired one,
    or one whose address the person has since replaced, is refused saying so."""
    try:
        data = _CONFIRMATION.unsign_object(token)
    except signing.BadSignature:
        raise Http404 from None
    if not isinstance(data, dict) or data.get("user") != user.pk:
        raise Http404
    try:
        _CONFIRMATION.unsign_object(token, max_age=CONFIRMATION_DAYS * 24 * 3600)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This link has expired. Save the address again to receive a new link.")
        ) from None
    if user.email == data["address"]:
        raise ValidationError(_("This address is already confirmed."))
    pending = pending_address_of(user)
    if pending is None or pending.address != data["address"]:
        raise ValidationError(_("This link is for an address that you have since changed."))
    return pending.address
