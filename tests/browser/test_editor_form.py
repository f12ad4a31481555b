"""The 信息员's entry form and 我的草稿 in a real browser (issue 14, milestone 2): the fields in the
order an editor fills them with Chinese help, the classifications as dropdowns, 相关信息 found by
typing and added, the draft saved and waiting in 我的草稿 with its next step."""

import pytest

from pages.demo import create_demo_users
from pages.models import DisclosureEntry
from workflows import services

from ..factories import new_entry
from .journey import login

TITLE = "2026年部门预算执行情况"


@pytest.mark.django_db(transaction=True)
def test_editor_fills_the_form_relates_an_entry_and_finds_the_draft(journey, seeded, catalog, portal):
    create_demo_users(portal)
    from django.contrib.auth import get_user_model

    editor_user = get_user_model().objects.get(username="caizheng_editor")
    leader = get_user_model().objects.get(username="leader")
    earlier = new_entry(catalog["budget"], title="2025年部门预算公开", doc_number="清财〔2025〕8号")
    services.force_publish(earlier, leader, "测试")
    for user in (editor_user, leader):
        user.set_password(f"pw-{user.username}")
        user.save()

    editor = journey("journey-editor-form")
    login(editor, editor_user, "信息员")
    editor.goto(f"/admin/pages/add/pages/disclosureentry/{catalog['budget'].pk}/")
    page = editor.page
    text = editor.step("新建公开信息-空白表单")
    for help_text in ("发文字号", "文件落款处的日期", "信息的文种", "涉密信息不得公开", "不要包含身份证号"):
        assert help_text in text, help_text
    page.get_by_placeholder("页面标题").fill(TITLE)
    page.fill("input[name=doc_number]", "清财〔2026〕5号")
    page.select_option("select[name=genre]", label="公告")
    page.select_option("select[name=five_public]", label="结果公开")
    query = page.locator(".gk-related-query")
    query.fill("2025年部门")
    result = page.locator(".gk-related-results li", has_text="2025年部门预算公开")
    result.wait_for()
    editor.step("相关信息-搜索结果")
    result.get_by_role("button", name="关联").click()
    assert page.locator(".gk-related-chosen li", has_text="2025年部门预算公开").is_visible()
    editor.step("相关信息-已关联")

    save = page.locator("footer button.action-save").first
    if not save.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    save.click()
    page.wait_for_url("**/edit/")
    editor.step("草稿已保存")
    entry = DisclosureEntry.objects.get(title=TITLE)
    revision = entry.get_latest_revision_as_object()
    assert [e.pk for e in revision.related_entries.all()] == [earlier.pk]
    assert revision.genre.name == "公告" and revision.doc_number == "清财〔2026〕5号"

    editor.goto("/admin/", "工作台-我的草稿")
    panel = page.locator("#gongkai-my-drafts-content, #gongkai-my-drafts").first
    assert TITLE in panel.inner_text() and "提交审核" in panel.inner_text()
    page.locator("nav").get_by_role("link", name="我的草稿").first.click()
    page.wait_for_url("**/gongkai/my-drafts/")
    text = editor.step("我的草稿")
    assert TITLE in text and "补全内容后点「提交审核」" in text and "删除" in text
