"""Real-browser tests: Playwright driving Debian's Chromium (headless) against a live server."""

import datetime

import pytest

from pages.models import DisclosureEntry
from workflows import services

from ..factories import make_user, new_entry
from .screens import ARTIFACTS, PHONE


@pytest.fixture
def site(seeded, catalog, portal):
    leader = make_user("b_leader", portal.leaders_group)
    entries = []
    for title, parent, body in [
        ("2025年第一季度最低生活保障资金发放情况", catalog["dibao"], "<p>本季度低保资金按时足额发放，共惠及86户。</p>"),
        ("2025年部门预算公开", catalog["budget"], "<p>本年度预算收入合计128.5万元，低保配套资金12万元。</p>"),
    ]:
        entry = new_entry(parent, title=title, body=body, published_on=datetime.date(2025, 3, 1))
        services.force_publish(entry, leader, "浏览器测试数据")
        entries.append(DisclosureEntry.objects.get(pk=entry.pk))
    return entries


@pytest.mark.django_db(transaction=True)
def test_search_filter_open_entry_and_screenshots(browser, live_url, site):
    ARTIFACTS.mkdir(exist_ok=True)
    dibao, budget = site
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="zh-CN")
    page = context.new_page()

    page.goto(live_url + "/")
    assert page.locator("h1").inner_text() == "测试镇政务公开"
    page.screenshot(path=str(ARTIFACTS / "home-phone.png"), full_page=True)

    # Search from the home page's box (keyboard only).
    page.get_by_label("检索公开信息").fill("低保")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/**")
    assert page.locator("#total").inner_text() == "2"
    page.screenshot(path=str(ARTIFACTS / "search-phone.png"), full_page=True)

    # Filter by department.
    page.locator("ul.facet-department a", has_text="民政办").click()
    page.wait_for_load_state()
    assert page.locator("#total").inner_text() == "1"
    results = page.locator("ol.results > li > a")
    assert results.count() == 1 and results.first.inner_text() == dibao.title

    # Open the entry and read its 索引号 from the metadata table.
    results.first.click()
    page.wait_for_load_state()
    index_number = page.locator("th", has_text="索引号").locator("xpath=following-sibling::td[1]").inner_text()
    assert index_number == dibao.index_number
    page.screenshot(path=str(ARTIFACTS / "entry-phone.png"), full_page=True)
    context.close()
    for name in ("home-phone.png", "search-phone.png", "entry-phone.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000
