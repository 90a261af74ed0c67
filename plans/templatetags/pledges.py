"""`{% pledge_state pledge %}`: the pledge's state wherever it is listed, or that there is none;
a pledge sent back to its member says so, by whom and why, instead of looking like any draft.
A tag rather than an included template: the year page lists it for every member."""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext

from cell05.badges import badge, state_badge
from plans.selectors.pledges import is_returned

register = template.Library()


@register.simple_tag
def pledge_state(pledge):
    if pledge is None:
        return badge("danger", gettext("No pledge"))
    if is_returned(pledge):
        by = pledge.reviewed_by.full_name if pledge.reviewed_by_id else ""
        return render_to_string("plans/_returned.html", {"by": by, "comment": pledge.return_comment})
    return state_badge(pledge)
