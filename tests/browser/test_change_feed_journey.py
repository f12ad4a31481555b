"""The change feed seen in Chromium beside the page a citizen reads: published, the feed lists
it; retracted, the page is gone and the feed names it removed, with nothing of its text."""

import datetime
import json

import pytest

from pages.models import DisclosureEntry
from workflows import services

from ..factories import make_user, new_entry
from .screens import ARTIFACTS, PHONE

SHOTS = ARTIFACTS / "change-feed"


def feed_in_browser(page, live_url, since, shot):
    page.goto(f"{live_url}/api/v2/changes/?since={since}")
    data = json.loads(page.locator("body").inner_text())
    page.screenshot(path=str(SHOTS / shot), full_page=True)
    return data


@pytest.mark.django_db(transaction=True)
def test_a_retraction_reaches_the_feed_and_the_page_together(browser, live_url, seeded, catalog, portal):
    SHOTS.mkdir(parents=True, exist_ok=True)
    leader = make_user("feed_journey_leader", portal.leaders_group)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    start = feed_in_browser(page, live_url, "", "01-feed-before.png")["cursor"]

    entry = new_entry(
        catalog["budget"], title="2026年部门预算公开（变更流演示）", published_on=datetime.date(2026, 3, 1)
    )
    services.force_publish(entry, leader, "浏览器演示")
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    page.goto(live_url + entry.url)
    assert page.locator("h1").inner_text() == entry.title
    page.screenshot(path=str(SHOTS / "02-entry-published.png"), full_page=True)
    data = feed_in_browser(page, live_url, start, "03-feed-published.png")
    assert [(c["id"], c["change"], c["entry"]["title"]) for c in data["changes"]] == [
        (entry.pk, "published", entry.title)
    ]

    services.retract(entry, leader, "预算数据有误")
    # A new visit (pages may be kept by the browser for PUBLIC_CACHE_SECONDS; the feed never is).
    context.close()
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    response = page.goto(live_url + entry.url)
    assert response.status == 404
    page.screenshot(path=str(SHOTS / "04-entry-retracted.png"), full_page=True)
    data = feed_in_browser(page, live_url, start, "05-feed-retracted.png")
    assert data["changes"] == [{"id": entry.pk, "change": "removed", "reason": "retracted"}]
    assert "预算" not in page.locator("body").inner_text()
    context.close()
