"""How large a report may be: the same limits for a cell's report and a committee's, checked
by the forms (with a message beside the field) and again by the services (a forged POST), on
the text as typed and on the text with its figures placed (at a save and at a print).

A five-year report of a real cell is 5 to 15 pages; the drafts' longest section is about 2,000
characters in 5 lines (reports/document/texts.py). The limits are ten times that and more, so that no
real report reaches them, while a report at every limit (about 100 pages) is still laid out by
the worker well within its time limit (reports/apps.py). Without them a report held megabytes
of text, laid out again on every preview and PDF.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

TITLE_MAX_CHARS = 500
RECIPIENTS_MAX_LINES = 30
RECIPIENTS_MAX_CHARS = 2_000
SECTION_MAX_CHARS = 20_000
SECTION_MAX_LINES = 300


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _too_long(text: str, max_chars: int, message: str) -> list[str]:
    # A browser sends a line break as two characters (CR LF); the person typed one.
    length = len(text) - text.count("\r\n")
    if length <= max_chars:
        return []
    return [message % {"limit": _number(max_chars), "count": _number(length)}]


def _too_many_lines(text: str, max_lines: int, message: str) -> list[str]:
    lines = len(text.splitlines())
    if lines <= max_lines:
        return []
    return [message % {"limit": _number(max_lines), "count": _number(lines)}]


def title_errors(title: str) -> list[str]:
    return _too_long(
        title or "",
        TITLE_MAX_CHARS,
        _("The title is too long: at most %(limit)s characters (it has %(count)s)."),
    )


def recipients_errors(recipients: str) -> list[str]:
    recipients = recipients or ""
    return _too_many_lines(
        recipients,
        RECIPIENTS_MAX_LINES,
        _("Too many recipients: at most %(limit)s lines (there are %(count)s)."),
    ) + _too_long(
        recipients,
        RECIPIENTS_MAX_CHARS,
        _("The recipients are too long: at most %(limit)s characters (they have %(count)s)."),
    )


def section_errors(text: str) -> list[str]:
    text = text or ""
    return _too_long(
        text,
        SECTION_MAX_CHARS,
        _("This section is too long: at most %(limit)s characters (it has %(count)s)."),
    ) + _too_many_lines(
        text,
        SECTION_MAX_LINES,
        _("This section has too many lines: at most %(limit)s (it has %(count)s)."),
    )


def placed_section_errors(placed: str) -> list[str]:
    """The limits of a section with its figures placed: a figure placed is text laid out like
    any other, and a few characters of {token} may place hundreds."""
    return _too_long(
        placed,
        SECTION_MAX_CHARS,
        _(
            "With its figures placed, this section is too long: at most %(limit)s characters (it "
            "has %(count)s). Place fewer long figures in it."
        ),
    ) + _too_many_lines(
        placed,
        SECTION_MAX_LINES,
        _("With its figures placed, this section has too many lines: at most %(limit)s (it has %(count)s)."),
    )


def header_errors(report) -> dict[str, list[str]]:
    """The header fields of a report over their limits, with why."""
    errors = {"title": title_errors(report.title), "recipients": recipients_errors(report.recipients)}
    return {field: messages for field, messages in errors.items() if messages}
