"""The 强制发布 route: a leader or admin publishes without the approvals, with a reason, flagged
until another leader or admin confirms it. The guards still apply."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.log_actions import log

from pages.permissions import is_leader

from .guards import check_publication
from .publish_action import EntryPublishAction

FORCE_LOG_ACTION = "gongkai.force_publish"


class ForcePublishAction(EntryPublishAction):
    authorised = True  # the record below is the authority

    def __init__(self, revision, user, reason, **kwargs):
        super().__init__(revision, user=user, **kwargs)
        self.reason = (reason or "").strip()

    def check(self, skip_permission_checks=False):
        if not is_leader(self.user, self.object):
            raise PermissionDenied("只有领导或管理员可以强制发布")
        if not self.reason:
            raise ValidationError("强制发布必须填写理由")
        self.verdict = self.verdict or check_publication(self.object)
        if not self.verdict.passed:
            raise ValidationError("保密审查未通过，不能强制发布：" + self.verdict.summary())
        super().check(skip_permission_checks=True)

    def execute(self, skip_permission_checks=False):
        from pages.models import ForcedPublication

        with transaction.atomic():
            self.check()
            entry = self.revision.content_object
            record = ForcedPublication.objects.create(
                entry=entry, revision=self.revision, forced_by=self.user, reason=self.reason
            )
            log(
                instance=entry,
                action=FORCE_LOG_ACTION,
                user=self.user,
                data={"reason": self.reason},
                revision=self.revision,
            )
            super().execute(skip_permission_checks=True)
            return record
