"""Moderation tasks (部门审核 → 领导审批), force publication and public contact numbers."""

import contextvars
from contextlib import contextmanager

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.models import Task, TaskState

from pages.publishing import states

# Four-eyes, refused in the same words by a single approval and by a batch (workflows.bulk_approval).
NOT_YOUR_APPROVAL = "无权审核此信息（提交人或内容作者不能审核本人提交的内容）"


class RejectionForm(forms.Form):
    comment = forms.CharField(
        label="退回意见", widget=forms.Textarea, required=True, error_messages={"required": "退回修改必须填写意见"}
    )


class ApprovalCommentForm(forms.Form):
    comment = forms.CharField(label="审核意见", widget=forms.Textarea, required=False)


def moderation_done_url(task_state):
    from django.urls import reverse

    return reverse("gongkai_moderation_done", args=[task_state.pk])


def forbidden_approvers(obj, task_state=None):
    """Four-eyes: who may not approve this submission (its submitter, the author of its content)."""
    users = set()
    workflow_state = task_state.workflow_state if task_state else obj.current_workflow_state
    if workflow_state and workflow_state.requested_by_id:
        users.add(workflow_state.requested_by_id)
    revision = task_state.revision if task_state and task_state.revision_id else obj.get_latest_revision()
    if revision and revision.user_id:
        users.add(revision.user_id)
    return users


_shared = contextvars.ContextVar("approval_shared_evaluation", default=None)


@contextmanager
def shared_evaluation():
    """For a batch (批量审核): a user's groups and a catalog node's approvers are read once for
    the whole batch instead of once per entry and check; the rules themselves are unchanged."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def _remembered(key, compute):
    memo = _shared.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def user_group_ids(user):
    return _remembered(("groups", user.pk), lambda: set(user.groups.values_list("pk", flat=True)))


class DisclosureApprovalTask(Task):
    """A step whose approvers are groups resolved per entry, under the four-eyes rule."""

    def approver_groups(self, obj):
        raise NotImplementedError

    def _user_in_approver_groups(self, obj, user):
        if not user.is_authenticated or not user.is_active:
            return False
        group_ids = {g.pk for g in self.approver_groups(obj) if g is not None}
        return bool(group_ids & user_group_ids(user))

    def user_can_approve(self, obj, user, task_state=None):
        obj = getattr(obj, "specific", obj)
        return self._user_in_approver_groups(obj, user) and user.pk not in forbidden_approvers(obj, task_state)

    def user_can_access_editor(self, obj, user):
        return self._user_in_approver_groups(getattr(obj, "specific", obj), user)

    def locked_for_user(self, obj, user):
        # Under review the content is locked for everyone but the approvers.
        return not self._user_in_approver_groups(getattr(obj, "specific", obj), user)

    def get_actions(self, obj, user):
        if self.user_can_approve(obj, user):
            return [
                ("reject", "退回修改", True),
                ("approve", "审核通过", False),
                ("approve", "审核通过并填写意见", True),
            ]
        return []

    def get_form_for_action(self, action):
        return RejectionForm if action == "reject" else ApprovalCommentForm

    def on_action(self, task_state, user, action_name, **kwargs):
        from .services import lock_task_state  # services imports this module

        with transaction.atomic():
            # One decision per step: concurrent approvals wait for the lock, then see the step
            # finished and get «已处理» (AlreadyHandled) instead of approving it again.
            task_state = lock_task_state(task_state)
            obj = task_state.workflow_state.content_object.specific
            if action_name in ("approve", "reject") and not self.user_can_approve(obj, user, task_state):
                raise PermissionDenied(NOT_YOUR_APPROVAL)
            if action_name == "reject" and not (kwargs.get("comment") or "").strip():
                raise PermissionDenied("退回修改必须填写意见")
            super().on_action(task_state, user, action_name, **kwargs)
        # Wagtail's workflow action view redirects here: a confirmation on the dashboard (the
        # approver's queue) instead of the edit view, which a leader may no longer open once the
        # entry is published (对不起，你没有权限访问).
        return moderation_done_url(task_state)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = TaskState.objects.filter(task=self, status=TaskState.STATUS_IN_PROGRESS).select_related(
            "workflow_state", "revision"
        )
        allowed = [s.pk for s in states if self.user_can_approve(s.workflow_state.content_object, user, s)]
        return TaskState.objects.filter(pk__in=allowed)

    class Meta:
        abstract = True


class DepartmentReviewTask(DisclosureApprovalTask):
    """部门审核: reviewers of the department that owns the entry's catalog node."""

    status_label = states.PENDING_DEPARTMENT  # the entry's state while this task is current

    def approver_groups(self, obj):
        from pages.permissions import owner_department

        def compute():
            department = owner_department(obj)
            return [department.reviewers_group] if department and department.active else []

        # The owner is the entry's catalog node's department (or the entry's own): one per node.
        return _remembered(("reviewers", (obj.path or "")[: -obj.steplen], obj.department_id), compute)

    @classmethod
    def get_description(cls):
        return "由信息所在目录的责任部门负责人审核（按每条信息分别确定）"

    class Meta:
        verbose_name = verbose_name_plural = "部门审核"


class LeaderApprovalTask(DisclosureApprovalTask):
    """领导审批: the leaders' group of the entry's portal."""

    status_label = states.PENDING_LEADER

    def start(self, workflow_state, user=None):
        # A resubmission after 退回修改 starts again at 部门审核: the leader step
        # only opens on a department approval of the latest revision given after
        # the last rejection in this submission.
        states = workflow_state.task_states.all()
        last_rejection = states.filter(status=TaskState.STATUS_REJECTED).order_by("-finished_at").first()
        department_ok = states.filter(
            status=TaskState.STATUS_APPROVED,
            task__in=DepartmentReviewTask.objects.all(),
            revision=workflow_state.content_object.get_latest_revision(),
        )
        if last_rejection:
            department_ok = department_ok.filter(finished_at__gt=last_rejection.finished_at)
        department_task = DepartmentReviewTask.objects.filter(workflow_tasks__workflow=workflow_state.workflow).first()
        if department_task is not None and not department_ok.exists():
            return department_task.start(workflow_state, user=user)
        return super().start(workflow_state, user=user)

    def approver_groups(self, obj):
        def compute():
            portal = getattr(obj, "portal", None)
            return [portal.leaders_group] if portal and portal.leaders_group_id else []

        return _remembered(("leaders", obj.portal_id), compute)

    @classmethod
    def get_description(cls):
        return "由本机关领导审批组审批"

    class Meta:
        verbose_name = verbose_name_plural = "领导审批"
