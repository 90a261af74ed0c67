"""The template tags of a record's state (`{% load badges %}`): its badge, the label in the colour
that its model gives the state (`STATE_BADGES`, kept beside the state's choices), so that no
template names a state."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def state_badge(record):
    colour = type(record).STATE_BADGES[record.state]
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, record.get_state_display())
