"""What every request goes through: the session's lifetime, the client's address, and no copy
of a signed-in page kept in a cache; except a page that its address alone opens (`sessionless`)."""

import ipaddress
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers

SIGNED_IN_AT = "signed_in_at"
RENEWED_AT = "renewed_at"


def sessionless(view):
    """Mark a view that its address alone opens, for a program that never signs in (a phone's
    calendar polling a feed): the middleware below neither reads, renews nor ends a session for
    it, and leaves its cache headers to it."""
    view.sessionless = True
    return view


def _is_sessionless(view) -> bool:
    return getattr(view, "sessionless", False)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def client_address(request) -> str | None:
    """The address of the client. X-Forwarded-For is believed only when the request comes from
    a trusted proxy (DJANGO_TRUSTED_PROXIES); each proxy appends the address it received from,
    so the client is the right-most entry that is not itself a trusted proxy: entries further
    left were written by the client and prove nothing."""
    remote = request.META.get("REMOTE_ADDR")
    if not remote or not _trusted(remote):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed(forwarded):
        if not address or not _trusted(address):
            return address or remote
    return remote


class SessionLifetimeMiddleware:
    """A signed-in session ends after 30 minutes without a request and, whatever happens,
    12 hours after signing in.

    The idle time is the session's age, counted from its last save. Saving it at every request
    would write a row (a disk flush on a durable PostgreSQL) for every page viewed, so a request
    renews it only when the last renewal is SESSION_RENEW_SECONDS old: a session then ends
    between 29 and 30 minutes after the last request, never later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Once the view is known, so that a sessionless one does not even read the session.
        if _is_sessionless(view_func) or not request.user.is_authenticated:
            return None
        now = int(time.time())
        session = request.session
        started = session.setdefault(SIGNED_IN_AT, now)
        if now - started > settings.SESSION_ABSOLUTE_AGE:
            logout(request)
            return redirect_to_login(request.get_full_path())
        if now - session.get(RENEWED_AT, 0) >= settings.SESSION_RENEW_SECONDS:
            session[RENEWED_AT] = now  # marks the session modified: saved, cookie renewed
        return None


class PrivatePagesMiddleware:
    """Pages and downloads for a signed-in person hold members' records: no browser or proxy
    cache may keep them (a shared computer in an office, a proxy of the agency)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and _is_sessionless(match.func):
            return response
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
