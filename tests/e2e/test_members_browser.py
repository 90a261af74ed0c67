import re

from playwright.sync_api import expect


def sign_in(page, username, password="cell05-demo"):
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_secretary_signs_in_sees_groups_and_members_searches_and_signs_out(page, demo):
    sign_in(page, "bithu")
    expect(page.locator("#own-pledge")).to_be_visible()
    page.get_by_role("link", name="Tổng quan").click()
    expect(page.get_by_role("heading", name="Chi bộ Khối Đảng")).to_be_visible()
    expect(page.locator("[data-figure=groups]")).to_have_text("5")
    expect(page.locator("[data-figure=members]")).to_have_text("27")

    page.get_by_role("link", name="Tổ đảng", exact=True).first.click()
    expect(page.locator("table tbody tr")).to_have_count(5)

    page.get_by_role("link", name="Đảng viên", exact=True).first.click()
    expect(page.locator("#member-table tbody tr")).to_have_count(27)
    page.get_by_role("searchbox").fill("hoang van vinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.locator("#member-table tbody tr")).to_have_count(1)
    expect(page.locator("#member-table tbody")).to_contain_text("Hoàng Văn Vĩnh")

    page.locator(".dropdown-toggle:has(#account-menu)").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    page.goto("/cells/khoi-dang/members/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
