"""批量提交, 批量审核, 批量审批 in bulk (issue 19): the rules of ``submit``/``approve`` per entry,
the workflow's rows written once per batch.

Every entry is checked as on the one-at-a-time path, by the same functions (the editor's rights,
the step's approvers, four-eyes, «已处理»); an entry refused is reported and leaves no row. The
rows the accepted ones need — workflow states, task states, audit records — are then written with
one statement per kind of row: ``bulk_create`` for new rows, one ``UPDATE … WHERE id IN`` for the
finished task states. An entry off the common path (a revision edited under review, a workflow of
other steps) goes the one-at-a-time way, in a savepoint of its own. The leader's approval finishes
each workflow with Wagtail's ``on_finish`` (the publication pipeline and its guards, per entry).
``tests/workflows/test_bulk_equivalence.py`` pins that both paths write the same rows.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, Task, TaskState, WorkflowState
from wagtail.signals import task_approved, task_submitted, workflow_approved, workflow_submitted

from pages.publishing.approval import approved_for
from pages.publishing.batch_action import eligible, publish_revisions
from pages.publishing.guards import check_publication

from .models import DepartmentReviewTask, LeaderApprovalTask, shared_evaluation
from .services import (
    TASK_OUTCOMES,
    AlreadyHandled,
    BatchResult,
    _act,
    _not_in_review,
    _reason,
    may_submit,
)

ONE_ACTIVE = "There may only be one in progress or needs changes workflow state per page/snippet."
SUCCESSFUL = (TaskState.STATUS_APPROVED, TaskState.STATUS_SKIPPED)


class _Batch:
    """The outcome per entry (kept in page order) and the contexts a batch runs in."""

    def __init__(self, entries):
        self.pks = sorted({e.pk for e in entries})
        self.outcomes = {}

    def __enter__(self):
        from search.indexing import one_drain

        from .notifications import batch_digest

        self._atomic, self._contexts = transaction.atomic(), [shared_evaluation(), one_drain(), batch_digest()]
        self._atomic.__enter__()
        entered = [c.__enter__() for c in self._contexts]
        self.digest = entered[-1]
        return self

    def __exit__(self, *exc):
        for context in reversed(self._contexts):
            context.__exit__(*exc)
        return self._atomic.__exit__(*exc)

    def lock(self):
        """Lock the entries' page rows (in page order, like every batch) and read them afresh."""
        list(Page.objects.select_for_update().filter(pk__in=self.pks).values_list("pk", flat=True))
        fresh = {page.pk: page for page in Page.objects.filter(pk__in=self.pks).specific()}
        return [fresh[pk] for pk in self.pks if pk in fresh]

    def refuse(self, entry, exc):
        self.outcomes[entry.pk] = ("already" if isinstance(exc, AlreadyHandled) else "refused", _reason(exc))

    def one_at_a_time(self, entry, run):
        """The per-entry path in a savepoint: a refusal undoes that entry only."""
        try:
            with transaction.atomic():
                outcome = run(entry)
        except (PermissionDenied, ValidationError) as exc:
            self.digest.drop()
            self.refuse(entry, exc)
        else:
            self.digest.keep()
            self.outcomes[entry.pk] = ("passed", None) if outcome is None else ("refused", outcome)

    def result(self, entries):
        result, by_pk = BatchResult(), {e.pk: e for e in entries}
        for pk in self.pks:
            kind, reason = self.outcomes.get(pk, ("refused", "此信息不存在"))
            entry = by_pk[pk]
            if kind == "passed":
                result.passed.append(entry)
            else:
                getattr(result, kind).append((entry, reason))
        return result


def _log_row(entry, action, user, revision_id, data, now):
    context = get_active_log_context()
    return PageLogEntry(
        content_type=ContentType.objects.get_for_model(entry, for_concrete_model=False),
        label=PageLogEntry.objects.get_instance_title(entry),
        action=action,
        timestamp=now,
        data=data or {},
        user=user or context.user,
        uuid=context.uuid,
        revision_id=revision_id,
        page_id=entry.pk,
    )


def _workflow_tasks(workflow, memo):
    """The workflow's active tasks in order (specific), read once per batch."""
    if workflow.pk not in memo:
        tasks = Task.objects.filter(workflow_tasks__workflow=workflow, active=True).order_by(
            "workflow_tasks__sort_order"
        )
        memo[workflow.pk] = [task.specific for task in tasks]
    return memo[workflow.pk]


def _task_data(task):
    return {"id": task.id, "title": task.name} if task else None


# -- 批量提交 ------------------------------------------------------------------------------------


def submit_many(entries, user):
    """批量提交: ``may_submit`` for each entry, then the workflow states, the first task states and
    the 提交 records of all the accepted ones in bulk."""
    with _Batch(entries) as batch:
        ready, memo = [], {}
        locked = batch.lock()
        _prime(locked)
        active = set()
        if locked:
            active = set(
                WorkflowState.objects.active()
                .filter(
                    base_content_type_id=locked[0].get_base_content_type().pk, object_id__in=[str(e.pk) for e in locked]
                )
                .values_list("object_id", flat=True)
            )
        for entry in locked:
            try:
                may_submit(entry, user)
                key = ("workflow", entry.path[: -entry.steplen])  # a page's workflow is its ancestors'
                if key not in memo:
                    memo[key] = entry.get_workflow()
                workflow = memo[key]
                if str(entry.pk) in active:
                    raise ValidationError(gettext(ONE_ACTIVE))
            except (PermissionDenied, ValidationError) as exc:
                batch.refuse(entry, exc)
                continue
            tasks = _workflow_tasks(workflow, memo)
            if tasks and isinstance(tasks[0], DepartmentReviewTask):
                ready.append((entry, workflow, tasks[0], entry.latest_revision))
            else:
                batch.one_at_a_time(entry, lambda e: _submit_one(e, user))
        _start(ready, user)
        batch.digest.keep()
        for entry, *_ in ready:
            batch.outcomes[entry.pk] = ("passed", None)
    return batch.result(entries)


def _prime(entries):
    """Read in bulk what the per-entry checks would read one by one: each entry's catalog node
    (``get_parent()``) and latest revision, whose page is the entry itself."""
    from wagtail.models import Revision

    parents = _parents(entries)
    revisions = Revision.objects.in_bulk([e.latest_revision_id for e in entries if e.latest_revision_id])
    for entry in entries:
        entry._cached_parent_obj = parents.get(entry.pk)
        revision = revisions.get(entry.latest_revision_id)
        if revision is not None:
            Revision.content_object.set_cached_value(revision, entry)
            entry.latest_revision = revision


def _submit_one(entry, user):
    from .services import submit

    submit(entry, user)


def _start(ready, user):
    """Workflow.start for each (entry, workflow, first task, latest revision): the same rows."""
    if not ready:
        return
    now = timezone.now()
    states = WorkflowState.objects.bulk_create(
        [
            WorkflowState(
                content_type_id=entry.content_type_id,
                base_content_type=entry.get_base_content_type(),
                object_id=str(entry.pk),
                workflow=workflow,
                status=WorkflowState.STATUS_IN_PROGRESS,
                requested_by=user,
            )
            for entry, workflow, _, _ in ready
        ]
    )
    task_states = _open_tasks([(state, task, revision) for state, (_, _, task, revision) in zip(states, ready)], user)
    logs = []
    for (entry, workflow, task, revision), state, task_state in zip(ready, states, task_states, strict=True):
        workflow_submitted.send(sender=WorkflowState, instance=state, user=user)
        data = {
            "workflow": {
                "id": workflow.id,
                "title": workflow.name,
                "status": state.status,
                "next": _task_data(task),
                "task_state_id": task_state.id,
            }
        }
        logs.append(_log_row(entry, "wagtail.workflow.start", user, revision.pk, data, now))
    PageLogEntry.objects.bulk_create(logs)


def _open_tasks(items, user):
    """Task.start for each (workflow state, task, revision), then the states point at them."""
    task_states = TaskState.objects.bulk_create(
        [
            TaskState(workflow_state=state, status=TaskState.STATUS_IN_PROGRESS, revision=revision, task=task)
            for state, task, revision in items
        ]
    )
    for (state, _, _), task_state in zip(items, task_states, strict=True):
        state.current_task_state = task_state
    WorkflowState.objects.bulk_update([state for state, _, _ in items], ["current_task_state"])
    for task_state in task_states:
        task_submitted.send(sender=TaskState, instance=task_state, user=user)
    return task_states


# -- 批量审核 / 批量审批 -------------------------------------------------------------------------


def approve_many(entries, user, comment=""):
    """批量审核 / 批量审批: each entry checked as ``approve`` checks it (the step's approvers,
    four-eyes, «已处理»); the accepted steps finished with one UPDATE, their records in bulk,
    the next step opened in bulk or, at the last step, each workflow finished (publication, the
    guards: an entry they stop goes back to its editor and is reported refused)."""
    with _Batch(entries) as batch:
        locked = batch.lock()
        current = _current_task_states(locked)
        _prime(locked)
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
        .select_related("workflow_state__workflow", "revision", "task", "finished_by")
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
        who = task_state.finished_by.get_username() if task_state.finished_by_id else "他人"
        raise AlreadyHandled(f"已处理：此审核环节已由{who}{TASK_OUTCOMES.get(task_state.status, '处理')}，无需重复操作")
    if not task.user_can_approve(entry, user, task_state):
        raise PermissionDenied("无权审核此信息（提交人或内容作者不能审核本人提交的内容）")
    task_state.task = task
    return task_state, entry.get_latest_revision()


def _specific_task(task, memo):
    """``task.specific``, read once per batch (a batch meets one or two tasks)."""
    if ("task", task.pk) not in memo:
        memo["task", task.pk] = task.specific
    return memo["task", task.pk]


def _parents(entries):
    """entry pk → its catalog node (specific), read in one query: what ``get_parent()`` returns."""
    paths = {e.pk: e.path[: -e.steplen] for e in entries}
    nodes = {p.path: p for p in Page.objects.filter(path__in=set(paths.values())).specific()}
    return {pk: nodes[path] for pk, path in paths.items() if path in nodes}


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
    tasks = _workflow_tasks(task_state.workflow_state.workflow, memo)
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
                "next": _task_data(nxt),
            },
            "comment": comment,
        }
        logs.append(_log_row(entry, "wagtail.workflow.approve", user, task_state.revision_id, data, now))
    PageLogEntry.objects.bulk_create(logs)
    opening = [(ts.workflow_state, nxt, ts.revision) for _, ts, nxt in step if nxt is not None]
    _open_tasks(opening, user)
    finishing = [(entry, ts) for entry, ts, nxt in step if nxt is None]
    WorkflowState.objects.filter(pk__in=[ts.workflow_state_id for _, ts in finishing]).update(
        status=WorkflowState.STATUS_APPROVED
    )
    for _, task_state, _ in step:
        task_approved.send(sender=TaskState, instance=task_state, user=user)
    publishable = []
    for entry, task_state in finishing:
        task_state.workflow_state.status = WorkflowState.STATUS_APPROVED
        obj = task_state.publishing
        verdict = check_publication(obj) if approved_for(task_state.revision) else None
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
