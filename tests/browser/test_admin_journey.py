"""Real browser, English-speaking: an editor enters an entry and submits it, the department
reviewer approves it, the leader approves it and sees 已发布 with the 索引号, never a permission
error. Every step is checked by the journey harness (Chinese only, no request to another host, no
error page) and photographed under test-artifacts/."""

import pytest

from pages.models import DisclosureEntry

from ..factories import make_user
from .screens import footer_action, login

TITLE = "2026年部门预算公开"


@pytest.fixture
def people(seeded, catalog, portal):
    finance = catalog["finance"]
    named = {
        "editor": ("cz_editor", "张晓明", finance.editors_group),
        "reviewer": ("cz_reviewer", "李建国", finance.reviewers_group),
        "leader": ("zhen_leader", "王镇长", portal.leaders_group),
    }
    users = {}
    for role, (username, name, group) in named.items():
        user = make_user(username, group)
        user.first_name = name
        user.save()
        users[role] = user
    return users


def choose_snippet(page, label, choice):
    page.get_by_role("button", name=f"选择 {label}").click()
    modal = page.locator(".modal-content")
    modal.get_by_role("link", name=choice, exact=True).click()
    modal.wait_for(state="hidden")


def open_from_queue(journey, label, submitter="张晓明"):
    queue = journey.page.locator("#gongkai-queue-content, #gongkai-queue").first
    assert submitter in queue.inner_text()  # the name, not the user name
    queue.get_by_role("link", name=TITLE).click()
    journey.page.wait_for_url("**/edit/")
    return journey.step(label)


@pytest.mark.django_db(transaction=True)
def test_entry_from_editor_to_publication_in_chinese(journey, people, catalog):
    item = catalog["budget"]

    editor = journey("journey-editor")
    login(editor, people["editor"], "信息员")
    editor.goto(f"/admin/pages/{item.pk}/", "目录事项")
    editor.goto(f"/admin/pages/add/pages/disclosureentry/{item.pk}/", "新建公开信息")
    page = editor.page
    page.get_by_placeholder("页面标题").fill(TITLE)
    choose_snippet(page, "体裁分类", "公告")
    choose_snippet(page, "五公开类型", "结果公开")
    page.locator(".Draftail-Editor [contenteditable=true]").first.click()
    page.keyboard.type("本年度部门预算收入合计128.5万元，支出合计128.5万元。")
    # The rich text editor writes its hidden input a moment after the last key.
    page.wait_for_function("() => document.querySelector('input[name=body]').value.includes('128.5')")
    editor.step("填写完毕")
    footer_action(page, "action-submit")
    page.wait_for_url(f"**/admin/pages/{item.pk}/")
    assert f"页面 '{TITLE}' 已创建并提交审核" in editor.step("已提交审核")
    entry = DisclosureEntry.objects.get(title=TITLE)
    assert entry.current_workflow_task.name == "部门审核"

    reviewer = journey("journey-reviewer")
    login(reviewer, people["reviewer"], "部门负责人")
    open_from_queue(reviewer, "审核页")
    reviewer.page.locator("[data-side-panel-toggle='status']").click()
    status = reviewer.step("审核状态")
    assert "提交至部门审核" in status and "审核中锁定" in status
    footer_action(reviewer.page, "approve")
    reviewer.page.wait_for_url("**/admin/")
    assert f"已审核通过，已转领导审批：{TITLE}" in reviewer.step("已转领导审批")

    leader = journey("journey-leader")
    login(leader, people["leader"], "领导")
    open_from_queue(leader, "审批页")
    footer_action(leader.page, "approve")
    leader.page.wait_for_url("**/admin/")
    text = leader.step("已发布")
    entry.refresh_from_db()
    assert entry.live and entry.index_number
    assert f"已发布，索引号 {entry.index_number}：{TITLE}" in text
    assert "暂无待审核的信息" in text

    leader.goto(entry.url, "公开页面")
    assert entry.index_number in leader.page.locator("main").inner_text()
