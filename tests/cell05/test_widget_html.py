"""The widgets written in Python (cell05.widget_html) give the HTML of Django's templates, for
every kind of input, value and attribute a form may hand them."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

import cell05.forms
from cell05.forms import BootstrapRenderer
from cell05.widget_html import INPUT_TEMPLATES, RENDERERS
from tests.factories import make_pledge, make_study_year

VALUES = [
    None,
    "",
    "Nguyễn Thị Đào",
    "a<b & \"c\" 'd'",
    0,
    2026,
    3.5,
    mark_safe("<b>đậm</b>"),
    gettext_lazy("Save"),
]
ATTRS = [
    {},
    {"class": "form-control is-invalid", "required": True, "disabled": False},
    {"aria-describedby": "id_x_helptext id_x_error", "data-note": '"quoted" <tag>', "maxlength": 300},
    {"rows": 2, "autofocus": True, "placeholder": gettext_lazy("Cancel")},
]
INPUT_WIDGETS = [
    forms.TextInput,
    forms.HiddenInput,
    forms.NumberInput,
    forms.EmailInput,
    lambda attrs: forms.PasswordInput(attrs, render_value=True),
    forms.URLInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.SearchInput,
    forms.TelInput,
    forms.ColorInput,
    forms.Textarea,
]
CHOICES = [
    ("", gettext_lazy("— Choose —")),
    ("thought", "Tư tưởng"),
    (3, 'a<b & "c"'),
    ("Nhóm", [("x", "Trong nhóm"), ("y", mark_safe("<i>y</i>"))]),
]


def mismatches(widgets, values) -> list[str]:
    """Each widget and value whose HTML by this project's renderer differs from Django's
    templates', with both."""
    found = []
    for widget in widgets:
        for value in values:
            by_template, by_python = both(widget, value)
            if by_python != by_template:
                found.append(f"{type(widget).__name__} {value!r}: {by_python} != {by_template}")
    return found


def both(widget, value):
    """The widget's HTML by Django's templates and by this project's renderer."""
    name = "items-0-field"
    return (
        widget.render(name, value, renderer=TemplatesSetting()),
        widget.render(name, value, renderer=BootstrapRenderer()),
    )


def test_an_input_or_text_area_is_written_as_its_template_writes_it():
    assert mismatches([make(dict(attrs)) for make in INPUT_WIDGETS for attrs in ATTRS], VALUES) == []


def test_a_checkbox_is_written_as_its_template_writes_it():
    checkbox = forms.CheckboxInput(attrs={"class": "form-check-input"})
    assert mismatches([checkbox], [True, False, None, "", "on"]) == []


def test_a_list_with_groups_is_written_as_its_template_writes_it():
    lists = [
        make(dict(attrs), choices=CHOICES) for make in (forms.Select, forms.SelectMultiple) for attrs in ATTRS
    ]
    assert mismatches(lists, [None, "", "thought", 3, "y", ["x", "thought"]]) == []


def test_a_widget_the_module_does_not_write_is_left_to_its_template():
    radio = forms.RadioSelect(choices=CHOICES)
    assert radio.template_name not in RENDERERS
    by_template, by_python = both(radio, "thought")
    assert by_python == by_template


def test_every_template_the_module_writes_is_one_of_djangos_own_inputs():
    """An input template the module names must still be only an include of Django's input."""
    renderer = TemplatesSetting()
    for name in INPUT_TEMPLATES:
        source = renderer.get_template(name).template.source
        assert source.strip() == '{% include "django/forms/widgets/input.html" %}', name


def test_the_pledge_form_page_is_the_same_with_its_widgets_written_by_templates(login, world, monkeypatch):
    pledge = make_pledge(world.member, make_study_year(world.cell), items=2)
    client = login(world.member)
    url = reverse("plans:pledge_edit", kwargs={"slug": world.cell.slug, "pk": pledge.pk})
    by_python = client.get(url)
    assert by_python.status_code == 200
    monkeypatch.setattr(cell05.forms, "render_widget", lambda template_name, context: None)
    by_template = client.get(url)
    token = by_python.context["csrf_token"]
    assert by_python.content.decode().replace(str(token), "") == by_template.content.decode().replace(
        str(by_template.context["csrf_token"]), ""
    )
