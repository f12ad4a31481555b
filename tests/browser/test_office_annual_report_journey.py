"""Real browser, English-speaking: the disclosure office writes last year's annual report, reads
the confirmation (a table (二) row at 0 while 行政许可 entries were published; who approves),
corrects the figure, confirms 发布; 党政办's 负责人 and the 领导 approve it on the 审核页 and it
is public with its 索引号. Every step is checked by the journey harness and photographed."""

import datetime

import pytest
from django.utils import timezone

from pages.catalog import ensure_area, ensure_department, ensure_item
from pages.demo import create_demo_users
from reports import annual
from reports.models import AnnualReport

from ..factories import make_user, published


@pytest.fixture
def office_year(seeded, catalog, portal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    create_demo_users(portal)  # admin (office), leader 周镇长
    department = ensure_department(portal, "党政办", "党政", org_code="000014351")
    ensure_item(ensure_area(portal, annual.REPORT_AREA, kind="statutory"), annual.REPORT_ITEM, department=department)
    reviewer = make_user("dangzheng_reviewer", department.reviewers_group)
    reviewer.first_name = "吴主任"
    reviewer.save()
    year = timezone.localdate().year - 1
    licensing = ensure_item(ensure_area(portal, "行政许可", kind="basic"), "许可结果", department=catalog["finance"])
    published(licensing, "关于准予某公司经营许可的决定", datetime.date(year, 5, 6))
    return year


def review(journey, title, label):
    queue = journey.page.locator("#gongkai-queue-content, #gongkai-queue").first
    queue.get_by_role("link", name=title).click()
    journey.page.wait_for_url("**/gongkai/review/**")
    journey.step(label)
    journey.page.fill("#gk-comment", "同意")
    journey.page.get_by_role("button", name="审核通过", exact=True).click()
    journey.page.wait_for_url("**/admin/")
    return journey.step(f"{label}-已通过")


@pytest.mark.django_db(transaction=True)
def test_annual_report_from_draft_to_published(journey, office_year, portal):
    year = office_year
    title = annual.report_title(portal, year)
    office = journey("journey-office-annual-report")
    office.login("admin", "gongkai-admin", "政务公开办")
    office.page.get_by_role("link", name="政府信息公开年报").first.click()
    office.page.wait_for_load_state()
    office.step("年报列表")
    office.goto(f"/admin/annual-reports/{portal.pk}/{year}/", "年度报告-草稿")
    page = office.page
    page.get_by_label("一、总体情况").fill(f"{year}年，本镇认真贯彻落实《中华人民共和国政府信息公开条例》。")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    assert "已保存" in office.step("已保存")
    page.get_by_role("button", name="发布（先核对数字和审批人）").click()
    page.wait_for_selector("[data-publish-confirm]")
    text = office.step("确认发布-可疑数字")
    assert "表二「行政许可」本年处理决定数量为 0" in text and "吴主任" in text and "周镇长" in text

    page.get_by_role("link", name="← 返回年度报告，继续修改").click()
    page.wait_for_load_state()
    page.get_by_label("行政许可 本年处理决定数量").fill("1")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("button", name="发布（先核对数字和审批人）").click()
    page.wait_for_selector("[data-publish-confirm]")
    assert "未发现可疑数字" in office.step("确认发布-已核对")
    page.get_by_role("button", name="确认发布").click()
    page.wait_for_load_state()
    text = office.step("已提交审核")
    assert f"已生成公开信息「{title}」" in text and "吴主任" in text
    entry = AnnualReport.objects.get(portal=portal, year=year).entry

    reviewer = journey("journey-annual-report-reviewer")
    reviewer.login("dangzheng_reviewer", "pw-dangzheng_reviewer", "党政办负责人")
    assert "已审核通过，已转领导审批" in review(reviewer, title, "审核页")
    leader = journey("journey-annual-report-leader")
    leader.login("leader", "gongkai-demo", "领导")
    text = review(leader, title, "审批页")
    entry.refresh_from_db()
    assert entry.live and f"已发布，索引号 {entry.index_number}" in text
    office.goto(f"/admin/annual-reports/{portal.pk}/{year}/", "年度报告-已公开")
