"""Browser tests in Debian's Chromium, driven by Playwright; skipped when it is not installed."""

import os
from pathlib import Path

import pytest

from tests.worlds import demo_rows

CHROMIUM = Path(os.environ.get("CELL05_CHROMIUM", "/usr/bin/chromium"))


def _is_browser_test(item) -> bool:
    return "tests/e2e/" in str(item.fspath)


def pytest_collection_modifyitems(config, items):
    # `make test` runs them once, on the last database (tests/run_suites.py): the pages are
    # the same on both, and the browser is the slowest part of the suite.
    if os.environ.get("CELL05_BROWSER_TESTS") == "elsewhere":
        config.hook.pytest_deselected(items=[item for item in items if _is_browser_test(item)])
        items[:] = [item for item in items if not _is_browser_test(item)]
        return
    # One browser (a few hundred MB, a core while it draws) on one xdist worker, not on each.
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.xdist_group("browser"))
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"Chromium is not installed at {CHROMIUM}: browser tests skipped")
    for item in items:
        if _is_browser_test(item):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    """The demo committed, for the live server's thread: loaded once per process, its rows
    inserted again in each test (tests/replay.py)."""
    demo_rows()
