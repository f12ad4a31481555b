"""The public search box as people type into it on a phone (issue 13): traditional characters,
pinyin, a homophone typo, and a query that finds nothing."""

import datetime

import pytest

from pages.models import DisclosureEntry
from search import vocabulary
from workflows import services

from ..factories import make_user, new_entry
from .screens import ARTIFACTS, PHONE


@pytest.fixture
def site(seeded, catalog, portal):
    leader = make_user("s_leader", portal.leaders_group)
    for title, parent, body in [
        ("2025年财政预算公开", catalog["budget"], "<p>本年度财政预算收入合计128.5万元。</p>"),
        ("养老服务中心建设情况", catalog["dibao"], "<p>建设村级养老服务中心，发放养老补贴。</p>"),
        ("城乡低保标准调整", catalog["dibao"], "<p>调整最低生活保障标准，低保资金按月发放。</p>"),
    ]:
        entry = new_entry(parent, title=title, body=body, published_on=datetime.date(2025, 3, 1))
        services.force_publish(entry, leader, "浏览器测试数据")
    vocabulary.rebuild()
    return DisclosureEntry.objects.live()


@pytest.mark.django_db(transaction=True)
def test_typed_traditional_pinyin_typo_and_nothing_on_a_phone(browser, live_url, site, portal):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    page.goto(live_url + "/search/")

    def ask(text, shot):
        page.locator("#q").fill(text)
        # Wait for the new page itself: wait_for_load_state() alone can answer for the page being
        # left, and a screenshot taken mid-navigation hung on a loaded machine.
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.screenshot(path=str(ARTIFACTS / shot), full_page=True, timeout=60_000)

    # Autocomplete while typing pinyin: the box offers the word it spells.
    page.locator("#q").press_sequentially("yanglao", delay=30)
    page.locator("#q-suggestions option").first.wait_for(state="attached")
    options = page.locator("#q-suggestions option").evaluate_all("os => os.map(o => o.value)")
    assert "养老" in options

    ask("財政預算", "search-traditional-phone.png")
    assert page.locator("#total").inner_text() == "1"
    # The line of 索引号 · 发布机构 · date wraps: nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("ol.results > li > a").first.inner_text() == "2025年财政预算公开"

    ask("yanglao", "search-pinyin-phone.png")
    assert "已为您搜索：养老" in page.locator("#rewritten").inner_text()
    assert page.locator("ol.results > li > a").first.inner_text() == "养老服务中心建设情况"
    # "仍然搜索" searches the pinyin as typed: nothing.
    with page.expect_navigation():
        page.locator("#rewritten a").click()
    assert page.locator("#no-results").is_visible()

    ask("低宝标准", "search-typo-phone.png")
    assert "已为您搜索：低保标准" in page.locator("#rewritten").inner_text()
    assert page.locator("#total").inner_text() == "1"

    ask("火星移民", "search-nothing-phone.png")
    nothing = page.locator("#no-results")
    assert "没有找到与“火星移民”相关的信息" in nothing.inner_text()
    assert nothing.get_by_role("link", name="提出依申请公开").count() == 1
    assert page.locator("ol.results").count() == 0 and page.get_by_role("link", name="最新发布").count() == 0

    # 特大 text on the phone: the results and the column's grid of areas still fit the screen.
    with page.expect_navigation():
        page.get_by_role("link", name="特大").click()
    ask("财政预算", "search-xl-phone.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(live_url + portal.column_url())
    page.screenshot(path=str(ARTIFACTS / "column-xl-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
