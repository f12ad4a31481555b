"""批量提交, 批量审核, 批量审批 in bulk (issue 19): the rules of ``submit``/``approve`` per entry,
the workflow's rows written once per batch.

Every entry is checked as on the one-at-a-time path, by the same functions (the editor's rights,
the step's approvers, four-eyes, «已处理»); an entry refused is reported and leaves no row. The
rows the accepted ones need — workflow states, task states, audit records — are then written with
one statement per kind of row: ``bulk_create`` for new rows, one ``UPDATE … WHERE id IN`` for the
finished task states. An entry off the common path (a revision edited under review, a workflow of
other steps) goes the one-at-a-time way, in a savepoint of its own. The leader's approval
(``bulk_approval``) checks ``approved_for`` and the guards per entry and publishes the batch with
``pages.publishing.batch_action``; an entry they stop goes through Wagtail's ``on_finish`` as
before (back to its editor). What the checks read (catalog nodes, latest revisions, workflows) is
read in bulk first (``prime``). ``tests/workflows/test_bulk_equivalence.py`` pins that both paths
write the same rows.
"""

import contextlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import Page, PageLogEntry, Task, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_submitted

from pages.publishing.batch_action import log_row

from .models import DepartmentReviewTask, shared_evaluation
from .services import (
    AlreadyHandled,
    BatchResult,
    _reason,
    may_submit,
)

ONE_ACTIVE = "There may only be one in progress or needs changes workflow state per page/snippet."
SUCCESSFUL = (TaskState.STATUS_APPROVED, TaskState.STATUS_SKIPPED)


class Batch:
    """The outcome per entry (kept in page order) and the contexts a batch runs in."""

    def __init__(self, entries):
        self.pks = sorted({e.pk for e in entries})
        self.outcomes = {}

    def __enter__(self):
        from pages.publishing.shared_reads import shared_guard_reads
        from search.indexing import one_drain

        from .notifications import batch_digest

        # One stack: a context that fails to enter, or to leave, still leaves the others
        # (the transaction last, as it was entered first).
        with contextlib.ExitStack() as stack:
            stack.enter_context(transaction.atomic())
            for context in (shared_evaluation(), shared_guard_reads(), one_drain()):
                stack.enter_context(context)
            self.digest = stack.enter_context(batch_digest())
            self._stack = stack.pop_all()
        return self

    def __exit__(self, *exc):
        return self._stack.__exit__(*exc)

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


def workflow_tasks(workflow, memo):
    """The workflow's active tasks in order (specific), read once per batch."""
    if workflow.pk not in memo:
        tasks = Task.objects.filter(workflow_tasks__workflow=workflow, active=True).order_by(
            "workflow_tasks__sort_order"
        )
        memo[workflow.pk] = [task.specific for task in tasks]
    return memo[workflow.pk]


def task_data(task):
    return {"id": task.id, "title": task.name} if task else None


# -- 批量提交 ------------------------------------------------------------------------------------


def submit_many(entries, user):
    """批量提交: ``may_submit`` for each entry, then the workflow states, the first task states and
    the 提交 records of all the accepted ones in bulk."""
    with Batch(entries) as batch:
        ready, memo = [], {}
        locked = batch.lock()
        prime(locked, batch.digest)
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
            tasks = workflow_tasks(workflow, memo)
            if tasks and isinstance(tasks[0], DepartmentReviewTask):
                ready.append((entry, workflow, tasks[0], entry.latest_revision))
            else:
                batch.one_at_a_time(entry, lambda e: _submit_one(e, user))
        _start(ready, user)
        batch.digest.keep()
        for entry, *_ in ready:
            batch.outcomes[entry.pk] = ("passed", None)
    return batch.result(entries)


def prime(entries, digest=None):
    """Read in bulk what the per-entry checks would read one by one: each entry's catalog node
    (``get_parent()``) and latest revision, whose page is the entry itself; the notifications
    of the batch (``digest``) find each entry without reading it again."""
    from wagtail.models import Revision

    if digest is not None:
        digest.entries.update({str(entry.pk): entry for entry in entries})

    parents = parents_of(entries)
    revisions = Revision.objects.in_bulk([e.latest_revision_id for e in entries if e.latest_revision_id])
    for entry in entries:
        entry._cached_parent_obj = parents.get(entry.pk)
        revision = revisions.get(entry.latest_revision_id)
        if revision is not None:
            Revision.content_object.set_cached_value(revision, entry)
            entry.latest_revision = revision


def parents_of(entries):
    """entry pk → its catalog node (specific), read in one query: what ``get_parent()`` returns."""
    paths = {e.pk: e.path[: -e.steplen] for e in entries}
    nodes = {p.path: p for p in Page.objects.filter(path__in=set(paths.values())).specific()}
    return {pk: nodes[path] for pk, path in paths.items() if path in nodes}


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
    task_states = open_tasks([(state, task, revision) for state, (_, _, task, revision) in zip(states, ready)], user)
    logs = []
    for (entry, workflow, task, revision), state, task_state in zip(ready, states, task_states, strict=True):
        workflow_submitted.send(sender=WorkflowState, instance=state, user=user)
        data = {
            "workflow": {
                "id": workflow.id,
                "title": workflow.name,
                "status": state.status,
                "next": task_data(task),
                "task_state_id": task_state.id,
            }
        }
        logs.append(log_row(entry, "wagtail.workflow.start", user, revision.pk, data, now))
    PageLogEntry.objects.bulk_create(logs)


def open_tasks(items, user):
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
