"""The scheduled route: Wagtail's scheduler publishes a revision whose go-live time came."""

from .admission import PublicationRefused, record_refusal
from .approval import NotApproved
from .publish_action import EntryPublishAction

SCHEDULED_LOG_ACTION = "wagtail.publish.scheduled"


class ScheduledPublishAction(EntryPublishAction):
    """Still needs an approved (or forced) revision and passing guards. The scheduler publishes
    many pages in one run: a refusal is recorded and the schedule dropped, without stopping
    the others."""

    def execute(self, skip_permission_checks=True):
        try:
            return super().execute(skip_permission_checks=True)
        except (PublicationRefused, NotApproved) as exc:
            record_refusal(self.object, exc, revision=self.revision)
            self.revision.approved_go_live_at = None
            self.revision.save(update_fields=["approved_go_live_at"])
            return None
