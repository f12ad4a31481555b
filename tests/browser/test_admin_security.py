"""Real browser (issue 12): the admin login locks after 5 wrong passwords with a Chinese message on
the login page, and a reviewer who approves a step somebody else approved meanwhile gets
「已处理」 on the dashboard instead of a refusal. Screenshots under test-artifacts/."""

import pytest

from pages.models import DisclosureEntry
from workflows import services

from ..factories import make_user, new_entry
from .journey import footer_action, login

TITLE = "2026年部门预算公开"


@pytest.mark.django_db(transaction=True)
def test_admin_login_locks_after_five_wrong_passwords(journey, seeded, portal):
    make_user("cz_editor")
    walk = journey("admin-login-lockout")
    walk.goto("/admin/login/", "登录页")
    page = walk.page
    for attempt in range(1, 6):
        page.fill("input[name=username]", "cz_editor")
        page.fill("input[name=password]", f"wrong-{attempt}")
        page.locator("form.login-form button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        if attempt == 1:
            walk.step("密码错误")
            assert "密码不匹配" in page.locator(".messages").inner_text()
    # The lockout page is the login page again, answered with 429: expected here.
    assert any(f.startswith("429 POST") for f in walk.failed_documents)
    walk.failed_documents.clear()
    walk.step("已锁定")
    message = page.locator(".messages").inner_text()
    assert "登录失败次数过多（连续 5 次），该账号或本机地址已被暂时锁定。请 15 分钟后再试" in message
    page.fill("input[name=password]", "pw-cz_editor")  # the right password: still locked
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    walk.failed_documents.clear()
    walk.step("锁定期间正确密码也不能登录")
    assert "已被暂时锁定" in page.locator(".messages").inner_text()
    assert page.url.endswith("/admin/login/")


@pytest.mark.django_db(transaction=True)
def test_approving_a_step_someone_else_approved_says_already_handled(journey, seeded, catalog, portal):
    finance = catalog["finance"]
    editor = make_user("cz_editor", finance.editors_group)
    editor.first_name = "张晓明"
    editor.save()
    first = make_user("cz_reviewer", finance.reviewers_group)
    second = make_user("cz_reviewer2", finance.reviewers_group)
    make_user("zhen_leader", portal.leaders_group)
    entry = new_entry(catalog["budget"], title=TITLE)
    entry.save_revision(user=editor)
    services.submit(DisclosureEntry.objects.get(pk=entry.pk), editor)

    walk = journey("admin-repeated-approval")
    login(walk, second, "部门负责人乙")
    # The edit view's own button (the queue leads to the 审核页, which has its own test).
    walk.goto(f"/admin/pages/{entry.pk}/edit/", "编辑页（乙打开）")
    # Meanwhile the other reviewer approves the same step.
    services.approve(DisclosureEntry.objects.get(pk=entry.pk), first, "同意")
    footer_action(walk.page, "approve")
    walk.page.wait_for_url("**/admin/")
    text = walk.step("已处理")
    assert "已处理：此审核环节已由cz_reviewer于" in text and "审核通过，无需重复操作" in text
    assert "仍需您处理的事项见下方「待我审核」" in text
    assert DisclosureEntry.objects.get(pk=entry.pk).current_workflow_task.name == "领导审批"
