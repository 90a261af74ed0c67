"""Reads of the notifications' pages, scoped to the person: nobody reads another's."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from notifications.choices import NotificationKind
from notifications.models import EmailPreference, Notification

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
