"""Filters for printed Party documents (Hướng dẫn 36-HD/VPTW)."""

from datetime import date

from django import template

from reports.document import wording
from reports.document.wording import party_date_text

register = template.Library()


@register.filter
def party_date(day: date | None, place: str = "") -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2021", or "Ngày 05 tháng 02 năm 2021" without a place
    (no comma before it)."""
    if not day:
        return ""
    text = party_date_text(day)
    place = (place or "").strip()
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]


@register.filter
def party_day(day: date | None) -> str:
    """ "ngày 05 tháng 02 năm 2021", inside a sentence: "Kèm theo Báo cáo số …, ngày …"."""
    return party_date_text(day) if day else ""


@register.filter
def from_iso(text: str | None) -> date | None:
    """A day kept in a report's frozen figures as "2025-07-01"."""
    return date.fromisoformat(text) if text else None


@register.filter
def count(number) -> str:
    """A count in running text by the rule of `reports.document.wording.count`: "05 năm", "27 đảng
    viên". Anything that is not a whole number is shown as it is. Tables keep plain numbers."""
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        return "" if number is None else str(number)
    return wording.count(number)


@register.filter
def out_of(done, planned) -> str:
    """ "48/49" in a table; "—" where nothing was planned: "0/0" reads like a failure in a year
    with no Monday session to hold (2016, before the rota began)."""
    return f"{done}/{planned}" if planned else "—"
