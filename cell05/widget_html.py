"""Django's simplest widget templates, written in Python with the same output.

A widget rendered by its template costs a template render for the input, one for its attributes
and two more per option of a list: the pledge form's 22 inputs took half the time of its page
(issue 30). The inputs, text areas and lists below render the very HTML of Django's templates
(`tests/test_widget_html.py` compares them over every kind of value and attribute); any other
widget, an option with a template of its own, or a value these functions do not expect goes to
the template as before.
"""

from collections.abc import Callable

from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape

WIDGETS = "django/forms/widgets/"
# The templates that are only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"


class Unexpected(Exception):
    """A value the template would write in a way these functions do not copy."""


# A form's template escapes, and localises by the active language, as a page does.
_CONTEXT = Context()


def _variable(value) -> str:
    """`{{ value }}`."""
    return render_value_in_context(value, _CONTEXT)


def _string(value) -> str:
    """`{{ value|stringformat:'s' }}`: the filter formats with `%s`, which reads a tuple as its
    arguments; `str` keeps a safe string safe, as the filter does."""
    if isinstance(value, tuple | list | dict):
        raise Unexpected
    return conditional_escape(str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_variable(name)}" if value is True else f' {_variable(name)}="{_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_string(value)}"'
    kind, name = _variable(widget["type"]), _variable(widget["name"])
    return f'<input type="{kind}" name="{name}"{shown}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = widget["value"]
    text = _variable(value) if value else ""
    return f'<textarea name="{_variable(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


def _option(option: dict) -> str:
    if option["template_name"] != OPTION_TEMPLATE:
        raise Unexpected
    value, label = _string(option["value"]), _variable(option["label"])
    return f'<option value="{value}"{_attrs(option["attrs"])}>{label}</option>'


def _select(widget: dict) -> str:
    parts = [f'<select name="{_variable(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_variable(group_name)}">')
        # Each option is an include whose template ends with a line break.
        parts.extend(f"\n  {_option(option)}\n" for option in group_choices)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


RENDERERS: dict[str, Callable[[dict], str]] = {
    **dict.fromkeys(INPUT_TEMPLATES, _input),
    f"{WIDGETS}textarea.html": _textarea,
    f"{WIDGETS}select.html": _select,
}


def render_widget(template_name: str, context: dict) -> str | None:
    """The widget's HTML as its template writes it, or None when the template must write it."""
    render = RENDERERS.get(template_name)
    if render is None:
        return None
    try:
        return render(context["widget"])
    except Unexpected:
        return None
