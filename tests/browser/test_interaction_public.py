"""Real browser, phone width: the public pages of 互动交流 a citizen walks — the question form, the
arithmetic question a tripped honeypot brings (nothing typed is lost; the right answer goes
through), the receipt, 常见问题, the consultation list and an opinion sent — each photographed
into test-artifacts/interaction-public/ and checked with axe-core (no serious or critical violation)."""

import datetime
import re

import pytest
from django.core.cache import cache

from interaction import services
from interaction.models import ConsultationComment, Question
from pages.models import DisclosureEntry
from workflows import services as review

from ..factories import ASKER, make_user, new_entry
from .axe import blocking_violations
from .screens import PHONE


@pytest.fixture
def public_interaction(seeded, catalog, portal):
    office = make_user("pub_office")
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission, Page

    group = office.groups.create(name="政务公开办")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for kind in ("publish", "change", "add"):
        GroupPagePermission.objects.create(group=group, page=Page.objects.get(pk=portal.pk), permission_type=kind)
    leader = make_user("pub_leader", portal.leaders_group)
    editor = make_user("pub_editor", catalog["civil"].editors_group)
    question, _ = services.submit_question(portal, dict(ASKER))
    services.assign_question(question, office, catalog["civil"])
    services.answer_question(question, editor, "请携带户口簿、收入证明到民政办申请，5个工作日内受理。")
    entry = services.publish_answer(question, editor)
    review.force_publish(DisclosureEntry.objects.get(pk=entry.pk), leader, "测试发布")
    question.refresh_from_db()
    services.mark_frequently_asked(question, office)
    draft = new_entry(catalog["dibao"], title="测试镇低保审批办法（征求意见稿）", body="<p>起草说明：规范审批。</p>")
    review.force_publish(draft, leader, "测试发布")
    today = datetime.date.today()
    return services.open_consultation(
        portal,
        office,
        title="测试镇低保审批办法",
        draft_entry=DisclosureEntry.objects.get(pk=draft.pk),
        department=catalog["civil"],
        opens_on=today,
        closes_on=today + datetime.timedelta(days=29),
    )


@pytest.mark.django_db(transaction=True)
def test_the_public_interaction_pages_on_a_phone(journey, public_interaction):
    cache.clear()  # the forms' per-address limits live in the cache
    walk = journey("interaction-public", locale="zh-CN", viewport=PHONE)
    page = walk.page
    violations = {}

    def check(label):
        text = walk.step(label)
        violations[label] = blocking_violations(page)
        return text

    walk.goto("/hudong/zixun/")
    check("留言页")
    page.get_by_role("radio", name="咨询").check()
    page.locator("#id_subject").fill("农村危房改造怎么申请")
    page.locator("#id_content").fill("想问农村危房改造补助需要哪些材料？")
    page.locator("#id_asker_name").fill("陈阿婆")
    page.locator("#id_phone").fill("13912345678")
    page.evaluate("document.querySelector('#id_homepage').value = 'http://spam.example'")  # as a program would
    page.get_by_role("button", name="提交留言").click()
    page.wait_for_load_state()
    assert walk.failed_documents == [f"400 POST {walk.live_url}/hudong/zixun/"]
    walk.failed_documents.clear()  # the expected refusal
    text = check("验证问题")
    assert "为确认是本人提交，请回答下面的问题" in text and Question.objects.count() == 1
    assert page.locator("#id_subject").input_value() == "农村危房改造怎么申请"  # nothing typed is lost
    a, b = re.search(r"验证问题：(\d) 加 (\d) 等于几", text).groups()
    page.get_by_label(re.compile("验证问题")).fill(str(int(a) + int(b)))
    page.get_by_role("button", name="提交留言").click()
    page.wait_for_url("**/hudong/zixun/huizhi/")
    check("回执")
    assert Question.objects.filter(subject="农村危房改造怎么申请").exists()

    walk.goto("/hudong/zixun/changjian/")
    page.locator("details.faq summary").first.click()
    text = check("常见问题")
    assert "收入证明" in text and ASKER["phone"] not in text and ASKER["asker_name"] not in text

    walk.goto("/hudong/zhengji/")
    check("意见征集列表")
    page.get_by_role("link", name="测试镇低保审批办法").click()
    page.wait_for_load_state()
    check("征集详情")
    page.get_by_label("意见内容").fill("建议把审批时限缩短到10个工作日。")
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_load_state()
    assert "您的意见已提交" in check("意见已提交")
    assert ConsultationComment.objects.count() == 1
    assert not {k: v for k, v in violations.items() if v}, violations
