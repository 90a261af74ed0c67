import re

from django.urls import reverse
from playwright.sync_api import expect

from plans.models import MondaySession


def sign_in_as(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "cell05-demo")
    page.locator("main form button[type=submit]").click()


def test_member_sees_the_next_turn_of_the_own_group_and_reads_the_rota_without_editing(page, demo):
    turn = (
        MondaySession.objects.filter(group__members__user__username="dangvien05", state="planned")
        .order_by("day")
        .first()
    )
    sign_in_as(page, "dangvien05")
    card = page.locator("#monday-turn")
    expect(card).to_contain_text(turn.day.strftime("%d/%m/%Y"))
    expect(card).to_contain_text(turn.group.name)
    card.locator("a.btn").click()
    expect(page).to_have_url(
        re.compile(rf"/cells/khoi-dang/monday/\?year={turn.day.year}#session-{turn.pk}$")
    )
    expect(page.locator("#monday-sessions tbody tr").first).to_be_visible()
    assert page.locator("#monday-sessions tbody tr[id^=session-]").count() >= 1
    expect(page.locator(f"#session-{turn.pk}")).to_contain_text(turn.group.name)
    expect(page.locator("a.monday-edit")).to_have_count(0)
    expect(page.locator("#monday-actions")).to_have_count(0)

    # April 2019: Giỗ Tổ (observed) on 15/4 and the day off moved to 29/4 leave three sessions.
    page.goto(reverse("plans:monday_rota", kwargs={"slug": "khoi-dang"}) + "?year=2019&month=4")
    expect(page.locator("#monday-sessions tbody tr[id^=session-]")).to_have_count(3)
    expect(page.locator("#monday-skipped")).to_contain_text("15/04/2019")
    expect(page.locator("#monday-sessions")).not_to_contain_text("15/04/2019")

    held = MondaySession.objects.filter(cell__slug="khoi-dang", state="held").first()
    response = page.goto(reverse("plans:monday_record", kwargs={"slug": "khoi-dang", "pk": held.pk}))
    assert response.status == 403
    response = page.goto(reverse("plans:monday_day_off", kwargs={"slug": "khoi-dang"}))
    assert response.status == 403


def test_rota_on_a_phone_opens_at_this_months_first_session_and_fits_the_screen(browser, live_server, demo):
    from django.utils import timezone

    today = timezone.localdate()
    first = (
        MondaySession.objects.filter(
            cell__slug="khoi-dang", day__year=today.year, day__month__gte=today.month
        )
        .order_by("day")
        .first()
    )
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    sign_in_as(page, "dangvien05")
    page.goto(reverse("plans:monday_rota", kwargs={"slug": "khoi-dang"}))
    row = page.locator(f"#session-{first.pk}")
    expect(row).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.locator("#jump-this-month")).to_have_attribute("href", f"#session-{first.pk}")
    context.close()
