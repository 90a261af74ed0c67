from playwright.sync_api import expect

from oversight.models import Case


def sign_in_as(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "cell05-demo")
    page.locator("main form button[type=submit]").click()


def test_secretary_concludes_a_supervision_of_two_members_and_one_of_them_reads_it(page, demo):
    sign_in_as(page, "bithu")
    page.goto("/cells/khoi-dang/oversight/new/?kind=supervision")
    page.select_option("[name=supervision_kind]", "thematic")
    page.fill("[name=decision_number]", "15-KH/CB")
    page.fill("[name=decision_date]", "02/03/2026")
    page.get_by_label("Lê Thị Thu Hà").check()
    page.get_by_label("Phạm Minh Tuấn").check()
    page.fill("[name=period_start]", "01/01/2025")
    page.fill("[name=period_end]", "31/12/2025")
    page.fill("[name=carried_out_by]", "Chi ủy Chi bộ")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#case-members")).to_contain_text("Lê Thị Thu Hà")
    page.locator("form[action$='/start/'] button").click()
    page.locator("a[href$='/conclude/']").click()
    page.fill("[name=findings]", "Học tập đầy đủ, thực hiện tốt bản đăng ký")
    page.select_option("[name=conclusion]", "good")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#case-conclusion")).to_be_visible()
    assert Case.objects.get(decision_number="15-KH/CB").state == "concluded"

    sign_in_as(page, "dangvien02")
    page.goto("/cells/khoi-dang/oversight/")
    expect(page.locator("#cases")).to_contain_text("15-KH/CB")
    page.get_by_role("link", name="15-KH/CB").click()
    expect(page.locator("#case-conclusion")).to_be_visible()

    sign_in_as(page, "dangvien01")
    page.goto("/cells/khoi-dang/oversight/")
    expect(page.locator("#cases")).not_to_contain_text("15-KH/CB")
