from playwright.sync_api import expect

from reports.models import Report


def test_secretary_creates_edits_previews_and_downloads_the_five_year_report(page, demo, run_jobs):
    page.goto("/accounts/login/")
    page.fill("#id_username", "bithu")
    page.fill("#id_password", "cell05-demo")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.locator("a[href$='/reports/new/']").click()
    page.fill("[name=start_year]", "2016")
    page.fill("[name=end_year]", "2021")
    page.fill("[name=report_date]", "15/04/2021")
    page.locator("main form button[type=submit]").click()

    limitations = "Một số đảng viên chưa cụ thể hóa chỉ tiêu trong bản đăng ký hằng năm."
    page.fill("[name=section-limitations]", limitations)
    expect(page.locator("#token-help")).to_contain_text("{dang_vien_kiem_tra}")
    page.locator("#report-form button[type=submit]").click()

    preview = page.locator("#report-preview")
    expect(preview).to_contain_text(limitations)
    expect(preview).to_contain_text("kiểm tra 07 đảng viên và giám sát 09 đảng viên")
    expect(preview.locator("svg")).to_be_visible()

    # A draft's PDF is laid out by the worker while its job's page is open.
    page.locator("#print-pdf").click()
    run_jobs()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải về").click()
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert Report.objects.get().sections.get(key="limitations").text == limitations
