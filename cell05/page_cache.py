"""The content of the pages that people reload and others rarely change, kept in the cache.

A page's `<main>` content is rendered from its own template and kept under a key that holds
everything it depends on: the viewer, the language, the day, the address and its query, and what the
view names (the cells' figures stamps, a record's version, …). A change to any of them makes a
new key, so nothing is ever sent to the cache to forget. The page around the content (the menu,
the bell, the messages) is rendered fresh at every request, and so is the CSRF token of any form
inside the content: the cached HTML holds a slot that each request fills with its own token.

The key parts must be read before the content: a change committed in between then leaves newer
content under the older key, never older content under the newer one.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# An entry whose inputs have since changed is never read again: it only waits to be evicted.
CONTENT_CACHE_SECONDS = 24 * 60 * 60

# What `{% csrf_token %}` writes, with a value no request has. A user's text is escaped before
# it reaches the HTML, so it cannot hold this tag.
_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
_CSRF_SLOT = "csrf-slot"


def content_key(request, template_name: str, key_parts) -> str:
    viewer = (request.user.pk, get_language(), timezone.localdate().isoformat())
    address = (request.path, sorted(request.GET.lists()))
    raw = repr((template_name, viewer, address, list(key_parts)))
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def render_with_cached_content(
    request, template_name: str, context: dict, *, content: str, key_parts, content_context
):
    """Render a page whose content block shows `content`, a template rendered with the page's
    context and `content_context()`, or taken from the cache when the same key was rendered
    before. `content_context` is called only then: the page's costly reads go there. Without
    key_parts, the content is rendered fresh."""
    cached = settings.PAGE_CONTENT_CACHE and key_parts is not None
    key = content_key(request, content, key_parts) if cached else None
    html = cache.get(key) if key else None
    if html is None:
        html = render_to_string(content, {**context, **content_context(), "csrf_token": _CSRF_SLOT}, request)
        if key:
            cache.set(key, html, CONTENT_CACHE_SECONDS)
    html = html.replace(_CSRF_INPUT.format(_CSRF_SLOT), _CSRF_INPUT.format(get_token(request)))
    # Our own templates' HTML, in which every user's text was escaped.
    return render(request, template_name, {**context, "content": mark_safe(html)})  # noqa: S308
