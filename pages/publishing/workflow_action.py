"""The workflow route: the last approval (领导审批) publishes the approved revision."""

from .publish_action import EntryPublishAction


class WorkflowPublishAction(EntryPublishAction):
    # Not authorised by itself: a finished workflow publishes only when ``approved_for`` finds both
    # approvals (部门审核, 领导审批) by people other than the submitter and the author, so that a
    # one-step workflow (Wagtail's default, say) assigned by mistake publishes nothing.
    authorised = False
