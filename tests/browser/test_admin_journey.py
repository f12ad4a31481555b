"""Real browser, English-speaking, with the demo's accounts (pages.demo.create_demo_users): the
信息员 enters an entry and meets the guards at 提交审核, fixes it and submits; the 部门负责人
returns it from the 审核页 with a comment; the 信息员 sees the comment, fixes and resubmits; the
负责人 approves, the 领导 approves and sees 已发布 with the 索引号, then the leader's menu. Every
step is checked by the journey harness (Chinese only, no request to another host, no error page)
and photographed under test-artifacts/."""

import pytest

from pages.demo import create_demo_users
from pages.models import DisclosureEntry

from .journey import footer_action

TITLE = "2026年部门预算公开"
ID_NUMBER = "340104199003071235"


@pytest.fixture
def demo_users(seeded, catalog, portal):
    create_demo_users(portal)  # caizheng_editor 赵会计, caizheng_reviewer 钱所长, leader 周镇长 …
    return {"editor": "caizheng_editor", "reviewer": "caizheng_reviewer", "leader": "leader"}


def login(journey, username, label):
    journey.login(username, "gongkai-demo", label)


def choose_snippet(page, label, choice):
    page.get_by_role("button", name=f"选择 {label}").click()
    modal = page.locator(".modal-content")
    modal.get_by_role("link", name=choice, exact=True).click()
    modal.wait_for(state="hidden")


def type_body(page, text):
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)
    # The rich text editor writes its hidden input a moment after the last key.
    page.wait_for_function(
        "t => { const v = JSON.parse(document.querySelector('input[name=body]').value || 'null') || {};"
        " return (v.blocks || []).map(b => b.text).join('') === t; }",
        arg=text,
    )


def open_review_from_queue(journey, label, submitter="赵会计"):
    queue = journey.page.locator("#gongkai-queue-content, #gongkai-queue").first
    assert submitter in queue.inner_text()  # the name, not the user name
    queue.get_by_role("link", name=TITLE).click()
    journey.page.wait_for_url("**/gongkai/review/**")
    return journey.step(label)


def decide(journey, action, comment, label):
    journey.page.fill("#gk-comment", comment)
    journey.page.get_by_role("button", name=action, exact=True).click()
    journey.page.wait_for_url("**/admin/")
    return journey.step(label)


@pytest.mark.django_db(transaction=True)
def test_entry_from_editor_to_publication_in_chinese(journey, demo_users, catalog):
    item = catalog["budget"]

    editor = journey("journey-editor")
    login(editor, demo_users["editor"], "信息员")
    editor.goto(f"/admin/pages/{item.pk}/", "目录事项")
    editor.goto(f"/admin/pages/add/pages/disclosureentry/{item.pk}/", "新建公开信息")
    page = editor.page
    page.get_by_placeholder("页面标题").fill(TITLE)
    choose_snippet(page, "体裁分类", "公告")
    choose_snippet(page, "五公开类型", "结果公开")
    type_body(page, f"本年度部门预算收入合计128.5万元。经办人身份证{ID_NUMBER}")
    primary = page.locator("footer button[name='action-submit']").first
    assert primary.is_visible() and "提交审核" in primary.inner_text()  # the main action, not in the drop-up
    editor.step("填写完毕（含身份证号）")
    footer_action(page, "action-submit")
    page.wait_for_load_state("networkidle")
    editor.step("提交被保密审查拦下")
    errors = page.locator(".messages").first.inner_text()
    assert "保密审查未通过（个人信息）" in errors and "身份证" in errors and "一键脱敏" in errors
    assert ID_NUMBER not in errors  # the finding is shown masked
    assert not DisclosureEntry.objects.filter(title=TITLE).exists()

    type_body(page, "本年度部门预算收入合计128.5万元，支出合计128.5万元。")
    footer_action(page, "action-submit")
    page.wait_for_url(f"**/admin/pages/{item.pk}/")
    assert f"页面 '{TITLE}' 已创建并提交审核" in editor.step("已提交审核")
    entry = DisclosureEntry.objects.get(title=TITLE)
    assert entry.current_workflow_task.name == "部门审核"

    reviewer = journey("journey-reviewer")
    login(reviewer, demo_users["reviewer"], "部门负责人")
    text = open_review_from_queue(reviewer, "审核页")
    for part in ("公众将看到的信息", "保密审查", "个人信息：通过", "处理记录", "审核通过", "退回修改"):
        assert part in text, part
    reviewer.page.get_by_role("button", name="退回修改", exact=True).click()  # without a comment
    assert "退回修改必须填写意见" in reviewer.step("退回须填写意见")
    text = decide(reviewer, "退回修改", "请补充支出明细", "已退回")
    assert f"已退回修改：{TITLE}（退回意见已转给信息员）" in text

    editor.goto("/admin/", "工作台-已退回")
    returned = editor.page.locator("#gongkai-returned-content, #gongkai-returned").first
    assert "请补充支出明细" in returned.inner_text()
    returned.get_by_role("link", name="修改并重新提交").click()
    editor.page.wait_for_url("**/edit/")
    text = editor.step("退回意见横幅")
    assert "此信息已退回修改" in text and "请补充支出明细" in text and "已退回" in text
    assert editor.page.locator("footer button[name='action-submit']").first.inner_text().strip() == "重新提交"
    type_body(editor.page, "本年度部门预算收入合计128.5万元，支出合计128.5万元，其中基本支出96万元。")
    footer_action(editor.page, "action-submit")
    editor.page.wait_for_load_state("networkidle")
    editor.step("已重新提交")
    assert DisclosureEntry.objects.get(pk=entry.pk).current_workflow_task.name == "部门审核"

    reviewer.goto("/admin/", "工作台-待审核")
    open_review_from_queue(reviewer, "重新提交后的审核页")
    text = decide(reviewer, "审核通过", "同意", "已转领导审批")
    assert f"已审核通过，已转领导审批：{TITLE}" in text

    leader = journey("journey-leader")
    login(leader, demo_users["leader"], "领导")
    text = open_review_from_queue(leader, "审批页")
    assert "领导审批" in text and "钱所长" in text  # the history names the reviewer
    text = decide(leader, "审核通过", "同意发布", "已发布")
    entry.refresh_from_db()
    assert entry.live and entry.index_number
    assert f"已发布，索引号 {entry.index_number}：{TITLE}" in text
    assert "暂无待审核的信息" in text

    leader.goto("/admin/gongkai/review/decisions/", "我的审批记录")
    assert "我的审批记录" in leader.page.locator("h1").first.inner_text()
    assert "同意发布" in leader.page.locator("main").inner_text()
    leader.goto("/admin/gongkai/review/published/", "已发布信息")
    leader.page.get_by_role("link", name=TITLE).click()
    leader.page.wait_for_load_state("networkidle")
    assert entry.index_number in leader.step("公开页面")
