from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_counts
from notifications.services import notifications_mark_read_on_page


def unread_notifications(request):
    """The unread count of the menu: one query, made only when a page shows the menu. A page
    shown to its reader is how a notification about it is read: those about this page are then
    marked read and left out of the count (a second query, only when there are some)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        unread, about_page = unread_counts(user, request.path)
        if about_page and request.method == "GET":
            return unread - notifications_mark_read_on_page(actor=user, path=request.path)
        return unread

    return {"unread_notifications": SimpleLazyObject(count)}
