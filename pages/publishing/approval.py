"""Whether a revision may go public by a plain ``Revision.publish()`` (the admin, the scheduler)."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from wagtail.models import TaskState, WorkflowState


class NotApproved(PermissionDenied):
    def __init__(self):
        super().__init__("须经部门审核和领导审批（或由领导强制发布）后才能发布")


def approved_for(revision):
    """Has this exact revision passed every step, each by someone other than its submitter and author?

    Or was it force-published (强制发布)? Either makes it publishable by a plain
    ``Revision.publish()`` (the scheduler, the admin).
    """
    return revision.pk in approved_revisions([revision])


def approved_revisions(revisions):
    """The ids of those ``revisions`` for which ``approved_for`` holds, read for all of them at
    once (批量审批 publishes a batch): forced ones, and those a finished submission of their
    object approved at every active step of its workflow, four-eyes, 部门审核 and 领导审批 both."""
    from pages.models import ForcedPublication

    revisions = [r for r in revisions if r.pk is not None]
    if not revisions:
        return set()
    ids = {r.pk for r in revisions}
    approved = set(ForcedPublication.objects.filter(revision_id__in=ids).values_list("revision_id", flat=True))
    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_APPROVED,
        base_content_type_id__in={r.base_content_type_id for r in revisions},
        object_id__in={r.object_id for r in revisions},
    )
    steps = defaultdict(list)  # (workflow state, revision) → its approved task states
    for ts in TaskState.objects.filter(
        workflow_state__in=states, status=TaskState.STATUS_APPROVED, revision_id__in=ids
    ).select_related("task"):
        steps[ts.workflow_state_id, ts.revision_id].append(ts)
    tasks = {}  # workflow → its active tasks
    for workflow_state in states.select_related("workflow"):
        for revision in revisions:
            if revision.pk in approved or (workflow_state.base_content_type_id, workflow_state.object_id) != (
                revision.base_content_type_id,
                revision.object_id,
            ):
                continue
            if workflow_state.workflow_id not in tasks:
                tasks[workflow_state.workflow_id] = set(
                    workflow_state.workflow.tasks.filter(active=True).values_list("pk", flat=True)
                )
            task_ids = tasks[workflow_state.workflow_id]
            # This submission's requester and this revision's author (not whoever edits later).
            forbidden = {workflow_state.requested_by_id, revision.user_id}
            ok = [
                ts
                for ts in steps[workflow_state.pk, revision.pk]
                if ts.finished_by_id and ts.finished_by_id not in forbidden
            ]
            if task_ids and task_ids <= {ts.task_id for ts in ok} and _both_approvals(ok):
                approved.add(revision.pk)
    return approved


def _both_approvals(task_states):
    """The two approvals (部门审核 and 领导审批) are among them, whatever the workflow: a workflow of
    other steps (Wagtail's one-step default, say, assigned to a portal by mistake) approves nothing."""
    from .states import PENDING_DEPARTMENT, PENDING_LEADER

    labels = {getattr(ts.task.specific_class, "status_label", None) for ts in task_states}  # class attribute
    return {PENDING_DEPARTMENT, PENDING_LEADER} <= labels
