"""Real browser: a citizen asks on a phone (a Chinese error first, nothing lost), gets a tracking
code; the office assigns the question, the department answers and turns the answer into a draft
entry that goes through 部门审核 → 领导审批; the citizen reads the answer by tracking code and the
published answer without any personal data. The dashboard shows the overdue question and the
inspection's veto item. Every step is checked by the journey harness and photographed."""

import datetime

import pytest
from django.core.cache import cache
from wagtail.models import GroupPagePermission, Page

from interaction.models import Question
from pages.models import QuestionAnswerEntry

from ..factories import make_user
from .journey import footer_action, login
from .screens import PHONE

SUBJECT = "低保申请需要哪些材料"


@pytest.fixture
def people(seeded, catalog, portal):
    from django.contrib.auth.models import Permission

    office = make_user("zw_office")
    group = office.groups.create(name="政务公开办")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for kind in ("publish", "change", "add"):
        GroupPagePermission.objects.create(group=group, page=Page.objects.get(pk=portal.pk), permission_type=kind)
    civil = catalog["civil"]
    users = {
        "office": office,
        "editor": make_user("mz_editor", civil.editors_group),
        "reviewer": make_user("mz_reviewer", civil.reviewers_group),
        "leader": make_user("zhen_leader", portal.leaders_group),
    }
    for user, name in zip(users.values(), ("赵主任", "钱干事", "孙所长", "王镇长")):
        user.first_name = name
        user.save()
    return users


@pytest.mark.django_db(transaction=True)
def test_question_from_citizen_to_published_answer(journey, people, catalog, portal):
    cache.clear()  # the form's per-address throttle lives in the cache
    citizen = journey("interaction-citizen", locale="zh-CN", viewport=PHONE)
    citizen.goto("/hudong/zixun/", "留言页")
    page = citizen.page
    page.get_by_role("radio", name="咨询").check()
    page.locator("#id_subject").fill(SUBJECT)
    page.locator("#id_content").fill("我叫陈阿婆，电话13912345678，想问申请低保要准备什么材料？")
    page.locator("#id_asker_name").fill("陈阿婆")
    page.get_by_label("同意在隐去个人信息后公开本留言及答复").check()
    page.get_by_role("button", name="提交留言").click()
    text = citizen.step("缺少联系方式")
    assert "联系电话和电子邮箱至少填写一项" in text and not Question.objects.exists()
    assert page.locator("#id_subject").input_value() == SUBJECT  # nothing typed is lost
    page.locator("#id_phone").fill("13912345678")
    page.get_by_role("button", name="提交留言").click()
    page.wait_for_url("**/hudong/zixun/huizhi/")
    citizen.step("回执")
    code = page.locator("#tracking-code").inner_text().strip()
    question = Question.objects.get()
    assert code == question.tracking_code

    office = journey("interaction-office")
    login(office, people["office"], "政务公开办")
    office.goto("/admin/interaction/questions/", "留言列表")
    office.page.get_by_role("link", name=SUBJECT).click()
    office.page.get_by_label("办理部门").select_option(label="民政办")
    office.page.get_by_role("button", name="分派").click()
    assert "已分派给民政办" in office.step("已分派")

    editor = journey("interaction-department")
    login(editor, people["editor"], "民政办信息员")
    editor.goto(f"/admin/interaction/questions/{question.pk}/", "办理页")
    editor.page.get_by_label("答复内容").fill("请携带户口簿、收入证明到民政办申请，5个工作日内受理。")
    editor.page.get_by_role("button", name="提交答复").click()
    assert "已答复" in editor.step("已答复")
    editor.page.get_by_role("button", name="生成公开信息草稿").click()
    editor.page.wait_for_url("**/edit/")
    editor.step("答复草稿")
    footer_action(editor.page, "action-submit")
    editor.page.wait_for_load_state()
    entry = QuestionAnswerEntry.objects.get()
    assert entry.current_workflow_task.name == "部门审核"
    assert "13912345678" not in entry.summary and "陈阿婆" not in entry.summary

    for role, label in (("reviewer", "部门负责人"), ("leader", "领导")):
        approver = journey(f"interaction-{role}")
        login(approver, people[role], label)
        approver.page.locator("#gongkai-queue-content, #gongkai-queue").first.get_by_role("link", name=SUBJECT).click()
        approver.page.wait_for_url("**/gongkai/review/**")  # the queue leads to the 审核页
        approver.step("审核页")
        approver.page.fill("#gk-comment", "同意")
        approver.page.get_by_role("button", name="审核通过", exact=True).click()
        approver.page.wait_for_url("**/admin/")
        approver.step("已审核")
    entry.refresh_from_db()
    assert entry.live and entry.index_number

    citizen.goto("/hudong/zixun/chaxun/", "查询页")
    page.get_by_label("查询码").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    status = citizen.step("查询结果")
    assert "已答复" in status and "户口簿" in status and "13912345678" not in status
    citizen.goto(entry.url, "公开的答复")
    public = page.locator("main").inner_text()
    assert "户口簿" in public and entry.index_number in public
    assert "陈阿婆" not in page.content() and "13912345678" not in page.content()


@pytest.mark.django_db(transaction=True)
def test_dashboard_shows_overdue_and_the_three_month_veto_item(journey, people, portal, catalog):
    old = datetime.date.today() - datetime.timedelta(days=120)
    Question.objects.create(
        portal=portal,
        category="consult",
        subject="四个月前的留言",
        content="……",
        asker_name="某某",
        phone="13900000000",
        received_on=old,
        due_on=old + datetime.timedelta(days=7),
    )
    office = journey("interaction-dashboard")
    login(office, people["office"], "政务公开办")
    panel = office.page.locator("#gongkai-question-deadlines-content, #gongkai-question-deadlines").first
    text = panel.inner_text()
    assert "一票否决" in text and "超过3个月未答复" in text
    assert panel.locator("[data-count=veto]").inner_text() == "1"
    assert panel.locator("[data-count=overdue]").inner_text() == "1"
    panel.get_by_role("link", name="查看").first.click()
    assert "四个月前的留言" in office.step("超过3个月未答复")
