"""`{% former_office_notice cell %}`: on every page of a cell, the office of a committee the cell
has left reads where the cell went and up to which day it reads the cell's records."""

from django import template

from members.selectors import former_office_reading

register = template.Library()


@register.inclusion_tag("members/_former_office_notice.html", takes_context=True)
def former_office_notice(context, cell):
    user = context.get("user")
    return {"reading": former_office_reading(user, cell) if user is not None else None}
