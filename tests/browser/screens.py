"""Where the browser tests run and put their screenshots, the viewports they use, and the admin
steps several journeys share (logging in to the admin)."""

import os
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}


def full_page_screenshot(page, path):
    """Wagtail's admin scrolls inside its layout, not the document: grow the viewport to the content."""
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('body, body *')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": DESKTOP["width"], "height": min(height + 40, 12000)})
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(DESKTOP)


def admin_page(browser, live_url, username, password):
    """A desktop page logged in to the admin as ``username`` (close it with ``page.context.close()``)."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(live_url + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_url + "/admin/")
    return page
