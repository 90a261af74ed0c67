"""Filters for printed Party documents (Hướng dẫn 36-HD/VPTW)."""

from datetime import date

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def party_date(day: date | None, place: str = "") -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2021": days below 10 and the months 1 and 2 take a
    leading zero, as the Party's rules for documents ask."""
    if not day:
        return ""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = _("day %(day)s month %(month)s year %(year)s") % {
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]
