"""审核页: the reviewer's and the leader's screen (the entry as the public sees it, the findings,
the history, 审核通过 / 退回修改) and where each decision ends."""

from django.urls import reverse

from pages.publishing.states import disclosure_status
from workflows import services

from ..factories import make_user, new_entry, refreshed

ID_NUMBER = "340104199003071235"


def submitted(catalog, roles, title="2026年部门预算公开", body="<p>本年度预算收入合计128.5万元。</p>"):  # noqa: F811
    entry = new_entry(catalog["budget"], title=title, body=body, doc_number="清财〔2026〕3号")
    entry.save_revision(user=roles["editor"])
    services.submit(refreshed(entry), roles["editor"])
    return refreshed(entry)


def review(client, user, entry, **data):
    client.force_login(user)
    url = reverse("gongkai_review", args=[entry.pk])
    return client.post(url, data) if data else client.get(url)


def confirmation(client, response):
    assert response.status_code == 302
    response = client.get(response.url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    return [str(m) for m in response.context["messages"]]


def test_the_reviewer_sees_the_entry_findings_and_history_and_approves(client, catalog, roles):  # noqa: F811
    entry = submitted(catalog, roles)
    html = review(client, roles["reviewer"], entry).content.decode()
    for text in (
        "部门审核",
        "公众将看到的信息",
        "清财〔2026〕3号",
        "保密审查",
        "个人信息：通过",
        "处理记录",
        "审核通过",
        "退回修改",
        reverse("wagtailadmin_pages:workflow_preview", args=[entry.pk, entry.current_workflow_task.pk]),
    ):
        assert text in html, text
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("gongkai_review", args=[entry.pk]) in home  # the queue leads here

    shown = confirmation(client, review(client, roles["reviewer"], entry, action="approve", comment="同意"))
    assert shown == ["已审核通过，已转领导审批：2026年部门预算公开"]
    assert disclosure_status(refreshed(entry)) == "待领导审批"

    shown = confirmation(client, review(client, roles["leader"], entry, action="approve"))
    entry = refreshed(entry)
    assert entry.live and shown == [f"已发布，索引号 {entry.index_number}：2026年部门预算公开"]


def test_returning_needs_a_comment_and_reaches_the_editor(client, catalog, roles):  # noqa: F811
    entry = submitted(catalog, roles)
    response = review(client, roles["reviewer"], entry, action="reject", comment="  ")
    assert response.status_code == 200 and "退回修改必须填写意见" in response.content.decode()
    assert disclosure_status(refreshed(entry)) == "待部门审核"

    shown = confirmation(client, review(client, roles["reviewer"], entry, action="reject", comment="请补充预算表"))
    assert shown == ["已退回修改：2026年部门预算公开（退回意见已转给信息员）"]
    assert disclosure_status(refreshed(entry)) == "已退回"


def test_four_eyes_and_outsiders_on_the_review_screen(client, catalog, roles):  # noqa: F811
    entry = submitted(catalog, roles)
    # Another department's reviewer and the leader (not this step) may not open it.
    for who in ("other_reviewer", "leader", "civil_editor"):
        response = review(client, roles[who], entry)
        assert response.status_code in (302, 403), who
        response = review(client, roles[who], entry, action="approve")
        assert response.status_code in (302, 403), who
    assert disclosure_status(refreshed(entry)) == "待部门审核"

    # A reviewer who submitted it sees it but has no buttons; a forged POST is refused.
    both = make_user("editor_and_reviewer", catalog["finance"].editors_group, catalog["finance"].reviewers_group)
    entry = new_entry(catalog["budget"], title="本人提交")
    entry.save_revision(user=both)
    services.submit(refreshed(entry), both)
    html = review(client, both, refreshed(entry)).content.decode()
    assert "四眼原则" in html and 'value="approve"' not in html
    response = review(client, both, entry, action="approve")
    assert response.status_code == 200 and "无权" in response.content.decode()
    assert disclosure_status(refreshed(entry)) == "待部门审核"


def test_personal_data_findings_are_on_the_review_screen_masked(client, catalog, roles):  # noqa: F811
    entry = submitted(catalog, roles)
    # Personal data that came in after the submission (an edit by the reviewer is the only way).
    draft = entry.get_latest_revision_as_object()
    draft.body = f"<p>联系人身份证{ID_NUMBER}</p>"
    revision = draft.save_revision(user=roles["editor"])
    state = entry.current_workflow_task_state
    state.revision = revision
    state.save()
    html = review(client, roles["reviewer"], refreshed(entry)).content.decode()
    assert "个人信息：未通过" in html and "身份证" in html
    assert ID_NUMBER not in html.split("<iframe")[0]


def test_a_returned_entry_shows_the_comment_on_its_page_and_the_dashboard(client, catalog, roles):  # noqa: F811
    entry = submitted(catalog, roles)
    services.reject(entry, roles["reviewer"], "请补充预算表")
    client.force_login(roles["editor"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "已退回，待我修改" in home and "请补充预算表" in home
    page = client.get(reverse("wagtailadmin_pages:edit", args=[entry.pk])).content.decode()
    assert "此信息已退回修改" in page and "请补充预算表" in page and "重新提交" in page
    # Nobody else's dashboard lists it.
    client.force_login(roles["civil_editor"])
    assert "请补充预算表" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_approvers_menu_lists_queue_publications_and_decisions(client, catalog, roles):  # noqa: F811
    entry = submitted(catalog, roles)
    client.force_login(roles["editor"])
    decisions_url = reverse("gongkai_review_decisions")  # the sidebar's menu is JSON for its script
    assert decisions_url not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(reverse("gongkai_review_decisions")).status_code == 200  # empty for non-approvers

    client.force_login(roles["leader"])
    assert decisions_url in client.get(reverse("wagtailadmin_home")).content.decode()
    services.approve(entry, roles["reviewer"])
    queue = client.get(reverse("gongkai_review_queue")).content.decode()
    assert reverse("gongkai_review", args=[entry.pk]) in queue
    services.approve(refreshed(entry), roles["leader"], "同意发布")
    entry = refreshed(entry)
    assert entry.index_number in client.get(reverse("gongkai_review_published")).content.decode()
    decisions = client.get(reverse("gongkai_review_decisions")).content.decode()
    assert "领导审批" in decisions and "审核通过" in decisions and "同意发布" in decisions
    assert "暂无待审核的信息" in client.get(reverse("gongkai_review_queue")).content.decode()
