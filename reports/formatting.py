"""How numbers, dates and document references are written in Party documents, and how a
section's text becomes HTML with its figures placed and its references kept on one line."""

import re
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TOKEN = re.compile(r"\{([a-z_]+)\}")
# A document number and symbol (06-KH/CB, 05-CT/TW, 02-QĐ/CB) or a date must never break.
UNBREAKABLE = re.compile(
    r"\d+-[A-ZĐ]+(?:/[A-ZĐ]+)+"
    r"|ngày \d{1,2} tháng \d{1,2} năm \d{4}"
    r"|\d{1,2}/\d{1,2}/\d{4}"
    r"|\d+(?:,\d+)?%"
)


def party_date_text(day: date) -> str:
    """ "ngày 08 tháng 12 năm 2016": days below 10 and the months 1 and 2 take a leading zero
    (Hướng dẫn 36-HD/VPTW)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def padded(number: int) -> str:
    """Counts below ten as the source writes them: "kiểm tra 07 đảng viên"."""
    return f"{number:02d}"


def percent(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')}%"


def place_tokens(text: str, tokens: dict[str, str]) -> str:
    """The text with each {token} replaced by its figure; an unknown token stays as written,
    so that the secretary sees it."""
    return TOKEN.sub(lambda match: tokens.get(match.group(1), match.group(0)), text)


def section_html(text: str, tokens: dict[str, str]) -> SafeString:
    """Paragraphs of HTML: the figures placed, everything escaped, references unbroken."""
    paragraphs = []
    for line in place_tokens(text, tokens).splitlines():
        if line.strip():
            escaped = escape(line.strip())
            kept = UNBREAKABLE.sub(lambda match: f'<span class="nowrap">{match.group(0)}</span>', escaped)
            paragraphs.append(f"<p>{kept}</p>")
    return mark_safe("\n".join(paragraphs))  # noqa: S308 - every part was escaped above
