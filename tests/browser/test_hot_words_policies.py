"""热词, the 政策文件库 and the no-result page on a phone (issue 13): what a person sees and taps."""

import datetime

import pytest
from django.core.cache import cache

from pages.catalog import ensure_area, ensure_item
from pages.models import DisclosureEntry, Genre
from search import vocabulary
from search.models import QueryLog
from workflows import services

from ..factories import make_user, new_entry
from .screens import ARTIFACTS, PHONE


@pytest.fixture
def site(seeded, catalog, portal, settings):
    settings.SEARCH_HOT_WORDS_MIN_CLIENTS = 2
    leader = make_user("hw_leader", portal.leaders_group)
    section = ensure_area(portal, "政策文件", kind="statutory", department=catalog["finance"])
    docs = ensure_item(section, "行政规范性文件", department=catalog["finance"])
    notes = ensure_item(section, "政策解读", department=catalog["finance"])
    measures = Genre.objects.get_or_create(name="办法")[0]

    def published(parent, title, body, written, **fields):
        entry = new_entry(parent, title=title, body=body, written_on=written, published_on=written, **fields)
        services.force_publish(entry, leader, "浏览器测试数据")
        return DisclosureEntry.objects.get(pk=entry.pk)

    relief = published(
        docs, "测试镇临时救助实施办法", "<p>对突发困难家庭给予临时救助。</p>", datetime.date(2024, 3, 1),
        genre=measures, doc_number="测政发〔2024〕3号",
    )  # fmt: skip
    published(
        docs, "测试镇农村危房改造补助办法", "<p>危房改造补助标准。</p>", datetime.date(2019, 6, 1),
        genre=measures, validity="废止", expired_on=datetime.date(2023, 1, 1),
    )  # fmt: skip
    published(
        notes, "《测试镇临时救助实施办法》解读", "<p>解读临时救助。</p>", datetime.date(2024, 3, 2), interprets=relief
    )
    published(
        catalog["dibao"],
        "养老服务补贴发放情况",
        "<p>养老服务补贴按月发放，低保资金同步。</p>",
        datetime.date(2025, 3, 1),
    )
    vocabulary.rebuild()
    today = datetime.date.today()
    QueryLog.objects.bulk_create(
        [QueryLog(query="养老服务", day=today, client=f"c{i}") for i in range(4)]
        + [QueryLog(query="临时救助", day=today, client=f"c{i}") for i in range(2)]
        + [QueryLog(query="只有一人搜过", day=today, client="c1")]
    )
    cache.clear()
    yield relief
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_hot_words_policy_library_and_no_result_on_a_phone(browser, live_url, site, portal):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="zh-CN")
    page = context.new_page()

    def shot(name):
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)

    # The home page's search box offers the hot words, most searched first.
    page.goto(live_url + portal.url)
    hot = page.locator("#home-hot-words a")
    assert hot.evaluate_all("as => as.map(a => a.textContent)") == ["养老服务", "临时救助"]
    shot("hot-words-home-phone.png")
    with page.expect_navigation():
        hot.first.click()
    assert page.locator("ol.results > li > a").first.inner_text() == "养老服务补贴发放情况"
    assert page.locator("#hot-words").get_by_role("link", name="临时救助").count() == 1
    shot("hot-words-search-phone.png")

    # Nothing found: plain heading, 试试 words from the hot words and the index, no sort links.
    page.locator("#q").fill("火星移民")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="没有找到与“火星移民”相关的信息").is_visible()
    tried = page.locator("#try-words a").evaluate_all("as => as.map(a => a.textContent)")
    assert tried[:2] == ["养老服务", "临时救助"] and "义务教育" not in tried
    assert page.get_by_role("link", name="最新发布").count() == 0
    shot("no-result-try-words-phone.png")
    with page.expect_navigation():
        page.locator("#try-words a", has_text="临时救助").click()
    assert int(page.locator("#total").inner_text()) >= 1

    # The policy library: the home page links it; filter by 有效性, search within, open the 解读.
    page.goto(live_url + portal.url)
    with page.expect_navigation():
        page.get_by_role("link", name="政策文件库").click()
    assert page.locator("#policy-count").inner_text().startswith("共 2 件")
    width = page.evaluate("document.documentElement.scrollWidth")
    shot("policy-library-phone.png")
    assert width <= PHONE["width"], width  # nothing wider than the phone
    shot("policy-library-phone.png")
    page.locator("#policy-validity").select_option("废止")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    assert page.locator("ol.policy-list > li > a").all_inner_texts() == ["测试镇农村危房改造补助办法"]
    with page.expect_navigation():
        page.get_by_role("link", name="清除条件").click()
    page.locator("#policy-q").fill("〔2024〕3号")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    assert page.locator("ol.policy-list > li > a").first.inner_text() == "测试镇临时救助实施办法"
    shot("policy-library-search-phone.png")
    with page.expect_navigation():
        page.locator(".policy-interps a").first.click()
    assert "解读" in page.title()
    context.close()
