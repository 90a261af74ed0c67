"""A link past the menu (issue 29, item 12): the first thing that Tab reaches on every page,
signed in or not, leads to the page's main content."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

FOCUSABLE = re.compile(r"<(a|button|input|select|textarea)\b[^>]*>", re.S)


def first_focusable(page: str) -> str:
    body = page.split("<body>", 1)[1]
    return next(match.group(0) for match in FOCUSABLE.finditer(body) if 'type="hidden"' not in match.group(0))


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_first_stop_of_the_keyboard_skips_the_menu_to_the_main_content(world, client, signed_in):
    if signed_in:
        client.force_login(world.member.user)
    page = client.get(reverse("home") if signed_in else reverse("login")).content.decode()
    assert first_focusable(page) == '<a class="visually-hidden-focusable skip-link" href="#content">'
    assert "Chuyển đến nội dung chính</a>" in page
    assert '<main class="container pb-5" id="content" tabindex="-1">' in page
