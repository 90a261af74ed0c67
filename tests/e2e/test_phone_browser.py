"""What a member meets first on a phone (issue 29, items 9 and 12): the unread count beside the
menu button, not folded inside the menu; a link past the menu as the first Tab stop, shown when
reached; the open button of an unread notification readable on its yellow row."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from notifications.choices import NotificationKind
from notifications.models import Notification
from notifications.services import notify
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_accessibility_browser import CELL, sign_in


def test_on_a_phone_the_unread_count_waits_beside_the_menu_button(page, demo):
    user = get_user_model().objects.get(username="dangvien07")
    notify(recipients=[user], kind=NotificationKind.PLEDGE_APPROVED, text="Thông báo mới", link=f"{CELL}/")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "dangvien07")

    bell, toggler = page.locator("#notifications-phone"), page.locator(".navbar-toggler")
    expect(page.locator("#main-nav")).to_be_hidden()
    expect(bell).to_be_visible()
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    expect(bell.locator(".badge")).to_have_text(str(unread))
    bell_box, toggler_box = bell.bounding_box(), toggler.bounding_box()
    assert bell_box["x"] + bell_box["width"] <= toggler_box["x"]
    assert abs((bell_box["y"] + bell_box["height"] / 2) - (toggler_box["y"] + toggler_box["height"] / 2)) < 8

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Chuyển đến nội dung chính")
    assert skip.bounding_box()["width"] > 1  # shown, not the 1 px of a hidden link
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()

    page.goto("/notifications/")
    expect(page.locator("#notifications .list-group-item-warning button").first).to_have_text("Mở")
    assert_accessible(page)

    page.set_viewport_size({"width": 1366, "height": 768})
    expect(bell).to_be_hidden()
    expect(page.locator("#notifications-menu .badge")).to_be_visible()
