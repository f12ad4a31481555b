"""The workflow route: the last approval (领导审批) publishes the approved revision."""

from .publish_action import EntryPublishAction


class WorkflowPublishAction(EntryPublishAction):
    authorised = True  # every step approved: the workflow finished
