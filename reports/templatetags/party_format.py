"""Filters for printed Party documents (Hướng dẫn 36-HD/VPTW)."""

from datetime import date

from django import template

from reports.formatting import party_date_text

register = template.Library()


@register.filter
def party_date(day: date | None, place: str = "") -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2021", or "Ngày 05 tháng 02 năm 2021" without a place."""
    if not day:
        return ""
    text = party_date_text(day)
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]
