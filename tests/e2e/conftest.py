"""Browser tests: Playwright's sync API drives Debian's Chromium against pytest-django's
live_server (which serves /static/ through the staticfiles handler). Every page a test visits is
checked by axe-core at WCAG 2.1 AA (``axe.py``).

Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM calls
from it; DJANGO_ALLOW_ASYNC_UNSAFE is set here only, and only while the browser module runs
(the browser lives for one test module, so tests outside tests/e2e keep Django's async guard).
"""

import os
import shutil

import pytest

from .axe import watch

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _new_page(browser, **options):
    context = browser.new_context(locale="zh-CN", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.axe = watch(page)  # axe-core checks every page the test visits (tests/e2e/axe.py)
    return context, page


@pytest.fixture
def page(browser):
    """A desktop page, 1366×768."""
    context, page = _new_page(browser, viewport={"width": 1366, "height": 768})
    yield page
    page.axe.check_pending()
    context.close()


@pytest.fixture
def phone(browser):
    """A phone, 375 px wide (a school leader in WeChat's browser)."""
    context, page = _new_page(
        browser, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    yield page
    page.axe.check_pending()
    context.close()


def choose(page, selector: str, value, text: str) -> None:
    """Pick a choice in a form field, whether it renders as a plain select (few choices) or as
    a searchable combobox (core.widgets.SearchSelect): type ``text``, click the first match."""
    field = page.locator(selector)
    if field.evaluate("e => e.tagName") == "SELECT":
        page.select_option(selector, str(value))
        return
    field.fill(text)
    listbox = page.locator(f"#{field.get_attribute('aria-controls')}")
    listbox.get_by_role("option").filter(has_text=text).first.click()
