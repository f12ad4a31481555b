"""The step every route to the public shares: the guards' verdict (保密审查), then the 索引号
and 发布日期, then the audit record of the verdict."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.log_actions import log

from .guards import check_publication
from .index_numbers import allocate_index_number

GUARD_LOG_ACTION = "gongkai.publication_check"
REFUSED_LOG_ACTION = "gongkai.publication_refused"


class PublicationRefused(PermissionDenied):
    """Raised when a guard refuses publication; ``check`` holds every verdict."""

    def __init__(self, check):
        self.check = check
        super().__init__("不得发布：" + check.summary())


def admit_for_publication(entry, verdict=None, today=None):
    """The guards' verdict (``verdict`` when the caller already has it, so attachments are read
    once per publication); when it passes, the entry gets its 索引号 and 发布日期.

    Must run inside the transaction that makes the entry live, so a rolled
    back publication does not consume a serial that was never shown.
    """
    verdict = verdict or check_publication(entry, today)
    if verdict.passed:
        if entry.published_on is None:
            entry.published_on = timezone.localdate()
        allocate_index_number(entry)
        entry.retracted_at, entry.retracted_by, entry.retraction_reason = None, None, ""
    return verdict


def record_check(entry, verdict, user=None, revision=None):
    log(instance=entry, action=GUARD_LOG_ACTION, user=user, data=verdict.as_dict(), revision=revision)


def record_refusal(entry, exc, user=None, revision=None):
    data = exc.check.as_dict() if isinstance(exc, PublicationRefused) else {"reason": str(exc)}
    log(instance=entry, action=REFUSED_LOG_ACTION, user=user, data=data, revision=revision)
