"""WAGTAIL_FINISH_WORKFLOW_ACTION. Imported while wagtail.models loads: keep imports inside."""


def finish_workflow(workflow_state, user=None):
    """WAGTAIL_FINISH_WORKFLOW_ACTION: publish an approved entry through the pipeline.

    When the guards refuse at this last moment, the submission goes back to
    its editor (已退回) with the findings in the history, instead of failing
    the leader's approval.
    """
    from django.db import transaction
    from wagtail.models import WorkflowState
    from wagtail.workflows import publish_workflow_state

    from pages.models import DisclosureEntry
    from pages.publishing.pipeline import NotApproved, PublicationRefused, record_refusal
    from pages.publishing.workflow_action import WorkflowPublishAction

    entry = workflow_state.content_object.specific
    if not isinstance(entry, DisclosureEntry):
        return publish_workflow_state(workflow_state, user=user)
    revision = entry.get_latest_revision()
    try:
        with transaction.atomic():
            WorkflowPublishAction(revision, user=user).execute(skip_permission_checks=True)
    except (PublicationRefused, NotApproved) as exc:
        workflow_state.status = WorkflowState.STATUS_NEEDS_CHANGES
        workflow_state.save(update_fields=["status"])
        record_refusal(entry, exc, user, revision)
