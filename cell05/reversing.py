"""Reversing URLs, remembered per process.

Django's `reverse` matches the view's patterns again at every call: 0.3–6.5 ms a page, and the
office's home reverses hundreds of links (issue 30). A URL depends only on what the key holds:
the view's name, its arguments, the URLconf, the script prefix (a site served under a path),
the current application's namespace and the language (which would matter if a pattern were ever
translated; none is today). Only arguments of plain types are remembered: an object's string
could change while its hash does not.

`{% url %}` in every template is this module's (`TEMPLATES["OPTIONS"]["builtins"]`), and the
models' `get_absolute_url` call `reverse` from here.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Library, defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

PLAIN = (str, int)

# The links of the largest office's pages, several times over; a few MB at most.
REMEMBERED = 20_000


@lru_cache(maxsize=REMEMBERED)
def _remembered(viewname, args, kwargs, urlconf, current_app, script_prefix, language):
    # The script prefix and the language are read by Django's reverse itself; they are here to
    # tell the cases apart.
    return django_reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def reverse(viewname, *, args=None, kwargs=None, urlconf=None, current_app=None) -> str:
    """What `django.urls.reverse` returns, remembered for the same name, arguments and setting."""
    args = tuple(args or ())
    kwargs = kwargs or {}
    if isinstance(viewname, str) and all(type(value) in PLAIN for value in (*args, *kwargs.values())):
        return _remembered(
            viewname,
            args,
            tuple(sorted(kwargs.items())),
            urlconf or get_urlconf(),
            current_app,
            get_script_prefix(),
            get_language(),
        )
    return django_reverse(viewname, urlconf=urlconf, args=args, kwargs=kwargs, current_app=current_app)


@receiver(setting_changed)
def forget_on_urlconf_change(*, setting, **kwargs):
    # A test that swaps the URLconf (override_settings) must not read the other's URLs.
    if setting == "ROOT_URLCONF":
        _remembered.cache_clear()


register = Library()


class URLNode(defaulttags.URLNode):
    """Django's `{% url %}`, through `reverse` above."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return URLNode(node.view_name, node.args, node.kwargs, node.asvar)
