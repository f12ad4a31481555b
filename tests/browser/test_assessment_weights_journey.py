"""Real browser, English-speaking (issue 16): the disclosure office changes a 考核 weight on the
部门考核 page — a bad value is refused in Chinese, a good one changes the total at once — then
民政办's editor opens the same page and sees only its own score and what lowers it."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page

from pages.catalog import ensure_area, ensure_item
from pages.models import FivePublicType
from pages.publishing.guards import check_publication
from pages.publishing.pipeline import PublicationRefused, record_refusal

from ..factories import make_user, new_entry, published


@pytest.fixture
def quarter(seeded, portal, catalog):
    """民政办 this quarter: one item 避实就虚 (only 决策公开), one with its 结果, one entry refused
    for personal data; 财政所 one entry on time."""
    civil, finance = catalog["civil"], catalog["finance"]
    office, editor = make_user("gongkaiban"), make_user("minzheng", civil.editors_group)
    group = office.groups.create(name="政务公开办")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=Page.objects.get(pk=portal.pk), permission_type="publish")
    for user, name in ((office, "王主任"), (editor, "李编辑")):  # the admin shows names, not log-ins
        user.first_name = name
        user.save()
    today = timezone.localdate()
    written = today - datetime.timedelta(days=2)
    relief = ensure_area(portal, "社会救助", kind="basic")
    tekun = ensure_item(relief, "特困人员供养", department=civil)
    decision = FivePublicType.objects.get(name="决策公开")
    published(tekun, "特困人员供养实施办法", today, written, department=civil, five_public=decision)
    published(catalog["dibao"], "本季度低保发放名单", today, written, department=civil)
    published(catalog["budget"], "部门预算公开说明", today, written, department=finance)
    leaked = new_entry(
        catalog["dibao"], title="低保对象名册", department=civil, body="<p>身份证号11010519491231002X</p>"
    )
    record_refusal(leaked, PublicationRefused(check_publication(leaked)))


def civil_total(page):
    return page.locator("#table-assessment tr", has_text="民政办").locator("td strong").inner_text()


@pytest.mark.django_db(transaction=True)
def test_office_changes_a_weight_and_a_department_sees_its_own_score(journey, quarter):
    office = journey("journey-assessment-weights")
    office.login("gongkaiban", "pw-gongkaiban", "政务公开办")
    page = office.page
    page.get_by_role("link", name="部门考核").first.click()
    page.wait_for_selector("#table-assessment")
    text = office.step("部门考核-默认权重")
    assert "当前为默认权重" in text and "避实就虚：社会救助 › 特困人员供养" not in text  # folded for the office
    assert "社会救助 › 特困人员供养" in page.locator("#assessment-flagged").inner_text()
    assert page.locator("#assessment-trend circle.point").count() >= 2
    before = civil_total(page)

    page.get_by_label("公开实质性").fill("-5")
    page.get_by_role("button", name="保存权重").click()
    page.wait_for_selector("#assessment-weights .error-message")
    assert "“公开实质性”的权重不能为负数" in office.step("修改权重-负数被拒绝")

    page.get_by_label("公开实质性").fill("60")
    page.get_by_role("button", name="保存权重").click()
    page.wait_for_selector("#table-assessment")
    text = office.step("修改权重-已保存")
    assert "考核权重已保存" in text and "权重 60" in page.locator("#table-assessment thead").inner_text()
    after = civil_total(page)
    assert float(after) < float(before)  # 避实就虚 (substance 50) now weighs more

    department = journey("journey-assessment-own-score")
    department.login("minzheng", "pw-minzheng", "民政办编辑")
    page = department.page
    page.get_by_role("link", name="部门考核").first.click()
    page.wait_for_selector("#table-assessment")
    text = department.step("本部门得分和扣分原因")
    table = page.locator("#table-assessment tbody").inner_text()
    assert "民政办" in table and "财政所" not in table
    assert civil_total(page) == after
    assert "避实就虚：社会救助 › 特困人员供养" in text and "因个人信息被拒绝发布：低保对象名册" in text
    assert "权重 60" in text and page.locator("#assessment-weights").count() == 0
