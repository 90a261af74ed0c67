"""Keeps the secret of calendar addresses out of the logs: a phone polls
/cells/calendar/<key>/<secret>.ics every hour, and an access log would otherwise hold every
member's address in clear. nginx needs the same in its own configuration (docs/deployment.md,
"The calendar addresses in the logs")."""

import logging
import re

# The secret, wherever a message holds the feed's path (a request line, a "Not Found: …").
SECRET = re.compile(r"(/calendar/[^/\s?\"]+/)[^/\s?\"]+\.ics")
HIDDEN = r"\1…secret….ics"

# The loggers that write the path of each request: gunicorn's access log and Django's request
# and development-server logs.
REQUEST_LOGGERS = ("gunicorn.access", "django.request", "django.server")


class CalendarSecretFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = SECRET.sub(HIDDEN, message)
        if hidden != message:
            record.msg, record.args = hidden, None
        return True


def install() -> None:
    """Put the filter on the loggers themselves, not on handlers: gunicorn sets up its own
    handlers, and Django's LOGGING may replace those of the settings."""
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, CalendarSecretFilter) for existing in logger.filters):
            logger.addFilter(CalendarSecretFilter())
