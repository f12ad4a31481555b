"""Moderation services: plain functions the admin views, the API and tests call.

Each returns or raises with a Chinese message; none needs an HTTP request.

Every transition happens once: it runs in one transaction that first locks the entry's page row
(``_lock_entry``; the approval steps also lock their task state, ``lock_task_state``) and then
re-reads the state it acts on. Of concurrent or repeated requests for the same transition the
first does it; the others raise ``AlreadyHandled`` («已处理…») and change nothing, log nothing
and mail nobody. (SQLite: transactions are IMMEDIATE, so writers queue the same way.)
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page, TaskState, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from pages.models import ForcedPublication
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


class AlreadyHandled(PermissionDenied):
    """The transition was already taken, by a concurrent or an earlier request: nothing is done
    again. A PermissionDenied, so callers that show refusals show this one too (the API: 409)."""


def _lock_entry(entry):
    """Lock the entry's page row until the transaction ends and re-read it (in place: callers
    keep using their object) as the previous holder of the lock left it."""
    list(Page.objects.select_for_update().filter(pk=entry.pk).values_list("pk", flat=True))
    entry.refresh_from_db()
    return entry


TASK_OUTCOMES = {
    TaskState.STATUS_APPROVED: "审核通过",
    TaskState.STATUS_REJECTED: "退回修改",
    TaskState.STATUS_CANCELLED: "取消",
    TaskState.STATUS_SKIPPED: "跳过",
}


def lock_task_state(task_state):
    """For the approval tasks' ``on_action`` (admin and API alike): lock the page row and the task
    state, re-read it, and refuse with «已处理» when somebody finished the step meanwhile."""
    workflow_state = task_state.workflow_state
    list(Page.objects.select_for_update().filter(pk=workflow_state.object_id).values_list("pk", flat=True))
    fresh = TaskState.objects.select_for_update().get(pk=task_state.pk)
    if fresh.status != TaskState.STATUS_IN_PROGRESS:
        raise step_already_handled(fresh)
    return fresh.specific


def step_already_handled(task_state):
    """«已处理» for a step somebody finished already (the single and the batch path)."""
    who = task_state.finished_by.get_username() if task_state.finished_by_id else "他人"
    outcome = TASK_OUTCOMES.get(task_state.status, "处理")
    return AlreadyHandled(f"已处理：此审核环节已由{who}{outcome}，无需重复操作")


def _not_in_review(entry):
    """Why there is no step to act on: «已处理» when the submission was just finished."""
    last = WorkflowState.objects.for_instance(entry).order_by("-created_at", "-pk").first()
    if last is not None and last.status == WorkflowState.STATUS_APPROVED:
        return AlreadyHandled("已处理：此信息的审核已全部通过，无需重复操作")
    if last is not None and last.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return AlreadyHandled("已处理：此信息已被退回修改，无需重复操作")
    return PermissionDenied("此信息不在审核中")


@transaction.atomic
def submit(entry, user):
    """提交审核: start the workflow on the latest revision."""
    entry = _lock_entry(entry)
    may_submit(entry, user)
    return entry.get_workflow().start(entry, user)


def may_submit(entry, user):
    """Refuse (PermissionDenied, AlreadyHandled, ValidationError) what ``submit`` may not start."""
    perms = entry.permissions_for_user(user)
    _require(perms.can_edit(), "无权编辑此信息")
    if entry.workflow_in_progress:
        raise AlreadyHandled("已处理：此信息已提交审核，无需重复提交")
    _require(perms.can_submit_for_moderation(), "此信息已在审核中或无需审核")
    check = check_publication(entry.get_latest_revision_as_object())
    if not (check.passed or check.only_held):  # held attachments are confirmed during the review
        raise ValidationError("保密审查未通过，不能提交：" + check.summary())


@transaction.atomic
def resubmit(entry, user):
    """重新提交 after 退回修改: the same submission resumes, starting again at 部门审核."""
    entry = _lock_entry(entry)
    workflow_state = entry.current_workflow_state
    if workflow_state is not None and workflow_state.status == workflow_state.STATUS_IN_PROGRESS:
        raise AlreadyHandled("已处理：此信息已重新提交审核，无需重复提交")
    _require(
        workflow_state is not None and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES,
        "此信息不在退回状态",
    )
    _require(entry.permissions_for_user(user).can_edit(), "无权编辑此信息")
    check = check_publication(entry.get_latest_revision_as_object())
    if not (check.passed or check.only_held):  # held attachments are confirmed during the review
        raise ValidationError("保密审查未通过，不能提交：" + check.summary())
    return workflow_state.resume(user=user)


@transaction.atomic
def _act(entry, user, action, comment=""):
    entry = _lock_entry(entry)
    task_state = entry.current_workflow_task_state
    if task_state is None:
        raise _not_in_review(entry)
    task = task_state.task.specific
    _require(action in [name for name, _, _ in task.get_actions(entry, user)], "无权执行此审核操作")
    task.on_action(task_state, user, action, comment=comment)  # locks and re-reads the task state
    return task_state


def approve(entry, user, comment=""):
    return _act(entry, user, "approve", comment)


def reject(entry, user, comment):
    if not (comment or "").strip():
        raise ValidationError("退回修改必须填写意见")
    return _act(entry, user, "reject", comment)


@transaction.atomic
def force_publish(entry, user, reason):
    """强制发布: leaders and admins only, reason mandatory, guards still apply, flagged until confirmed."""
    _require(is_leader(user, entry), "只有领导或管理员可以强制发布")
    entry = _lock_entry(entry)
    revision = entry.get_latest_revision()
    if entry.live and entry.live_revision_id == revision.pk:
        raise AlreadyHandled("已处理：此信息的当前版本已发布，无需强制发布")
    # The rule /workflow/ and the admin offer (EntryPermissionTester.can_force_publish): only an
    # entry that is not live. An edit of a published entry goes through review (issue 12).
    _require(not entry.live, "已发布信息的修改须提交审核，不能强制发布")
    return ForcePublishAction(revision, user, reason).execute()


@transaction.atomic
def confirm_forced_publication(record, user):
    """事后复核: someone other than the one who forced it approves retrospectively."""
    record = ForcedPublication.objects.select_for_update().get(pk=record.pk)
    if record.confirmed_at is not None:
        raise AlreadyHandled("已处理：该强制发布已复核，无需重复复核")
    _require(user.pk != record.forced_by_id, "强制发布须由他人复核")
    _require(is_leader(user, record.entry), "只有领导或管理员可以复核强制发布")
    record.confirmed_by, record.confirmed_at = user, timezone.now()
    record.save(update_fields=["confirmed_by", "confirmed_at"])
    log(instance=record.entry, action=CONFIRM_LOG_ACTION, user=user, data={"reason": record.reason})
    return record


@transaction.atomic
def retract(entry, user, reason):
    """撤回: off every public output, 索引号 kept reserved, reason mandatory, audit-logged."""
    _require(is_leader(user, entry), "只有领导或管理员可以撤回")
    entry = _lock_entry(entry)
    if not entry.live and entry.retracted_at:
        raise AlreadyHandled("已处理：此信息已撤回，无需重复撤回")
    return RetractEntryAction(entry, user, reason).execute()


# -- batches (批量提交, 批量审核, 批量审批) ---------------------------------------------------------


class BatchResult:
    """What a batch did, entry by entry: ``passed``, ``already`` (done before: nothing done again)
    and ``refused`` — (entry, reason in Chinese) for the last two."""

    def __init__(self):
        self.passed, self.already, self.refused = [], [], []

    def summary(self):
        parts = [f"{len(self.passed)}条已处理成功"]
        if self.already:
            parts.append(f"{len(self.already)}条此前已处理")
        if self.refused:
            parts.append(f"{len(self.refused)}条未通过")
        return "，".join(parts)


def _reason(exc):
    messages = getattr(exc, "messages", None)
    return "；".join(messages) if messages else str(exc)


def submit_many(entries, user):
    """批量提交: ``submit``'s checks for each entry, the rows in bulk (``workflows.bulk``)."""
    from .bulk import submit_many as in_bulk

    return in_bulk(entries, user)


def approve_many(entries, user, comment=""):
    """批量审核 / 批量审批: ``approve``'s rules for each entry (the step's approvers, four-eyes, the
    guards at publication), the rows in bulk (``workflows.bulk``). An entry the guards stop at its
    last approval goes back to its editor, as with ``approve``, and is reported as refused."""
    from .bulk_approval import approve_many as in_bulk

    return in_bulk(entries, user, comment)


def finish_refusal(entry, workflow_state):
    """Why an approval that finished the workflow did not publish (None when nothing stopped it)."""
    workflow_state.refresh_from_db(fields=["status"])
    if workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    verdict = check_publication(entry.get_latest_revision().as_object())
    reason = verdict.summary() if not verdict.passed else "须经部门审核和领导审批后才能发布"
    return "未发布，已退回信息员修改：" + reason
