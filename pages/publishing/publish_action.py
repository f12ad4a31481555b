"""The base route: a plain ``Revision.publish()`` (the admin, bulk actions). It publishes only a
revision approved at every step or force-published; every other route is a subclass."""

from django.db import transaction
from django.utils import timezone
from wagtail.actions.publish_page_revision import PublishPageRevisionAction

from .admission import PublicationRefused, admit_for_publication, record_check
from .approval import NotApproved, approved_for
from .guards import check_publication


class EntryPublishAction(PublishPageRevisionAction):
    # Routes that carry their own authority (a recorded 强制发布, the
    # operator's import) skip the approval check; none skips the guards.
    authorised = False

    def __init__(self, revision, verdict=None, **kwargs):
        super().__init__(revision, **kwargs)
        self.verdict = verdict  # the guards' verdict, computed once per publication

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if not self.authorised and not approved_for(self.revision):
            raise NotApproved()
        if self.verdict is None:
            self.verdict = check_publication(self.object)
        if not self.verdict.passed:
            raise PublicationRefused(self.verdict)

    def _publish_revision(self, revision, object, user, changed, log_action, previous_revision=None):
        if not (object.go_live_at and object.go_live_at > timezone.now()):
            admit_for_publication(object, self.verdict)
        return super()._publish_revision(revision, object, user, changed, log_action, previous_revision)

    def execute(self, skip_permission_checks=False):
        with transaction.atomic():
            self.check(skip_permission_checks=skip_permission_checks)
            result = self._publish_revision(
                self.revision,
                self.object,
                user=self.user,
                changed=self.changed,
                log_action=self.log_action,
                previous_revision=self.previous_revision,
            )
            if self.log_action:
                record_check(self.object, self.verdict, self.user, self.revision)
            return result
