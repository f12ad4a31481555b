"""Real browser: the office walks 网站自查 — dashboard panel, the table, a finding's 去整改 link (issue 16)."""

import datetime

import pytest
from django.utils import timezone

from pages.catalog import create_portal, ensure_area, ensure_department, ensure_item
from pages.publishing.pipeline import publish_entry

from ..factories import make_user, new_entry
from .screens import ARTIFACTS, admin_page, full_page_screenshot


@pytest.fixture
def town(seeded):
    portal = create_portal("xiang", "某乡政务公开", "某乡人民政府", level="乡级", make_site_root=True)
    finance = ensure_department(portal, "财政所", "财政")
    budget = ensure_area(portal, "财政预决算", kind="basic")
    policy = ensure_area(portal, "政策文件", kind="statutory")
    items = [
        ensure_item(budget, name, department=finance, level="县级、乡级", update_rhythm="每年")
        for name in ("部门预算", "部门决算", "三公经费")
    ] + [ensure_item(policy, name, department=finance, level="县级、乡级") for name in ("行政规范性文件", "通知公告")]
    ensure_area(portal, "机构职能", kind="statutory", department=finance)
    ensure_item(budget, "税收政策法规", department=finance, level="县级")  # county-only: never counted
    entry = new_entry(
        items[0], title="某乡2025年部门预算", published_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    assert publish_entry(entry).passed
    make_user("boss", superuser=True)
    return portal


@pytest.mark.django_db(transaction=True)
def test_office_walks_the_self_check(browser, live_url, town):
    folder = ARTIFACTS / "site-check"
    folder.mkdir(parents=True, exist_ok=True)
    page = admin_page(browser, live_url, "boss", "pw-boss")

    panel = page.locator("[data-site-check]")
    assert "存在 2 个单项否决项" in panel.inner_text()
    page.screenshot(path=str(folder / "01-dashboard.png"))

    page.get_by_role("link", name="查看自查结果和整改清单").click()
    page.wait_for_selector("#site-check-table")
    verdict = page.locator("#site-check-verdict").inner_text()
    assert "存在 2 个单项否决项" in verdict and "乡级" in verdict
    blank = page.locator("tr[data-check=blank_columns]").inner_text()
    assert "单项否决" in blank and "5" in blank and "未涉及" in blank
    assert "单项否决" in page.locator("tr[data-check=home_not_updated]").inner_text()
    # The interaction app registers the 3-month question indicator: it is checked, not 未检查.
    assert "合格" in page.locator("tr[data-check=unanswered_questions]").inner_text()
    assert "税收政策法规" not in page.content()
    full_page_screenshot(page, folder / "02-self-check.png")

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.locator("#check-blank_columns").get_by_role("link", name="去整改").first.click()
    page.wait_for_load_state()
    assert "/admin/pages/" in page.url
    page.screenshot(path=str(folder / "03-fix.png"))
    page.context.close()
