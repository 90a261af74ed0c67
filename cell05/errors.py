"""The pages of a request that failed: 400, 500, 503 while the database cannot be reached (it
restarts), and 507 when the server's disk is full.

They are rendered from the template alone, without the request: a context processor would read
the signed-in user, the session and the unread notifications from the database, and the failure
being answered is often the database's; failing again, the page would become another error or
Django's bare English text. Django's 403 and 404 pages keep the request, and the menu with it.
"""

import errno
import logging
import sys

from django.conf import settings
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

logger = logging.getLogger("cell05.errors")

# 507 Insufficient Storage: the server could not store what it was sent.
INSUFFICIENT_STORAGE = 507
# A restarting PostgreSQL is back within seconds; the connections are checked before reuse.
RETRY_AFTER_SECONDS = 10


def bad_request(request, exception):
    if isinstance(exception, SessionInterrupted):
        # Django logs a 400 as a warning, which the site's log level drops; a session that
        # cannot be saved is the server's failure (the database refused the write) or a sign-out
        # from another tab, told apart by the cause at the end of the traceback.
        logger.error(
            "The session of %s could not be saved: %s",
            request.path,
            _root_cause(exception),
            exc_info=exception,
        )
    return _page("400.html", 400)


def server_error(request):
    # Django calls this while it handles the exception, without passing it.
    error = sys.exception()
    if _out_of_space(error):
        return _page("507.html", INSUFFICIENT_STORAGE)
    if any(isinstance(cause, (OperationalError, InterfaceError)) for cause in _causes(error)):
        response = _page("503.html", 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _page("500.html", 500)


def _page(template_name: str, status: int) -> HttpResponse:
    # With no language active (translation.deactivate_all), the page would be in English.
    with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
        return HttpResponse(loader.render_to_string(template_name), status=status)


def _causes(error: BaseException | None):
    while error is not None:
        yield error
        error = error.__cause__ or error.__context__


def _root_cause(error: BaseException) -> BaseException:
    return list(_causes(error))[-1]


def _out_of_space(error: BaseException | None) -> bool:
    """Whether the error, or one it was raised from, is a write refused for want of space."""
    return any(isinstance(cause, OSError) and cause.errno == errno.ENOSPC for cause in _causes(error))
