"""Two people edit the same record: the desktop saves first, the phone's save is refused with
what the phone typed kept in the form, and saving again is a decision taken knowingly."""

import html

from django.test import Client
from django.utils import translation


def signed_in(person) -> Client:
    client = Client()
    client.force_login(getattr(person, "user", person))
    return client


def refused_then_saved(*, url, data, first, second, model, field, theirs, mine, form_field=None):
    """Both open the edit page at `url`; `first` saves `theirs` in `field`, then `second`, who
    typed `mine` on the older copy, posts. Returns the refused page and the answer to the
    second save, after checking that nothing of `second` was lost and the change is named."""
    form_field = form_field or field
    desktop, phone = signed_in(first), signed_in(second)
    seen = phone.get(url).context["form"]["version"].value()
    desktop_seen = desktop.get(url).context["form"]["version"].value()
    assert desktop.post(url, {**data, form_field: theirs, "version": desktop_seen}).status_code == 302

    refused = phone.post(url, {**data, form_field: mine, "version": seen})

    assert refused.status_code == 200
    form = refused.context["form"]
    assert form[form_field].value() == mine
    assert html.escape(mine) in refused.content.decode()
    with translation.override("vi"):
        label = str(model._meta.get_field(field).verbose_name)
    assert any(label in line and theirs in line for line in form.non_field_errors()), form.non_field_errors()
    again = phone.post(url, {**data, form_field: mine, "version": form["version"].value()})
    assert again.status_code == 302, again.context and again.context["form"].errors
    return refused, again
