"""The 撤回 route: a leader or admin takes a published entry off every public output, with a
reason; the 索引号 stays reserved."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log

from pages.permissions import is_leader

RETRACT_LOG_ACTION = "gongkai.retract"


class RetractEntryAction:
    def __init__(self, entry, user, reason):
        self.entry, self.user, self.reason = entry, user, (reason or "").strip()

    def check(self):
        if not is_leader(self.user, self.entry):
            raise PermissionDenied("只有领导或管理员可以撤回")
        if not self.entry.live:
            raise PermissionDenied("此信息未发布")
        if not self.reason:
            raise ValidationError("撤回必须填写理由")

    def execute(self):
        with transaction.atomic():
            self.check()
            entry = self.entry
            UnpublishPageAction(entry, user=self.user).execute(skip_permission_checks=True)
            type(entry).objects.filter(pk=entry.pk).update(
                retracted_at=timezone.now(), retracted_by=self.user, retraction_reason=self.reason
            )
            entry.refresh_from_db()
            log(instance=entry, action=RETRACT_LOG_ACTION, user=self.user, data={"reason": entry.retraction_reason})
            return entry
