"""The public portal in Chromium (issue 15): every public page type at desktop and phone width, in
the standard layout and in 长辈版 with 特大 text, photographed into test-artifacts/portal/ and checked
with axe-core (no serious or critical violation) and for width (nothing wider than the phone); and
the public journeys with JavaScript switched off."""

import datetime

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from pages.catalog import ensure_area, ensure_item
from pages.models import DisclosureEntry, EntryAttachment
from workflows import services

from ..factories import make_user, new_entry
from ..pages.files import pdf
from .axe import blocking_violations
from .journey import submit_request_form
from .screens import ARTIFACTS, DESKTOP, PHONE

SHOTS = ARTIFACTS / "portal"


@pytest.fixture
def town(seeded, catalog, portal, settings, tmp_path):
    """A portal with its settings, the statutory sections, policies with 解读, an annual report."""
    from django.core.cache import cache

    cache.clear()  # the request form's per-address throttle
    portal.office_name = "测试镇政务公开办公室"
    portal.office_address = "测试镇人民路1号"
    portal.postcode = "230000"
    portal.office_hours = "工作日上午8:30—12:00，下午14:30—17:30"
    portal.phone = "0551-12345678"
    portal.email = "gk@example.gov.cn"
    portal.operator_name = "测试镇党政综合办公室"
    portal.site_code = "3415000001"
    portal.icp_number = "皖ICP备00000001号"
    portal.police_number = "皖公网安备34150002000001号"
    portal.save()
    finance = catalog["finance"]
    leader = make_user("a11y_leader", portal.leaders_group)

    def publish(parent, title, day, body="<p>按规定予以公开。</p>", **fields):
        entry = new_entry(parent, title=title, body=body, published_on=datetime.date(2025, 3, day), **fields)
        services.force_publish(entry, leader, "无障碍测试数据")
        return DisclosureEntry.objects.get(pk=entry.pk)

    policies = ensure_area(portal, "政策文件", kind="statutory", department=finance)
    rules = ensure_area(portal, "政府信息公开制度", kind="statutory", department=finance)
    reports = ensure_area(portal, "政府信息公开年报", kind="statutory", department=finance)
    report_item = ensure_item(reports, "年度报告", department=finance)
    policy = publish(ensure_item(policies, "行政规范性文件", department=finance), "测试镇村庄保洁管理办法", 2)
    publish(
        ensure_item(policies, "政策解读", department=finance), "《测试镇村庄保洁管理办法》解读", 3, interprets=policy
    )
    publish(ensure_item(rules, "政府信息公开工作制度", department=finance), "测试镇政府信息公开保密审查制度", 4)
    publish(report_item, "测试镇人民政府2024年政府信息公开工作年度报告", 5)
    table = "<table><tbody><tr><td>户数</td><td>金额（元）</td></tr><tr><td>86</td><td>51600</td></tr></tbody></table>"
    # The attachment goes on before publication (an edit of a published entry goes through review).
    dibao = new_entry(
        catalog["dibao"],
        title="2025年第一季度最低生活保障资金发放情况",
        body="<p>本季度低保资金发放情况如下：</p>" + table,
        published_on=datetime.date(2025, 3, 6),
    )
    document = Document.objects.create(title="发放明细", file=ContentFile(pdf("低保发放明细"), name="mingxi.pdf"))
    EntryAttachment.objects.create(entry=dibao, document=document, title="发放明细表")
    DisclosureEntry.objects.get(pk=dibao.pk).save_revision()
    services.force_publish(DisclosureEntry.objects.get(pk=dibao.pk), leader, "无障碍测试数据")
    for day in range(7, 12):
        publish(catalog["budget"], f"2025年部门预算公开（第{day}号）", day)
    household = ensure_area(portal, "户籍管理", kind="basic")  # for the 未涉及领域事项说明
    household.not_applicable, household.not_applicable_reason = True, "户籍管理由县公安局派出所负责，本镇不涉及"
    household.save_revision().publish()
    return {"portal": portal, "dibao": DisclosureEntry.objects.get(pk=dibao.pk), "report_item": report_item}


def file_request(page, live_url, portal):
    page.goto(f"{live_url}/yishenqing/{portal.slug}/")
    submit_request_form(page)
    return page.locator("#tracking-code").inner_text().strip()


def look_up(page, live_url, code):
    page.goto(f"{live_url}/yishenqing/chaxun/")
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_every_public_page_type_passes_axe_in_both_layouts_and_widths(browser, live_url, town, mode):
    portal, dibao = town["portal"], town["dibao"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    outside = []
    context.route(
        lambda url: not url.startswith(live_url), lambda route: outside.append(route.request.url) or route.abort()
    )
    page = context.new_page()
    page.goto(live_url + "/")
    if mode == "elder":
        page.get_by_role("link", name="长辈版").click()  # a plain link: the cookie, then back here
        page.wait_for_load_state()
        assert "elder" in page.locator("html").get_attribute("class")
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
        assert page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)") >= 1.3 * 18
        page.get_by_role("link", name="特大").click()  # the largest text too: the hardest layout to fit
        page.wait_for_load_state()
        assert "size-xl" in page.locator("html").get_attribute("class")

    def search_for(q):
        return lambda: page.goto(f"{live_url}/search/?portal={portal.slug}&q={q}")

    def status():
        look_up(page, live_url, code)

    steps = [
        ("home", lambda: page.goto(live_url + "/")),
        ("column", lambda: page.goto(live_url + portal.column_url())),
        ("guide", lambda: page.goto(live_url + portal.guide_url())),
        ("site-map", lambda: page.goto(live_url + portal.site_map_url())),
        ("area", lambda: page.goto(live_url + dibao.get_parent().get_parent().url)),
        ("item", lambda: page.goto(live_url + dibao.get_parent().url)),
        ("entry", lambda: page.goto(live_url + dibao.url)),
        ("policies", lambda: page.goto(live_url + portal.section("政策文件").url)),
        ("not-applicable", lambda: page.goto(live_url + portal.not_applicable_url())),
        ("standard-catalog", lambda: page.goto(live_url + portal.standard_catalog_url())),
        ("annual-reports", lambda: page.goto(live_url + town["report_item"].url)),
        ("search", search_for("低保")),
        ("search-empty", search_for("不存在的词语组合")),
        ("request-form", lambda: page.goto(f"{live_url}/yishenqing/{portal.slug}/")),
        ("question-form", lambda: page.goto(f"{live_url}/hudong/zixun/")),
        ("question-faq", lambda: page.goto(f"{live_url}/hudong/zixun/changjian/")),
        ("consultations", lambda: page.goto(f"{live_url}/hudong/zhengji/")),
    ]
    found = {}
    for name, go in steps:
        found[name] = _check(page, go, f"{mode}-{name}")
    code = file_request(page, live_url, portal)
    found["receipt"] = _check(page, lambda: None, f"{mode}-receipt")
    found["status"] = _check(page, status, f"{mode}-status")
    assert "已接收" in page.locator("table.meta").inner_text()
    context.close()
    assert not outside, outside  # no CDN, no font or script from anywhere else
    assert not {k: v for k, v in found.items() if v}, found


def _check(page, go, name):
    """Open a page, photograph and axe it at desktop width, then again at phone width."""
    page.set_viewport_size(DESKTOP)
    go()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1, name
    violations = blocking_violations(page)
    page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    violations += blocking_violations(page)
    page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:  # a reader would have to scroll sideways
        violations.append(f"wider than the phone: {width} px")
    return violations


@pytest.mark.django_db(transaction=True)
def test_public_journeys_work_without_javascript(browser, live_url, town):
    portal, dibao = town["portal"], town["dibao"]
    context = browser.new_context(viewport=PHONE, is_mobile=True, java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    # Browse: home → area → item → entry by the links a reader sees.
    page.goto(live_url + "/")
    page.get_by_role("link", name="社会救助 1条").click()
    page.get_by_role("link", name="最低生活保障").click()
    page.get_by_role("link", name=dibao.title).click()
    assert page.locator("h1").inner_text() == dibao.title
    crumbs = page.locator("nav.crumbs a").all_inner_texts()
    assert crumbs == ["首页", "社会救助", "最低生活保障"]
    assert "（PDF，" in page.locator("ul.attachments").inner_text()
    assert page.locator("article.body table td", has_text="51600").count() == 1  # a table stays a table
    assert page.locator("[data-print]").is_hidden()  # the print button needs JavaScript: hidden without it
    # Search from the home page.
    page.goto(live_url + "/")
    page.get_by_label("检索公开信息").fill("低保")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/**")
    assert int(page.locator("#total").inner_text()) >= 1
    # The guide, the 年报 list and the column from the header navigation.
    page.get_by_role("navigation", name="栏目导航").get_by_role("link", name="政府信息公开指南").click()
    assert "测试镇人民路1号" in page.locator("main").inner_text()
    page.get_by_role("navigation", name="栏目导航").get_by_role("link", name="政府信息公开年报").click()
    assert "2024年政府信息公开工作年度报告" in page.locator("main").inner_text()
    # File a request and look it up.
    code = file_request(page, live_url, portal)
    look_up(page, live_url, code)
    assert code in page.locator("table.meta").inner_text()
    # 长辈版 on and off, remembered across pages.
    page.goto(live_url + dibao.url)
    page.get_by_role("link", name="长辈版").click()
    page.wait_for_url("**" + dibao.url)
    page.goto(live_url + "/")
    assert "elder" in page.locator("html").get_attribute("class")
    page.screenshot(path=str(SHOTS / "nojs-elder-home-phone.png"), full_page=True)
    page.get_by_role("link", name="退出长辈版").click()
    assert "elder" not in page.locator("html").get_attribute("class")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_keyboard_reaches_the_skip_link_first_and_focus_is_visible(browser, live_url, town):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(live_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "跳到正文"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # moved into view when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()


def test_axe_harness_reports_what_it_should(browser):
    """The harness can fail: an unlabelled field and an image without text are serious/critical."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<html lang="zh-CN"><head><title>测试</title></head><body><main><h1>表单</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>'
    )
    rules = {rule for rule, *_ in blocking_violations(page)}
    context.close()
    assert {"image-alt", "label"} <= rules
