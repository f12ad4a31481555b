"""批量审核 / 批量审批 in bulk (issue 19): see ``workflows.bulk``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import PageLogEntry, TaskState, WorkflowState
from wagtail.signals import task_approved, workflow_approved

from pages.publishing.approval import approved_revisions
from pages.publishing.batch_action import eligible, publish_revisions
from pages.publishing.guards import check_publication

from .bulk import SUCCESSFUL, Batch, log_row, open_tasks, prime, task_data, workflow_tasks
from .models import NOT_YOUR_APPROVAL, DepartmentReviewTask, LeaderApprovalTask
from .services import _act, _not_in_review, step_already_handled


def approve_many(entries, user, comment=""):
    """批量审核 / 批量审批: each entry checked as ``approve`` checks it (the step's approvers,
    four-eyes, «已处理»); the accepted steps finished with one UPDATE, their records in bulk,
    the next step opened in bulk or, at the last step, each workflow finished (publication, the
    guards: an entry they stop goes back to its editor and is reported refused)."""
    with Batch(entries) as batch:
        locked = batch.lock()
        current = _current_task_states(locked)
        prime(locked, batch.digest)
        done = _successful(current.values())
        step, memo, refused_at_finish = [], {}, {}
        for entry in locked:
            try:
                task_state, latest = _may_approve(entry, user, current.get(entry.pk), memo)
            except (PermissionDenied, ValidationError) as exc:
                batch.refuse(entry, exc)
                continue
            if latest is not None and latest.pk == task_state.revision_id:
                task_state.revision = latest  # the same row, its page primed
            nxt = _next_task(task_state, latest, memo, done)
            if nxt is None:  # the last step publishes: the revision's object, checked before any write
                task_state.publishing = obj = entry.with_content_json(task_state.revision.content)  # as_object()
                obj._cached_parent_obj = entry._cached_parent_obj
                if not eligible(entry, obj):
                    nxt = False
            if nxt is False:
                batch.one_at_a_time(entry, lambda e: _approve_one(e, user, comment))
            else:
                step.append((entry, task_state, nxt))
        _finish_steps(step, user, comment, refused_at_finish)
        batch.digest.keep()
        for entry, *_ in step:
            reason = refused_at_finish.get(entry.pk)
            batch.outcomes[entry.pk] = ("passed", None) if reason is None else ("refused", reason)
    return batch.result(entries)


def _current_task_states(entries):
    """entry pk → its in-progress workflow state's current task state (locked), as Wagtail's
    ``current_workflow_task_state`` finds it, with the rows the checks read."""
    if not entries:
        return {}
    base = entries[0].get_base_content_type().pk
    states = WorkflowState.objects.active().filter(
        base_content_type_id=base, object_id__in=[str(e.pk) for e in entries], status=WorkflowState.STATUS_IN_PROGRESS
    )
    ids = [pk for pk in states.exclude(current_task_state=None).values_list("current_task_state_id", flat=True)]
    task_states = (
        TaskState.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("workflow_state__workflow", "workflow_state__requested_by", "revision", "task", "finished_by")
    )
    return {int(ts.workflow_state.object_id): ts for ts in task_states}


def _may_approve(entry, user, task_state, memo):
    """The checks of ``_act`` and the task's ``on_action``, in their order and with their words."""
    if task_state is None:
        raise _not_in_review(entry)
    task = _specific_task(task_state.task, memo)
    if "approve" not in [name for name, _, _ in task.get_actions(entry, user)]:
        raise PermissionDenied("无权执行此审核操作")
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise step_already_handled(task_state)
    if not task.user_can_approve(entry, user, task_state):
        raise PermissionDenied(NOT_YOUR_APPROVAL)
    task_state.task = task
    return task_state, entry.get_latest_revision()


def _specific_task(task, memo):
    """``task.specific``, read once per batch (a batch meets one or two tasks)."""
    if ("task", task.pk) not in memo:
        memo["task", task.pk] = task.specific
    return memo["task", task.pk]


def _successful(task_states):
    """(workflow state id, revision id) → ids of the tasks approved or skipped on that revision."""
    done = {}
    rows = TaskState.objects.filter(
        workflow_state_id__in=[ts.workflow_state_id for ts in task_states], status__in=SUCCESSFUL
    ).values_list("workflow_state_id", "revision_id", "task_id")
    for state_id, revision_id, task_id in rows:
        done.setdefault((state_id, revision_id), set()).add(task_id)
    return done


def _next_task(task_state, latest, memo, successful):
    """The step after this approval when it is the common one — 部门审核 opens 领导审批, 领导审批
    finishes the workflow (None) — else False: that entry goes the one-at-a-time way."""
    if latest is None or task_state.revision_id != latest.pk:
        return False
    tasks = workflow_tasks(task_state.workflow_state.workflow, memo)
    done = successful.get((task_state.workflow_state_id, latest.pk), set()) | {task_state.task_id}
    remaining = [task for task in tasks if task.pk not in done]
    if isinstance(task_state.task, DepartmentReviewTask):
        return remaining[0] if remaining and isinstance(remaining[0], LeaderApprovalTask) else False
    if isinstance(task_state.task, LeaderApprovalTask):
        return None if not remaining else False
    return False


def _approve_one(entry, user, comment):
    from .services import finish_refusal

    task_state = _act(entry, user, "approve", comment)
    return finish_refusal(entry, WorkflowState.objects.get(pk=task_state.workflow_state_id))


def _finish_steps(step, user, comment, refused_at_finish):
    """TaskState.approve for each (entry, task state, next task): one UPDATE, the records in bulk,
    then the next steps opened together, or the workflows finished one by one."""
    from .services import finish_refusal

    if not step:
        return
    now = timezone.now()
    TaskState.objects.filter(pk__in=[ts.pk for _, ts, _ in step]).update(
        status=TaskState.STATUS_APPROVED, finished_at=now, finished_by=user, comment=comment
    )
    logs = []
    for entry, task_state, nxt in step:
        task_state.status, task_state.finished_at, task_state.finished_by, task_state.comment = (
            TaskState.STATUS_APPROVED,
            now,
            user,
            comment,
        )
        workflow = task_state.workflow_state.workflow
        data = {
            "workflow": {
                "id": workflow.id,
                "title": workflow.name,
                "status": task_state.status,
                "task_state_id": task_state.id,
                "task": {"id": task_state.task.id, "title": task_state.task.name},
                "next": task_data(nxt),
            },
            "comment": comment,
        }
        logs.append(log_row(entry, "wagtail.workflow.approve", user, task_state.revision_id, data, now))
    PageLogEntry.objects.bulk_create(logs)
    opening = [(ts.workflow_state, nxt, ts.revision) for _, ts, nxt in step if nxt is not None]
    open_tasks(opening, user)
    finishing = [(entry, ts) for entry, ts, nxt in step if nxt is None]
    WorkflowState.objects.filter(pk__in=[ts.workflow_state_id for _, ts in finishing]).update(
        status=WorkflowState.STATUS_APPROVED
    )
    for _, task_state, _ in step:
        task_approved.send(sender=TaskState, instance=task_state, user=user)
    publishable = []
    approved = approved_revisions([task_state.revision for _, task_state in finishing])  # approved_for, at once
    for entry, task_state in finishing:
        task_state.workflow_state.status = WorkflowState.STATUS_APPROVED
        obj = task_state.publishing
        verdict = check_publication(obj) if task_state.revision.pk in approved else None
        if verdict is not None and verdict.passed:
            publishable.append((entry, task_state.revision, obj, verdict))
        else:  # Wagtail's on_finish: the pipeline refuses it and sends it back to the editor
            task_state.workflow_state.on_finish(user=user)
    publish_revisions(publishable, user)
    published = {entry.pk for entry, *_ in publishable}
    for entry, task_state in finishing:
        workflow_approved.send(sender=WorkflowState, instance=task_state.workflow_state, user=user)
        reason = None if entry.pk in published else finish_refusal(entry, task_state.workflow_state)
        if reason:
            refused_at_finish[entry.pk] = reason
