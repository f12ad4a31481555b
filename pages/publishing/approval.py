"""Whether a revision may go public by a plain ``Revision.publish()`` (the admin, the scheduler)."""

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
    from pages.models import ForcedPublication

    if ForcedPublication.objects.filter(revision=revision).exists():
        return True
    entry = revision.content_object
    states = WorkflowState.objects.for_instance(entry).filter(status=WorkflowState.STATUS_APPROVED)
    for workflow_state in states.order_by("-created_at"):
        task_ids = set(workflow_state.workflow.tasks.filter(active=True).values_list("pk", flat=True))
        approved = workflow_state.task_states.filter(
            status=TaskState.STATUS_APPROVED, revision=revision
        ).select_related("task")
        # This submission's requester and this revision's author (not whoever edits later).
        forbidden = {workflow_state.requested_by_id, revision.user_id}
        ok = [ts for ts in approved if ts.finished_by_id and ts.finished_by_id not in forbidden]
        if task_ids and task_ids <= {ts.task_id for ts in ok} and _both_approvals(ok):
            return True
    return False


def _both_approvals(task_states):
    """The two approvals (部门审核 and 领导审批) are among them, whatever the workflow: a workflow of
    other steps (Wagtail's one-step default, say, assigned to a portal by mistake) approves nothing."""
    from .states import PENDING_DEPARTMENT, PENDING_LEADER

    labels = {getattr(ts.task.specific_class, "status_label", None) for ts in task_states}  # class attribute
    return {PENDING_DEPARTMENT, PENDING_LEADER} <= labels
