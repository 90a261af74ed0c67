"""The template tags of a record's state (`{% load badges %}`): its badge, the label in the colour
that its model gives the state (`STATE_BADGES`, kept beside the state's choices), so that no
template names a state."""

from django import template
from django.utils.html import format_html

register = template.Library()


def badge(colour: str, label) -> str:
    """A label in one of Bootstrap's colours (`danger`, `success`…)."""
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, label)


@register.simple_tag
def state_badge(record):
    return badge(type(record).STATE_BADGES[record.state], record.get_state_display())
