"""发布 of the annual report asks for confirmation, warns about table (二) rows at 0 while the
portal published entries of that kind, names who will approve it and refuses when 部门审核 or
领导审批 has nobody to act (nothing gets stuck in the workflow)."""

import datetime

import pytest
from django.urls import reverse

from pages.catalog import ensure_area, ensure_department, ensure_item
from reports import annual
from reports.annual import checks
from reports.models import AnnualReport

from ..factories import make_user, published


@pytest.fixture
def report_item(portal):
    department = ensure_department(portal, "党政办", "党政", org_code="000014351")
    area = ensure_area(portal, annual.REPORT_AREA, kind="statutory")
    return ensure_item(area, annual.REPORT_ITEM, department=department)


@pytest.fixture
def licensing(portal, catalog):
    area = ensure_area(portal, "行政许可", kind="basic")
    return ensure_item(area, "许可结果", department=catalog["finance"])


def test_a_zero_row_with_entries_of_that_kind_is_flagged(portal, licensing, report_item):
    data = {"year": 2025, "table2": {"行政许可": {"本年处理决定数量": 0}, "行政处罚": {"本年处理决定数量": 0}}}
    assert checks.suspicious_figures(portal, data) == []
    published(licensing, "关于准予某公司经营许可的决定", datetime.date(2025, 5, 6))
    published(licensing, "2024年许可决定", datetime.date(2024, 5, 6))  # another year: not counted
    warnings = checks.suspicious_figures(portal, data)
    assert warnings == ["表二「行政许可」本年处理决定数量为 0，但本门户2025年发布了 1 条行政许可类信息，请核对后填写"]
    data["table2"]["行政许可"]["本年处理决定数量"] = 3
    assert checks.suspicious_figures(portal, data) == []


def test_approvers_must_exist(portal, report_item):
    reviewers, leaders, problems = checks.approvers(portal)
    assert reviewers == [] and len(problems) == 2 and "党政办" in problems[0] and "领导" in problems[1]
    reviewer = make_user("dzb_reviewer", report_item.department.reviewers_group)
    leader = make_user("leader", portal.leaders_group)
    assert checks.approvers(portal) == ([reviewer], [leader], [])


def test_the_confirmation_page_and_the_refusal(client, office, portal, report_item, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    AnnualReport.objects.create(portal=portal, year=2025, overview="本年度总体情况。")
    url = reverse("annual_report_publish", args=[portal.pk, 2025])
    client.force_login(office)
    page = client.get(url).content.decode()
    assert "现在不能发布" in page and "部门审核无人办理" in page and "确认发布</button>" not in page
    refused = client.post(url, follow=True).content.decode()
    assert "发布失败" in refused and AnnualReport.objects.get(year=2025).state == AnnualReport.State.DRAFT
    make_user("dzb_reviewer", report_item.department.reviewers_group)
    make_user("leader", portal.leaders_group)
    page = client.get(url).content.decode()
    assert "确认发布</button>" in page and "现在不能发布" not in page
    done = client.post(url, follow=True).content.decode()
    assert "已生成公开信息" in done and "leader" in done
    assert AnnualReport.objects.get(year=2025).state == AnnualReport.State.PUBLISHED
