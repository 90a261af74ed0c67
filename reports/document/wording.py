"""How numbers, dates and document references are written in Party documents, and how a
section's text becomes HTML with its figures placed and each number kept with its word."""

import re
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TOKEN = re.compile(r"\{([a-z_]+)\}")

# What a line must not break inside, tried in this order at each place of the text. A justified
# line stretches its spaces to fill the width: the shorter the unbreakable pieces, the less it
# stretches. So a written date ("ngày 16 tháng 01 năm 2017") is three pieces, a word with its
# number each: "ngày 16 tháng 01" as one piece left the line before it a word short, its
# spaces wide, whenever a document number ("Kế hoạch số 27-KH/HU") followed the date.
UNBREAKABLE = re.compile(
    # A document's number and symbol: 06-KH/CB, 05-CT/TW, 02-QĐ/CB, 46-KH/HU. Tried only from
    # the first digit of a number: from each of its digits, a long number cost its square.
    r"(?<!\d)\d+-[A-ZĐ]+(?:/[A-ZĐ]+)+"
    # A date written in figures (15/04/2021, 01-10-1997), a span of years (2016–2021).
    r"|\b\d{1,2}([/-])\d{1,2}\1\d{4}\b"
    r"|\b\d{4} ?[–-] ?\d{4}\b"
    # A word with the number that follows it: "năm 2017", "tháng 4", "Điều 30", "thứ 2".
    r"|\b(?:ngày|tháng|năm|quý|Điều|điều|Khoản|khoản|thứ|khóa|khoá) \d{1,4}\b"
    # A number with the word after it: "27 đảng", "05 năm", "100% cán", "15 phút".
    r"|(?<![\w/.,–-])\d+(?:[.,]\d+)*%?(?: [^\W\d_]+)"
    # A per cent without a word after it: "đạt 100%".
    r"|(?<![\w/.,–-])\d+(?:[.,]\d+)*%"
)


def year_spans(years) -> str:
    """Years as a reader counts them: consecutive ones as a span, "2016–2018, 2020"."""
    spans = []
    for year in sorted(years):
        if spans and spans[-1][1] == year - 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(str(first) if first == last else f"{first}–{last}" for first, last in spans)


def party_date_text(day: date) -> str:
    """ "ngày 08 tháng 12 năm 2016": days below 10 and the months 1 and 2 take a leading zero
    (Hướng dẫn 36-HD/VPTW)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def citation_date(day: date) -> str:
    """ "ngày 05/3/2021", "ngày 16/01/2017": a document's date in a citation, written as the
    Directive's own ("Chỉ thị số 05-CT/TW, ngày 15/5/2016"), so that a report cites every
    document in one style; the leading zeros are party_date_text's."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d}/{month}/{day.year}"


def count(number: int) -> str:
    """A count in the running text of a report, as the Party reports of the cells write them.

    The rule: a count from 1 to 9 is written with two digits, a leading zero before it ("05 năm",
    "kiểm tra 07 đảng viên", "01 đồng chí"); a count of 10 or more is written as it is ("27 đảng
    viên", "100 lượt"); zero is written "0" (a "00" reads like a blank in a form). Tables and
    charts write plain numbers. A count is never negative.
    """
    if number < 0:
        raise ValueError(f"a count is never negative: {number}")
    return f"{number:02d}" if 0 < number < 10 else str(number)


def padded(number: int) -> str:
    """Counts as the source writes them: "kiểm tra 07 đảng viên". The rule is `count()`'s."""
    return count(number)


def percent(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')}%"


def place_tokens(text: str, tokens: dict[str, str]) -> str:
    """The text with each {token} replaced by its figure; an unknown token stays as written,
    so that the secretary sees it."""
    return TOKEN.sub(lambda match: tokens.get(match.group(1), match.group(0)), text)


def keep_together(escaped: str) -> str:
    """HTML-escaped text with every piece of UNBREAKABLE kept on one line: the spaces of a piece
    of words become no-break spaces, which a justified line stretches like any other; a piece
    without a space (05-CT/TW, 15/04/2021) goes in a nowrap span. A nowrap span with a space in
    it that falls at the start of a line made WeasyPrint end the line before after one word."""

    def kept(match) -> str:
        piece = match.group(0)
        return piece.replace(" ", NO_BREAK_SPACE) if " " in piece else f'<span class="nowrap">{piece}</span>'

    return UNBREAKABLE.sub(kept, escaped)


NO_BREAK_SPACE = "\u00a0"


def section_html(text: str, tokens: dict[str, str]) -> SafeString:
    """Paragraphs of HTML: the figures placed, everything escaped, each number kept with its
    word and references unbroken."""
    paragraphs = []
    for line in place_tokens(text, tokens).splitlines():
        if line.strip():
            paragraphs.append(f"<p>{keep_together(escape(line.strip()))}</p>")
    return mark_safe("\n".join(paragraphs))  # noqa: S308 - every part was escaped above
