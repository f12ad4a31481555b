"""The moderation chain end to end through the admin's HTTP views, for every role."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, TaskState

from pages.models import DisclosureEntry, ForcedPublication
from pages.publishing.guards import check_publication
from pages.publishing.states import disclosure_status
from workflows import services

from ..factories import form_data, new_entry, refreshed, submit_over_http


def act(client, user, entry, action, comment=None):
    client.force_login(user)
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    task_state = entry.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[entry.pk, action, task_state.pk])
    data = {} if comment is None else {"comment": comment}
    return client.post(url, data)


def denied(response):
    """Wagtail's admin answers PermissionDenied with 403 or a redirect to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def test_full_chain_over_http(client, catalog, roles, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the approvers are told once it committed
        entry = submit_over_http(client, roles["editor"], catalog["budget"])
    assert disclosure_status(entry) == "待部门审核"
    # Reviewers of the owning department were told, nobody else.
    assert [m.to for m in mail.outbox] == [["reviewer@example.invalid"]]
    assert "部门审核" in mail.outbox[0].subject

    # The editor, the other department's reviewer and the leader cannot approve this step.
    for who in ("editor", "other_reviewer", "leader"):
        assert denied(act(client, roles[who], entry, "approve")), who
    assert disclosure_status(refreshed(entry)) == "待部门审核"

    with django_capture_on_commit_callbacks(execute=True):
        assert act(client, roles["reviewer"], entry, "approve").status_code == 302
    entry = refreshed(entry)
    assert disclosure_status(entry) == "待领导审批" and not entry.live
    assert {m.to[0] for m in mail.outbox[1:]} == {"leader@example.invalid", "leader2@example.invalid"}

    assert denied(act(client, roles["reviewer"], entry, "approve"))
    assert act(client, roles["leader"], entry, "approve").status_code == 302
    entry = refreshed(entry)
    assert entry.live and entry.index_number == "000014349/%d-00001" % timezone.localdate().year
    assert disclosure_status(entry) == "已发布（有效）"

    actions = list(
        PageLogEntry.objects.filter(page=entry).order_by("timestamp").values_list("action", "user__username")
    )
    assert ("wagtail.workflow.start", "editor") in actions
    assert ("wagtail.workflow.approve", "reviewer") in actions
    assert ("wagtail.workflow.approve", "leader") in actions
    assert ("gongkai.publication_check", "leader") in actions
    assert ("wagtail.publish", "leader") in actions
    # The history page renders the chain in Chinese.
    client.force_login(roles["superuser"])
    history = client.get(reverse("wagtailadmin_pages:history", args=[entry.pk])).content.decode()
    assert "保密审查通过" in history


def test_reject_needs_comment_and_returns_to_editor(client, catalog, roles):
    entry = submit_over_http(client, roles["editor"], catalog["budget"])
    act(client, roles["reviewer"], entry, "reject", comment="")
    assert disclosure_status(refreshed(entry)) == "待部门审核"  # nothing happened
    with pytest.raises(ValidationError, match="退回修改必须填写意见"):
        services.reject(refreshed(entry), roles["reviewer"], "  ")
    assert act(client, roles["reviewer"], entry, "reject", comment="请补充预算表附件").status_code == 302
    entry = refreshed(entry)
    assert disclosure_status(entry) == "已退回"
    state = TaskState.objects.filter(workflow_state__object_id=str(entry.pk), status="rejected").get()
    assert state.comment == "请补充预算表附件"
    client.force_login(roles["editor"])
    assert "请补充预算表附件" in client.get(reverse("wagtailadmin_pages:edit", args=[entry.pk])).content.decode()

    # Resubmission starts again at department review.
    entry.title = "2026年部门预算公开（补充附件）"
    entry.save_revision(user=roles["editor"])
    refreshed(entry).current_workflow_state.resume(user=roles["editor"])
    assert disclosure_status(refreshed(entry)) == "待部门审核"


def test_four_eyes_even_for_a_superuser_in_every_group(client, catalog, roles, portal):
    boss = roles["superuser"]
    boss.groups.add(catalog["finance"].reviewers_group, portal.leaders_group)
    entry = new_entry(catalog["budget"])
    entry.save_revision(user=boss)
    services.submit(refreshed(entry), boss)
    assert denied(act(client, boss, entry, "approve"))
    with pytest.raises(PermissionDenied, match="无权执行此审核操作"):
        services.approve(refreshed(entry), boss)
    # Someone else may; then the superuser still cannot take the leader step.
    services.approve(refreshed(entry), roles["reviewer"])
    assert denied(act(client, boss, entry, "approve"))
    services.approve(refreshed(entry), roles["leader"])
    assert refreshed(entry).live


def test_author_of_the_submitted_revision_cannot_approve_it(catalog, roles):
    """A reviewer who edits the content during review becomes its author, not its checker."""
    entry = new_entry(catalog["budget"])
    entry.save_revision(user=roles["editor"])
    services.submit(refreshed(entry), roles["editor"])
    edited = refreshed(entry).get_latest_revision_as_object()
    edited.title = "负责人改过的标题"
    edited.save_revision(user=roles["reviewer"])
    with pytest.raises(PermissionDenied, match="无权执行此审核操作"):
        services.approve(refreshed(entry), roles["reviewer"])


def test_nobody_publishes_directly(client, catalog, roles):
    entry = new_entry(catalog["budget"], title="直接发布尝试")
    for who in ("editor", "reviewer", "leader", "admin", "superuser"):
        client.force_login(roles[who])
        data = form_data("直接发布尝试")
        data["action-publish"] = "action-publish"
        client.post(reverse("wagtailadmin_pages:edit", args=[entry.pk]), data)
        assert not refreshed(entry).live, who
        # What was saved is publishable content: only the approval layer kept it off the site.
        latest = refreshed(entry).get_latest_revision()
        assert check_publication(latest.as_object()).passed, (who, check_publication(latest.as_object()).summary())
    assert refreshed(entry).get_latest_revision().user == roles["superuser"]  # every attempt was saved
    # Bulk publish (admin listing bulk action) skips entries too.
    client.force_login(roles["superuser"])
    client.post(f"/admin/bulk/wagtailcore/page/publish/?id={entry.pk}", {"include_descendants": ""})
    assert not refreshed(entry).live


def test_force_publish_and_retrospective_confirmation(client, catalog, roles):
    entry = new_entry(catalog["budget"], title="紧急通知")
    url = reverse("gongkai_force_publish", args=[entry.pk])
    client.force_login(roles["editor"])
    assert denied(client.get(url))
    client.force_login(roles["reviewer"])
    assert denied(client.post(url, {"reason": "紧急"}))
    client.force_login(roles["leader"])
    assert client.post(url, {"reason": ""}).status_code == 200  # form error, nothing published
    assert not refreshed(entry).live
    assert client.post(url, {"reason": "防汛紧急通知，领导口头同意"}).status_code == 302
    entry = refreshed(entry)
    assert entry.live and entry.index_number
    record = ForcedPublication.objects.get(entry=entry)
    assert record.flagged and record.reason == "防汛紧急通知，领导口头同意"
    assert PageLogEntry.objects.filter(page=entry, action="gongkai.force_publish", user=roles["leader"]).exists()

    # The dashboard lists it; its author cannot confirm it, another leader can.
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "强制发布待复核" in home and "紧急通知" in home
    confirm = reverse("gongkai_confirm_forced", args=[record.pk])
    client.post(confirm)
    assert ForcedPublication.objects.get(pk=record.pk).flagged
    client.force_login(roles["leader2"])
    client.post(confirm)
    assert not ForcedPublication.objects.get(pk=record.pk).flagged


def test_force_publish_cannot_override_the_guards(catalog, roles):
    entry = new_entry(catalog["budget"], classification="机密", classified_on=datetime.date(2024, 1, 1))
    with pytest.raises(Exception, match="保密审查未通过"):
        services.force_publish(entry, roles["superuser"], "理由")
    assert not refreshed(entry).live and not ForcedPublication.objects.exists()


def test_retract_keeps_number_and_leaves_every_public_page(client, catalog, roles):
    entry = new_entry(catalog["budget"], title="将被撤回的信息")
    services.force_publish(entry, roles["leader"], "测试")
    entry = refreshed(entry)
    number, url = entry.index_number, entry.url
    assert client.get(url).status_code == 200
    client.force_login(roles["editor"])
    assert denied(client.post(reverse("gongkai_retract", args=[entry.pk]), {"reason": "x"}))
    client.force_login(roles["admin"])
    client.post(reverse("gongkai_retract", args=[entry.pk]), {"reason": "内容有误，撤回更正"})
    entry = refreshed(entry)
    assert not entry.live and entry.index_number == number and entry.retraction_reason == "内容有误，撤回更正"
    assert disclosure_status(entry) == "已撤回"
    client.logout()
    assert client.get(url).status_code == 404
    assert "将被撤回的信息" not in client.get(catalog["budget"].url).content.decode()
    assert PageLogEntry.objects.filter(page=entry, action="gongkai.retract", user=roles["admin"]).exists()


def test_lapsed_entry_stays_public_and_marked(client, catalog, roles):
    entry = new_entry(catalog["budget"], title="旧办法", validity="废止", expired_on=datetime.date(2025, 6, 1))
    services.force_publish(entry, roles["leader"], "历史文件")
    html = client.get(refreshed(entry).url).content.decode()
    assert "已废止" in html and "2025-06-01" in html
    assert disclosure_status(refreshed(entry)) == "已发布（废止）"


def test_guard_failure_at_the_last_step_returns_the_entry(catalog, roles):
    from pages.models import PublicContactNumber

    PublicContactNumber.objects.create(number="13800001111", owner="值班室")
    entry = new_entry(catalog["budget"], body="<p>值班手机13800001111（公开）</p>")
    entry.save_revision(user=roles["editor"])
    services.submit(refreshed(entry), roles["editor"])  # the office number is not personal data
    services.approve(refreshed(entry), roles["reviewer"])
    PublicContactNumber.objects.all().delete()  # the office withdraws it before the leader signs
    services.approve(refreshed(entry), roles["leader"])
    entry = refreshed(entry)
    assert not entry.live and disclosure_status(entry) == "已退回"
    assert PageLogEntry.objects.filter(page=entry, action="gongkai.publication_refused").exists()


def test_scheduled_publication_passes_the_same_checks(catalog, roles):
    approved = new_entry(catalog["budget"], title="定时发布")
    approved.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    approved.save_revision(user=roles["editor"])
    services.submit(refreshed(approved), roles["editor"])
    services.approve(refreshed(approved), roles["reviewer"])
    services.approve(refreshed(approved), roles["leader"])
    assert not refreshed(approved).live and disclosure_status(refreshed(approved)) == "已批准，待定时发布"

    sneaky = new_entry(catalog["budget"], title="未经审批的定时发布")
    revision = sneaky.get_latest_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()

    # Let the hour pass: the approved revision is now due.
    past = timezone.now() - datetime.timedelta(minutes=1)
    rev = refreshed(approved).get_latest_revision()
    assert rev.approved_go_live_at is not None
    rev.approved_go_live_at = past
    rev.content["go_live_at"] = past.isoformat()
    rev.save()
    DisclosureEntry.objects.filter(pk=approved.pk).update(go_live_at=past)
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    assert refreshed(approved).live and refreshed(approved).index_number
    assert not refreshed(sneaky).live
    assert PageLogEntry.objects.filter(page=sneaky, action="gongkai.publication_refused").exists()


def test_moderation_queue_panel(client, catalog, roles):
    first = new_entry(catalog["budget"], title="较早提交")
    first.save_revision(user=roles["editor"])
    services.submit(refreshed(first), roles["editor"])
    civil_entry = new_entry(catalog["dibao"], title="民政办提交")
    civil_entry.save_revision(user=roles["civil_editor"])
    services.submit(refreshed(civil_entry), roles["civil_editor"])

    client.force_login(roles["reviewer"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "待我审核" in html and "较早提交" in html and "民政办提交" not in html
    client.force_login(roles["other_reviewer"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "民政办提交" in html and "较早提交" not in html
    # The submitter sees nothing to approve, even as a reviewer of the department (four-eyes).
    roles["editor"].groups.add(catalog["finance"].reviewers_group)
    client.force_login(roles["editor"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "暂无待审核的信息" in html
    # Department filter.
    roles["leader"].groups.add(catalog["finance"].reviewers_group, catalog["civil"].reviewers_group)
    client.force_login(roles["leader"])
    html = client.get(reverse("wagtailadmin_home") + f"?queue_dept={catalog['civil'].pk}").content.decode()
    assert "民政办提交" in html and "较早提交" not in html


def test_status_is_shown_in_the_admin_listing(client, catalog, roles):
    entry = new_entry(catalog["budget"], title="列表状态")
    entry.save_revision(user=roles["editor"])
    services.submit(refreshed(entry), roles["editor"])
    client.force_login(roles["superuser"])
    html = client.get(reverse("wagtailadmin_explore", args=[catalog["budget"].pk])).content.decode()
    assert "待部门审核" in html


def test_scheduler_task_and_beat_schedule(catalog, roles):
    from django.conf import settings

    from workflows.tasks import publish_scheduled_entries

    assert settings.CELERY_BEAT_SCHEDULE["publish-scheduled"]["schedule"] == 60.0
    entry = new_entry(catalog["budget"], title="经Celery定时发布")
    services.force_publish(entry, roles["leader"], "测试")
    services.retract(refreshed(entry), roles["leader"], "改为定时")
    # A forced revision scheduled for the past is published by the Celery task (eager here).
    record = ForcedPublication.objects.get(entry=entry)
    record.revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    record.revision.save()
    publish_scheduled_entries.delay()
    assert refreshed(entry).live and refreshed(entry).retracted_at is None


def test_edit_after_approval_needs_approval_again(catalog, roles):
    entry = new_entry(catalog["budget"], title="审核中修改")
    entry.save_revision(user=roles["editor"])
    services.submit(refreshed(entry), roles["editor"])
    services.approve(refreshed(entry), roles["reviewer"])
    # The leader edits before signing: the department must look at the new text again.
    draft = refreshed(entry).get_latest_revision_as_object()
    draft.body = "<p>领导修改后的正文</p>"
    draft.save_revision(user=roles["leader2"])
    services.approve(refreshed(entry), roles["leader"])
    entry = refreshed(entry)
    assert not entry.live and disclosure_status(entry) == "待部门审核"
    services.approve(entry, roles["reviewer"])
    services.approve(refreshed(entry), roles["leader"])
    assert refreshed(entry).live and "领导修改后的正文" in refreshed(entry).body


def test_resubmission_after_leader_rejection_restarts_at_department_review(client, catalog, roles):
    entry = new_entry(catalog["budget"], title="领导退回")
    entry.save_revision(user=roles["editor"])
    services.submit(refreshed(entry), roles["editor"])
    services.approve(refreshed(entry), roles["reviewer"])
    services.reject(refreshed(entry), roles["leader"], "数据需与决算一致")
    assert disclosure_status(refreshed(entry)) == "已退回"
    with pytest.raises(PermissionDenied, match="无权编辑此信息"):
        services.resubmit(refreshed(entry), roles["other_reviewer"])
    services.resubmit(refreshed(entry), roles["editor"])  # even unchanged: department looks again
    assert disclosure_status(refreshed(entry)) == "待部门审核"
    services.approve(refreshed(entry), roles["reviewer"])
    assert disclosure_status(refreshed(entry)) == "待领导审批"
    services.approve(refreshed(entry), roles["leader"])
    assert refreshed(entry).live


def test_later_edit_by_an_approver_does_not_unapprove_the_live_revision(catalog, roles):
    """Found by the property test: approvals are judged per submission and revision."""
    from pages.publishing.pipeline import approved_for

    entry = new_entry(catalog["budget"], title="已发布后再修改")
    entry.save_revision(user=roles["editor"])
    services.submit(refreshed(entry), roles["editor"])
    services.approve(refreshed(entry), roles["reviewer"])
    services.approve(refreshed(entry), roles["leader"])
    live_revision = refreshed(entry).live_revision
    draft = refreshed(entry).get_latest_revision_as_object()
    draft.title = "负责人后来的修改"
    draft.save_revision(user=roles["reviewer"])
    services.submit(refreshed(entry), roles["reviewer"])
    assert approved_for(live_revision)
