"""The dashboard's 网站自查 panel: a cached summary, dropped on the writes that change it (issue 14)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pages.catalog import create_portal, ensure_area, ensure_department, ensure_item
from pages.publishing.retract_action import RetractEntryAction
from reports.site_check import cache as panel_cache

from ..factories import make_user, published

HOME = "/admin/"


@pytest.fixture
def town(db):
    """A new 乡级 portal: blank columns and a home page never updated, so two vetoes."""
    town = create_portal("xiang", "某乡政务公开", "某乡人民政府", level="乡级", make_site_root=True)
    finance = ensure_department(town, "财政所", "财政")
    budget = ensure_area(town, "财政预决算", kind="basic")
    items = [ensure_item(budget, name, department=finance, level="县级、乡级") for name in ("部门预算", "部门决算")]
    for name in ("机构职能", "政策文件", "通知公告", "人事信息"):
        ensure_area(town, name, kind="statutory", department=finance)
    return town, items


@pytest.fixture
def runs(monkeypatch):
    """Counts the full self-check runs behind the panel."""
    calls = []
    real = panel_cache.run_site_check

    def counted(portal, **kwargs):
        calls.append(portal.pk)
        return real(portal, **kwargs)

    monkeypatch.setattr(panel_cache, "run_site_check", counted)
    return calls


@pytest.fixture
def office_client(client, town):
    client.force_login(make_user("admin", superuser=True))
    return client


def panel(client):
    html = client.get(HOME).content.decode()
    start = html.index('id="gongkai-site-check-section"')
    return html[start : start + 2500]


def test_the_panel_runs_the_check_once_and_says_when(office_client, runs):
    first = panel(office_client)
    assert "存在 2 个单项否决项" in first and 'data-site-check="vetoed"' in first
    assert f"检查时间 {timezone.localtime():%Y-%m-%d}" in first and "重新检查" in first
    second = panel(office_client)
    assert second.split("<form")[0] == first.split("<form")[0] and len(runs) == 1  # read from the cache


def test_a_publication_and_a_retraction_drop_the_cached_summary(office_client, town, runs):
    _, items = town
    assert "存在 2 个单项否决项" in panel(office_client)
    entry = published(items[0], "2026年部门预算", timezone.localdate())  # the home page is updated now
    assert "存在 1 个单项否决项" in panel(office_client) and len(runs) == 2
    RetractEntryAction(entry, user=make_user("office", superuser=True), reason="内容有误").execute()
    assert "存在 2 个单项否决项" in panel(office_client) and len(runs) == 3


def test_a_catalog_change_drops_the_cached_summary(office_client, town, runs):
    portal, _ = town
    panel(office_client)
    ensure_area(portal, "重点领域", kind="statutory")
    panel(office_client)
    assert len(runs) == 2


def test_recheck_runs_now_and_only_for_the_office(office_client, client, town, runs):
    portal, _ = town
    panel(office_client)
    url = reverse("reports_site_check_refresh") + f"?portal={portal.pk}"
    assert office_client.get(url).status_code == 405
    response = office_client.post(url)
    assert response.status_code == 302 and response["Location"] == HOME
    assert len(runs) == 2
    panel(office_client)
    assert len(runs) == 2  # the refreshed summary is the cached one
    finance = portal.departments.get(name="财政所")
    client.force_login(make_user("editor", finance.editors_group))
    response = client.post(url)
    assert response.status_code == 403 or (response.status_code == 302 and response["Location"] == HOME)
    assert len(runs) == 2


def test_the_site_check_page_refreshes_the_panel(office_client, town, runs):
    portal, _ = town
    panel(office_client)
    assert office_client.get(reverse("reports_site_check")).status_code == 200
    key = panel_cache._key(portal, timezone.localdate())
    assert panel_cache.cache.get(key)["vetoed"][0]["count"] >= 5
    panel(office_client)
    assert len(runs) == 1  # the page's own run is what the panel shows next


def test_the_summary_expires(office_client, town, runs, monkeypatch):
    monkeypatch.setattr(panel_cache, "MAX_AGE", 0.05)
    panel(office_client)
    import time

    time.sleep(0.1)
    panel(office_client)
    assert len(runs) == 2
