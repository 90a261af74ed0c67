"""axe-core over every main page of every role, on a desktop and on a phone: no violation of any
impact (WCAG 2.2 A and AA, and axe's best practices)."""

from playwright.sync_api import expect

from jobs.choices import JobKind
from jobs.services import job_start
from members.models import Member, SuperiorCommittee
from oversight.models import Case
from plans.models import Pledge, Story, StudyYear
from reports.services.editing import committee_report_create, report_create
from tests.e2e.accessibility import axe_violations
from tests.factories import report_header


def office_committee():
    """The committee whose office is the demo's "vanphong": the one the demo cell belongs to now."""
    return SuperiorCommittee.objects.get(staff__username="vanphong")


CELL = "/cells/khoi-dang"
SIZES = {
    "desktop": {"viewport": {"width": 1366, "height": 768}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "cell05-demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def check_pages(browser, live_server, username, visits):
    """Signs in (unless `username` is None), then opens each page at both sizes, one browser
    context per size, and checks it with axe and against the screen's width. `visits` are
    paths, or callables that take the page and leave it where axe should look (for pages
    reached by a form). Every violation is reported at once."""
    problems = []
    for size, options in SIZES.items():
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", **options)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username:
            sign_in(page, username)
        for visit in visits:
            path, status = visit if isinstance(visit, tuple) else (visit, 200)
            if callable(path):
                path(page)
            else:
                response = page.goto(path)
                if response.status != status:
                    problems.append(f"{size} {path}: status {response.status}, not {status}")
            problems += [f"{size} {page.url}: {line}" for line in axe_violations(page)]
            # No page is wider than the screen: wide tables scroll inside their box.
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > options["viewport"]["width"]:
                problems.append(
                    f"{size} {page.url}: {width} px wide on a {options['viewport']['width']} px screen"
                )
        context.close()
    assert not problems, f"{username or 'anonymous'}:\n" + "\n".join(problems)


def open_the_menu(page):
    """The home page with its menu open: the phone's collapsed menu, then the first drop-down."""
    page.goto("/")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        expect(page.locator("#main-nav.show")).to_be_visible()
    page.locator("#main-nav .dropdown-toggle").first.click()
    expect(page.locator("#main-nav .dropdown-menu.show")).to_be_visible()


def current_year():
    return StudyYear.objects.filter(cell__slug="khoi-dang").order_by("-year").first().year


def pledge_of(username):
    return Pledge.objects.filter(member__user__username=username).order_by("-study_year__year").first()


def member_of(username):
    return Member.objects.get(user__username=username)


def test_the_secretarys_pages_have_no_accessibility_violation(browser, live_server, demo):
    bithu = member_of("bithu")
    report = report_create(actor=bithu.user, cell=bithu.cell, data=report_header(bithu))
    job = job_start(
        actor=bithu.user,
        kind=JobKind.CELL_REPORT,
        cell=bithu.cell,
        parameters={"report": report.pk, "final": False},
    )
    case = Case.objects.filter(cell=bithu.cell).order_by("-pk").first()
    year = current_year()
    check_pages(
        browser,
        live_server,
        "bithu",
        [
            "/",
            open_the_menu,
            f"{CELL}/",
            f"{CELL}/groups/",
            f"{CELL}/groups/new/",
            f"{CELL}/members/",
            f"{CELL}/members/{member_of('dangvien01').pk}/",
            f"{CELL}/members/{member_of('dangvien01').pk}/edit/",
            f"{CELL}/years/",
            f"{CELL}/years/{year}/",
            f"{CELL}/years/{year}/edit/",
            f"{CELL}/pledges/{pledge_of('dangvien08').pk}/",
            f"{CELL}/documents/",
            f"{CELL}/documents/new/",
            f"{CELL}/monday/",
            f"{CELL}/monday/days-off/new/",
            f"{CELL}/stories/",
            f"{CELL}/stories/new/",
            f"{CELL}/stories/{Story.objects.order_by('pk').first().pk}/",
            f"{CELL}/oversight/",
            f"{CELL}/oversight/{case.pk}/",
            f"{CELL}/oversight/new/",
            f"{CELL}/commendations/",
            f"{CELL}/commendations/praises/new/",
            f"{CELL}/reports/",
            f"{CELL}/reports/{report.pk}/",
            f"{CELL}/reports/{report.pk}/edit/",
            f"{CELL}/activity/",
            "/notifications/",
            "/notifications/email/",
            "/jobs/",
            f"/jobs/{job.pk}/",
            "/accounts/password/",
            (f"{CELL}/no-such-page/", 404),
        ],
    )


def test_the_group_leaders_pages_have_no_accessibility_violation(browser, live_server, demo):
    year = current_year()
    check_pages(
        browser,
        live_server,
        "totruong1",
        [
            "/",
            open_the_menu,
            f"{CELL}/",
            f"{CELL}/groups/",
            f"{CELL}/members/",
            f"{CELL}/members/{member_of('dangvien01').pk}/",
            f"{CELL}/years/",
            f"{CELL}/years/{year}/",
            f"{CELL}/pledges/{pledge_of('dangvien02').pk}/",
            f"{CELL}/documents/",
            f"{CELL}/monday/",
            f"{CELL}/stories/",
            f"{CELL}/stories/{Story.objects.order_by('pk').first().pk}/",
            f"{CELL}/oversight/",
            f"{CELL}/commendations/",
            "/accounts/password/",
        ],
    )


def open_own_pledge_form(page):
    """The edit form of the member's own pledge, begun from the home page the first time."""
    page.goto("/")
    with page.expect_navigation():
        page.locator("#own-pledge a.btn").click()
    if page.url.endswith("/my-pledge/"):
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/edit/")
    elif not page.url.endswith("/edit/"):
        page.goto(page.url + "edit/")


def open_own_pledge(page):
    """The pledge whose edit form is open."""
    page.goto(page.url.removesuffix("edit/"))


def test_the_members_pages_have_no_accessibility_violation(browser, live_server, demo):
    check_pages(
        browser,
        live_server,
        "dangvien01",
        [
            "/",
            open_the_menu,
            f"{CELL}/years/",
            f"{CELL}/years/{current_year()}/my-pledge/",
            open_own_pledge_form,
            open_own_pledge,
            f"{CELL}/documents/",
            f"{CELL}/monday/",
            f"{CELL}/stories/",
            f"{CELL}/oversight/",
            f"{CELL}/oversight/{Case.objects.filter(members=member_of('dangvien01')).get().pk}/",
            "/notifications/",
            "/notifications/email/",
            "/accounts/password/",
            (f"{CELL}/reports/", 403),
            ("/no-such-page/", 404),
        ],
    )


def print_the_committee_table(page):
    """The committee's table as a PDF: the page of its job."""
    page.goto(f"/committees/{office_committee().pk}/")
    page.get_by_role("button", name="In (PDF)").click()
    page.wait_for_url("**/jobs/*/")


def test_the_committee_offices_pages_have_no_accessibility_violation(browser, live_server, demo):
    committee = office_committee()
    office = committee.staff.get(username="vanphong")
    header = report_header(member_of("bithu"), signer_name="Nguyễn Văn Thành")
    del header["signer"]
    report = committee_report_create(actor=office, committee=committee, data=header)
    check_pages(
        browser,
        live_server,
        "vanphong",
        [
            "/",
            open_the_menu,
            f"/committees/{committee.pk}/",
            f"/cells/committees/{committee.pk}/edit/",
            f"/committees/{committee.pk}/reports/",
            f"/committees/{committee.pk}/reports/new/",
            f"/committees/{committee.pk}/reports/{report.pk}/",
            f"/committees/{committee.pk}/reports/{report.pk}/edit/",
            print_the_committee_table,
            "/jobs/",
            "/accounts/password/",
        ],
    )


def test_the_sign_in_and_error_pages_have_no_accessibility_violation(browser, live_server, transactional_db):
    check_pages(browser, live_server, None, ["/accounts/login/", ("/no-such-page/", 404)])
