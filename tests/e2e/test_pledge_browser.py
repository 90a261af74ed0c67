import re

import pytest
from playwright.sync_api import expect

from plans.choices import PledgeState
from plans.models import Pledge, StudyYear

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in_as(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "cell05-demo")
    page.locator("main form button[type=submit]").click()


def test_member_files_a_pledge_on_a_phone_and_the_leader_returns_then_approves_it(phone, demo):
    page = phone
    sign_in_as(page, "dangvien01")
    page.locator("#own-pledge a.btn").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".pledge-item")).to_have_count(3)
    items = [
        ("Nghiên cứu chuyên đề năm và viết bài thu hoạch", "thought", "Một bài thu hoạch", "Quý I"),
        ("Giữ gìn lối sống giản dị, gương mẫu nơi cư trú", "ethics", "Không vi phạm", "Cả năm"),
        ("Xử lý văn bản đúng hạn", "style", "100% đúng hạn", "Hằng tháng"),
    ]
    for index, (action, aspect, target, timeframe) in enumerate(items):
        page.fill(f"[name=items-{index}-action]", action)
        page.select_option(f"[name=items-{index}-aspect]", aspect)
        page.fill(f"[name=items-{index}-target]", target)
        page.fill(f"[name=items-{index}-timeframe]", timeframe)
    page.locator("button[name=submit]").click()
    expect(page.locator("#pledge-items li")).to_have_count(3)
    expect(page.locator("#pledge-state")).to_contain_text("Đã nộp")
    pledge_path = re.sub(r"^https?://[^/]+", "", page.url)

    sign_in_as(page, "totruong1")
    page.goto(pledge_path)
    page.fill("#return-form textarea[name=comment]", "Chỉ tiêu của việc thứ ba cần đo được")
    page.locator("#return-form button[type=submit]").click()
    expect(page.locator("#pledge-state")).to_contain_text("Bị trả lại")

    sign_in_as(page, "dangvien01")
    expect(page.locator("#next-step")).to_be_visible()
    page.locator("#own-pledge a.btn").click()
    expect(page.locator("#return-comment")).to_contain_text("Chỉ tiêu của việc thứ ba cần đo được")
    page.locator("a[href$='/edit/']").first.click()
    page.fill("[name=items-2-target]", "100% văn bản xử lý trong 3 ngày")
    page.locator("button[name=submit]").click()
    expect(page.locator("#pledge-state")).to_contain_text("Đã nộp")

    sign_in_as(page, "totruong1")
    page.goto(pledge_path)
    page.locator("form[action$='/approve/'] button").click()
    expect(page.locator("#pledge-state")).to_contain_text("Đã duyệt")
    pledge = Pledge.objects.get(member__user__username="dangvien01", state="approved")
    assert [item.target for item in pledge.items.all()][2] == "100% văn bản xử lý trong 3 ngày"


def test_secretary_selects_all_waiting_pledges_at_once_and_approves_them(page, demo):
    study_year = StudyYear.objects.filter(cell__slug="khoi-dang").order_by("-year").first()
    others = Pledge.objects.filter(study_year=study_year, state=PledgeState.APPROVED).exclude(
        member__user__username="bithu"
    )
    waiting = [pledge.pk for pledge in others.order_by("pk")[:3]]
    Pledge.objects.filter(pk__in=waiting).update(state=PledgeState.SUBMITTED)
    sign_in_as(page, "bithu")
    page.goto(f"/cells/khoi-dang/years/{study_year.year}/")
    boxes = page.locator("input[name=pledges]")
    expect(boxes).to_have_count(3)
    page.locator("#select-all").check()
    for index in range(3):
        expect(boxes.nth(index)).to_be_checked()
    boxes.first.uncheck()
    assert page.locator("#select-all").evaluate("box => box.indeterminate")
    page.locator("#select-all").check()
    page.get_by_role("button", name="Duyệt các bản đăng ký đã chọn").click()
    expect(page.locator(".alert")).to_contain_text("Đã duyệt 3 bản đăng ký.")
    expect(boxes).to_have_count(0)
    assert set(Pledge.objects.filter(pk__in=waiting).values_list("state", flat=True)) == {
        PledgeState.APPROVED
    }


def test_a_submitted_pledge_reaches_the_leaders_list_and_the_return_reaches_the_member(page, demo):
    def unread():
        badge = page.locator("#notifications-menu .badge")
        return int(badge.inner_text()) if badge.count() else 0

    sign_in_as(page, "dangvien01")
    page.locator("#own-pledge a.btn").click()
    page.locator("main form button[type=submit]").click()
    for index, aspect in enumerate(["thought", "ethics", "style"]):
        page.fill(f"[name=items-{index}-action]", f"Việc thứ {index + 1}")
        page.select_option(f"[name=items-{index}-aspect]", aspect)
        page.fill(f"[name=items-{index}-target]", "Hoàn thành đúng hạn")
        page.fill(f"[name=items-{index}-timeframe]", "Cả năm")
    page.locator("button[name=submit]").click()
    expect(page.locator("#pledge-state")).to_contain_text("Đã nộp")

    # The leader is told, and finds the pledge at the top of the home page.
    sign_in_as(page, "totruong1")
    assert unread() >= 1
    waiting = page.locator("#todo-review li", has_text="Trần Văn Đức")
    expect(waiting).to_contain_text("từ hôm nay")
    waiting.locator("a").first.click()
    page.fill("#return-form textarea[name=comment]", "Việc thứ hai cần chỉ tiêu đo được")
    page.locator("#return-form button[type=submit]").click()
    page.goto("/")
    expect(page.locator("#todo-review li", has_text="Trần Văn Đức")).to_have_count(0)

    # The member is told why, opens the notice, and lands on the pledge to correct it.
    sign_in_as(page, "dangvien01")
    before = unread()
    assert before >= 1
    page.locator("#notifications-menu").click()
    notice = page.locator("#notifications li", has_text="Việc thứ hai cần chỉ tiêu đo được")
    notice.locator("button[type=submit]").click()
    expect(page.locator("#return-comment")).to_contain_text("Việc thứ hai cần chỉ tiêu đo được")
    expect(page.locator("#pledge-state")).to_contain_text("Bị trả lại")
    assert unread() == before - 1
