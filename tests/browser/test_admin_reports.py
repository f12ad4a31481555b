"""Real browser: the office's dashboard panels and the statistics page, with screenshots."""

import datetime

import pytest
from django.utils import timezone

from disclosure_requests import deadlines
from disclosure_requests import services as request_services
from pages.models import CatalogItem, UpdateRhythm
from pages.publishing.pipeline import publish_entry
from workflows import services

from ..factories import PERSON, make_user, new_entry
from .screens import ARTIFACTS, admin_page, full_page_screenshot

DESKTOP = {"width": 1400, "height": 900}


@pytest.fixture
def admin_data(seeded, catalog, portal, settings, tmp_path):
    settings.DISCLOSURE_PRIVATE_ROOT = tmp_path / "private"
    today = timezone.localdate()
    boss = make_user("boss", superuser=True)
    CatalogItem.objects.filter(pk=catalog["dibao"].pk).update(update_rhythm=UpdateRhythm.MONTHLY)
    # Entries in every month of this year so far, more for 财政所; the latest 低保 list is 40 days old.
    for month in range(1, today.month + 1):
        for n in range(1 + month % 3):
            entry = new_entry(
                catalog["budget"],
                title=f"{today.year}年{month}月预算执行情况（{n + 1}）",
                published_on=datetime.date(today.year, month, 1),
            )
            publish_entry(entry)
    dibao = new_entry(
        catalog["dibao"],
        title="低保名单",
        published_on=today - datetime.timedelta(days=40),
        written_on=deadlines.add_working_days(today - datetime.timedelta(days=80), 1).due,
    )
    publish_entry(dibao)
    # Waiting for 部门审核.
    waiting = new_entry(catalog["budget"], title="待审核的预算调整")
    waiting.save_revision(user=make_user("b_editor", catalog["finance"].editors_group))
    services.submit(waiting, waiting.get_latest_revision().user)
    # An overdue request.
    request_services.submit_request(
        portal, dict(PERSON, description="逾期的申请"), channel="post", received_on=today - datetime.timedelta(days=60)
    )
    return boss


@pytest.mark.django_db(transaction=True)
def test_dashboard_and_statistics_screenshots(browser, live_url, admin_data):
    ARTIFACTS.mkdir(exist_ok=True)
    page = admin_page(browser, live_url, "boss", "pw-boss")

    for heading in ("本年累计", "各部门待审批", "时效提醒", "依申请公开：即将到期与已超期"):
        assert page.get_by_role("heading", name=heading).is_visible(), heading
    pending = page.locator("#gongkai-pending-by-department-content, #gongkai-pending-by-department")
    assert "财政所" in pending.first.inner_text()
    assert "最低生活保障" in page.locator("#gongkai-timeliness-content, #gongkai-timeliness").first.inner_text()
    assert "1 件" in page.locator("[data-total=overdue]").inner_text()
    full_page_screenshot(page, ARTIFACTS / "admin-dashboard.png")

    page.goto(live_url + "/admin/reports/statistics/")
    assert page.get_by_role("heading", name="统计分析").first.is_visible()
    bars = page.locator("svg.gongkai-chart rect.bar")
    assert bars.count() > 5 and bars.first.is_visible()
    assert page.locator("#stat-total").inner_text() == str(
        sum(1 + m % 3 for m in range(1, timezone.localdate().month + 1)) + 1
    )
    full_page_screenshot(page, ARTIFACTS / "admin-statistics.png")

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.context.close()
    for name in ("admin-dashboard.png", "admin-statistics.png"):
        assert (ARTIFACTS / name).stat().st_size > 20_000
