"""A member files a pledge with the keyboard alone: Tab, Enter, Space, arrows and typing, no click."""

from playwright.sync_api import expect

from plans.choices import PledgeState
from plans.models import Pledge

ITEMS = [
    ("Nghiên cứu chuyên đề năm và viết bài thu hoạch", "thought", "Một bài thu hoạch", "Quý I"),
    ("Giữ gìn lối sống giản dị, gương mẫu nơi cư trú", "ethics", "Không vi phạm", "Cả năm"),
    ("Xử lý văn bản đúng hạn", "style", "100% đúng hạn", "Hằng tháng"),
]


def focused(page, selector):
    return page.evaluate("selector => document.activeElement?.matches(selector) ?? false", selector)


def tab_to(page, selector, limit=60):
    """Presses Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab on {page.url}")


def choose(page, value, limit=10):
    """Moves through the focused <select> with the arrow key until `value` is chosen."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {value} in the focused list on {page.url}")


def press_and_wait(page, key):
    """Presses a key that follows a link or sends a form, and waits for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_a_member_files_a_pledge_from_the_home_page_with_the_keyboard_alone(page, demo):
    page.goto("/accounts/login/")
    tab_to(page, "#id_username")
    page.keyboard.type("dangvien01")
    tab_to(page, "#id_password")
    page.keyboard.type("cell05-demo")
    press_and_wait(page, "Enter")
    expect(page.locator("#own-pledge")).to_be_visible()

    tab_to(page, "#own-pledge a.btn")
    press_and_wait(page, "Enter")
    tab_to(page, "main form button[type=submit]")
    press_and_wait(page, "Space")
    expect(page.locator(".pledge-item")).to_have_count(3)

    for index, (action, aspect, target, timeframe) in enumerate(ITEMS):
        tab_to(page, f"[name=items-{index}-action]")
        page.keyboard.type(action)
        tab_to(page, f"[name=items-{index}-aspect]")
        choose(page, aspect)
        tab_to(page, f"[name=items-{index}-target]")
        page.keyboard.type(target)
        tab_to(page, f"[name=items-{index}-timeframe]")
        page.keyboard.type(timeframe)
    tab_to(page, "button[name=submit]")
    press_and_wait(page, "Enter")

    expect(page.locator("#pledge-state")).to_contain_text("Đã nộp")
    expect(page.locator("#pledge-items li")).to_have_count(3)
    pledge = Pledge.objects.get(member__user__username="dangvien01", state=PledgeState.SUBMITTED)
    assert [item.action for item in pledge.items.order_by("pk")] == [item[0] for item in ITEMS]
