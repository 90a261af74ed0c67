"""`{% pledge_state pledge %}`: the pledge's state wherever it is listed; a pledge sent back to
its member says so, by whom and why, instead of looking like any draft."""

from django import template

from plans.selectors.pledges import is_returned

register = template.Library()


@register.inclusion_tag("plans/_pledge_state.html")
def pledge_state(pledge):
    return {"pledge": pledge, "returned": is_returned(pledge)}
