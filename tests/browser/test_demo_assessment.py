"""Real browser: the demo town as `make run` leaves it — the self-check passes, and the office reads the
部门考核 page and downloads it (issue 16)."""

import pytest
from django.utils import timezone

from cms.demo import load_demo

from .screens import ARTIFACTS, admin_page, full_page_screenshot


@pytest.mark.django_db(transaction=True)
def test_office_walks_the_demo_self_check_and_assessment(browser, live_url, seeded):
    load_demo()
    folder = ARTIFACTS / "demo-assessment"
    folder.mkdir(parents=True, exist_ok=True)
    page = admin_page(browser, live_url, "admin", "gongkai-admin")

    panel = page.locator("[data-site-check]")
    assert panel.get_attribute("data-site-check") == "passed"
    assert "未发现单项否决项" in panel.inner_text()
    page.screenshot(path=str(folder / "01-dashboard.png"))

    page.get_by_role("link", name="查看自查结果和整改清单").click()
    page.wait_for_selector("#site-check-table")
    assert "未发现单项否决项" in page.locator("#site-check-verdict").inner_text()
    assert "单项否决" not in page.locator("#site-check-table").inner_text()
    full_page_screenshot(page, folder / "02-self-check.png")

    page.goto(live_url + "/admin/")
    page.get_by_role("link", name="部门考核").first.click()
    page.wait_for_selector("#assessment-rules")
    page.select_option("select[name=kind]", "year")
    page.fill("input[name=year]", str(timezone.localdate().year))
    page.fill("input[name=number]", "")
    page.get_by_role("button", name="考核").click()
    page.wait_for_selector("#table-assessment")
    table = page.locator("#table-assessment").inner_text()
    assert "民政办" in table and "财政所" in table
    assert page.locator("svg.gongkai-chart rect.bar").count() >= 5
    full_page_screenshot(page, folder / "03-assessment.png")

    page.locator("#table-assessment details summary").first.click()
    page.screenshot(path=str(folder / "04-what-lowers-it.png"))

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.select_option("select[name=kind]", "quarter")
    page.fill("input[name=number]", "7")
    page.get_by_role("button", name="考核").click()
    page.wait_for_selector(".error-message")
    assert "季度只能是 1—4" in page.content()
    page.screenshot(path=str(folder / "05-bad-input.png"))
    page.context.close()
