"""批量审批 in Chromium (issue 19): a department reviewer passes three entries of the 待我审核 queue
with one button, then the leader ticks all three and approves them: two are published, the one
the guards stop goes back to its editor, and the message says which and why."""

import pytest
from django.contrib.auth.models import Permission

from pages.models import ContentSafetyTerm, DisclosureEntry
from workflows.services import submit_many

from ..factories import make_user, new_entry
from .journey import login

QUEUE = "/admin/gongkai/review/queue/"
TITLES = ["2026年部门预算公开", "2026年三公经费预算公开", "2026年政府采购意向公开"]


def approve_all(journey, label):
    journey.goto(QUEUE, f"{label}-待我审核")
    journey.page.locator("#select-all").check()
    journey.step(f"{label}-全选")
    journey.page.get_by_role("button", name="批量审批（审核通过所选信息）").click()
    journey.page.wait_for_url(journey.live_url + QUEUE)
    return journey.step(f"{label}-结果")


@pytest.mark.django_db(transaction=True)
def test_a_reviewer_and_a_leader_approve_a_queue_in_one_go(journey, seeded, catalog, portal):
    editor = make_user("batch_editor", catalog["finance"].editors_group)
    reviewer = make_user("batch_reviewer", catalog["finance"].reviewers_group)
    leader = make_user("batch_leader", portal.leaders_group)
    for user in (reviewer, leader):
        user.groups.create(name=f"{user.username}-admin").permissions.add(
            Permission.objects.get(codename="access_admin")
        )
    entries = [new_entry(catalog["budget"], title=title) for title in TITLES]
    assert len(submit_many(entries, editor).passed) == 3

    walk = journey("batch-approval", locale="zh-CN")
    login(walk, reviewer, "部门负责人")
    text = approve_all(walk, "部门审核")
    assert "批量审批：3条审核通过" in text and "暂无待审核的信息" in text

    ContentSafetyTerm.objects.create(term="三公经费", kind="sensitive")  # the office's new 敏感词
    walk.context.clear_cookies()
    login(walk, leader, "领导")
    text = approve_all(walk, "领导审批")
    assert f"批量审批：2条审核通过：{TITLES[0]}、{TITLES[2]}" in text
    assert f"未通过：{TITLES[1]}：未发布，已退回信息员修改：" in text and "三公经费" in text
    live = set(DisclosureEntry.objects.filter(live=True).exclude(index_number=None).values_list("title", flat=True))
    assert live == {TITLES[0], TITLES[2]}
