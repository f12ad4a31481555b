"""Moderation services: plain functions the admin views, the API and tests call.

Each returns or raises with a Chinese message; none needs an HTTP request.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from pages.permissions import is_leader
from pages.publishing.force_action import FORCE_LOG_ACTION, ForcePublishAction  # noqa: F401
from pages.publishing.guards import check_publication
from pages.publishing.retract_action import RETRACT_LOG_ACTION, RetractEntryAction  # noqa: F401

from .models import DepartmentReviewTask, LeaderApprovalTask

WORKFLOW_NAME = "部门审核 → 领导审批"
CONFIRM_LOG_ACTION = "gongkai.force_publish_confirmed"


@transaction.atomic
def disclosure_workflow():
    """The one workflow: 部门审核, then 领导审批 (created once, reused by every portal)."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        department = DepartmentReviewTask.objects.create(name="部门审核")
        leader = LeaderApprovalTask.objects.create(name="领导审批")
        WorkflowTask.objects.create(workflow=workflow, task=department, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=leader, sort_order=1)
    return workflow


def ensure_portal_workflow(portal):
    WorkflowPage.objects.get_or_create(page_id=portal.pk, defaults={"workflow": disclosure_workflow()})


def _require(condition, message):
    if not condition:
        raise PermissionDenied(message)


def submit(entry, user):
    """提交审核: start the workflow on the latest revision."""
    perms = entry.permissions_for_user(user)
    _require(perms.can_edit(), "无权编辑此信息")
    _require(perms.can_submit_for_moderation(), "此信息已在审核中或无需审核")
    check = check_publication(entry.get_latest_revision_as_object())
    if not check.passed:
        raise ValidationError("保密审查未通过，不能提交：" + check.summary())
    return entry.get_workflow().start(entry, user)


def resubmit(entry, user):
    """重新提交 after 退回修改: the same submission resumes, starting again at 部门审核."""
    workflow_state = entry.current_workflow_state
    _require(
        workflow_state is not None and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES,
        "此信息不在退回状态",
    )
    _require(entry.permissions_for_user(user).can_edit(), "无权编辑此信息")
    check = check_publication(entry.get_latest_revision_as_object())
    if not check.passed:
        raise ValidationError("保密审查未通过，不能提交：" + check.summary())
    return workflow_state.resume(user=user)


def _act(entry, user, action, comment=""):
    task_state = entry.current_workflow_task_state
    _require(task_state is not None, "此信息不在审核中")
    task = task_state.task.specific
    _require(action in [name for name, _, _ in task.get_actions(entry, user)], "无权执行此审核操作")
    task.on_action(task_state, user, action, comment=comment)
    return task_state


def approve(entry, user, comment=""):
    return _act(entry, user, "approve", comment)


def reject(entry, user, comment):
    if not (comment or "").strip():
        raise ValidationError("退回修改必须填写意见")
    return _act(entry, user, "reject", comment)


def force_publish(entry, user, reason):
    """强制发布: leaders and admins only, reason mandatory, guards still apply, flagged until confirmed."""
    return ForcePublishAction(entry.get_latest_revision(), user, reason).execute()


@transaction.atomic
def confirm_forced_publication(record, user):
    """事后复核: someone other than the one who forced it approves retrospectively."""
    _require(record.confirmed_at is None, "该强制发布已复核")
    _require(user.pk != record.forced_by_id, "强制发布须由他人复核")
    _require(is_leader(user, record.entry), "只有领导或管理员可以复核强制发布")
    record.confirmed_by, record.confirmed_at = user, timezone.now()
    record.save(update_fields=["confirmed_by", "confirmed_at"])
    log(instance=record.entry, action=CONFIRM_LOG_ACTION, user=user, data={"reason": record.reason})
    return record


def retract(entry, user, reason):
    """撤回: off every public output, 索引号 kept reserved, reason mandatory, audit-logged."""
    return RetractEntryAction(entry, user, reason).execute()
