from playwright.sync_api import expect

from members.models import SuperiorCommittee


def office_committee():
    """The committee whose office is the demo's "vanphong": the one the demo cell belongs to now."""
    return SuperiorCommittee.objects.get(staff__username="vanphong")


def test_the_office_watches_the_committee_pdf_job_finish_and_downloads_it(page, demo, run_jobs):
    page.goto("/accounts/login/")
    page.fill("#id_username", "vanphong")
    page.fill("#id_password", "cell05-demo")
    page.locator("main form button[type=submit]").click()
    page.goto(f"/committees/{office_committee().pk}/")
    page.get_by_role("button", name="In (PDF)").click()

    expect(page.locator("[data-job=state]")).to_have_text("Đang chờ")
    expect(page.get_by_role("link", name="Tải về")).to_have_count(0)

    run_jobs()  # the worker takes the job while the page is open

    # The page follows the job by itself: no reload from here.
    download_link = page.get_by_role("link", name="Tải về")
    expect(download_link).to_be_visible()
    expect(page.locator("[data-job=state]")).to_have_text("Hoàn thành")
    expect(page.locator("progress")).to_have_attribute("value", "100")
    with page.expect_download() as download_info:
        download_link.click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_the_office_writes_the_committees_ten_year_report_and_the_worker_makes_it_final(page, demo, run_jobs):
    page.goto("/accounts/login/")
    page.fill("#id_username", "vanphong")
    page.fill("#id_password", "cell05-demo")
    page.locator("main form button[type=submit]").click()
    page.goto(f"/committees/{office_committee().pk}/")
    page.locator("#committee-reports").click()
    page.get_by_role("link", name="Thêm báo cáo").click()
    page.fill("#id_start_year", "2016")
    page.fill("#id_end_year", "2026")
    page.fill("#id_report_date", "15/05/2026")
    page.fill("#id_signer_name", "Nguyễn Văn Thành")
    page.get_by_role("button", name="Tạo báo cáo").click()
    # What the draft leaves to the writer: the causes and the lessons.
    page.fill("#id_section-causes", "Nguyên nhân khách quan: địa bàn rộng. Chủ quan: chưa sâu sát.")
    page.fill("#id_section-lessons", "Cấp ủy gương mẫu, sâu sát cơ sở.")
    page.get_by_role("button", name="Lưu").click()

    preview = page.locator("#report-preview")
    expect(preview).to_contain_text("Tổng kết 10 năm thực hiện Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW")
    expect(preview).to_contain_text("Kèm theo Báo cáo số 01-BC/ĐU")
    page.get_by_role("button", name="Ban hành", exact=True).click()
    run_jobs()
    expect(page.get_by_role("link", name="Tải về")).to_be_visible()
    expect(page.locator("[data-job=state]")).to_have_text("Hoàn thành")
    page.goto(f"/committees/{office_committee().pk}/reports/")
    expect(page.locator("#reports")).to_contain_text("Đã ban hành")
