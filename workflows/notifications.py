"""E-mail the next approvers when an entry reaches their step (console backend by default)."""

import contextvars
import logging
from collections import defaultdict
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from cms.mail import send_after_commit

logger = logging.getLogger(__name__)


def approvers_for(task, entry, task_state=None):
    from .models import forbidden_approvers

    group_ids = [g.pk for g in task.approver_groups(entry) if g is not None]
    forbidden = forbidden_approvers(entry, task_state)
    return (
        get_user_model()
        .objects.filter(groups__pk__in=group_ids, is_active=True)
        .exclude(pk__in=forbidden)
        .exclude(email="")
        .distinct()
    )


def notify_approvers(sender, instance, user=None, **kwargs):
    from .models import DisclosureApprovalTask, forbidden_approvers

    task = instance.task.specific
    if not isinstance(task, DisclosureApprovalTask):
        return
    digest = _digest.get()
    entry = digest.entries.get(instance.workflow_state.object_id) if digest is not None else None
    if entry is None:
        entry = instance.workflow_state.content_object.specific
    url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[entry.pk])
    subject = f"【{task.name}】待您处理：{entry.get_admin_display_title()}"
    body = (
        f"{entry.get_admin_display_title()}\n提交人：{instance.workflow_state.requested_by}\n"
        f"当前环节：{task.name}\n处理地址：{url}\n"
    )
    if digest is not None:  # a batch: one message per approver and step for the whole batch
        group_ids = tuple(sorted(g.pk for g in task.approver_groups(entry) if g is not None))
        key = (group_ids, frozenset(forbidden_approvers(entry, instance)))
        if key not in digest.recipients:  # the same approvers for the batch's entries, read once
            digest.recipients[key] = [u.email for u in approvers_for(task, entry, instance)]
        recipients = digest.recipients[key]
        title = f"{entry.get_admin_display_title()}（提交人：{instance.workflow_state.requested_by}）"
        digest.pending += [(task.name, email, title, url) for email in recipients]
        return
    recipients = [u.email for u in approvers_for(task, entry, instance)]
    # One message per approver (they do not see each other's addresses); after the submission commits.
    send_after_commit([(subject, body, [email]) for email in recipients], what="审核通知邮件")


class ApproverDigest:
    """The notifications of a batch: an entry's are kept once its savepoint held (``keep``),
    dropped when it rolled back (``drop``)."""

    def __init__(self):
        self.kept, self.pending = [], []
        self.entries, self.recipients = {}, {}  # object id → entry; approvers read once per batch

    def keep(self):
        self.kept, self.pending = self.kept + self.pending, []

    def drop(self):
        self.pending = []

    def messages(self):
        grouped = defaultdict(list)
        for step, email, title, url in self.kept:
            grouped[(step, email)].append(f"{title}\n处理地址：{url}")
        return [
            (f"【{step}】待您处理：{len(items)}条信息", f"当前环节：{step}\n\n" + "\n\n".join(items) + "\n", [email])
            for (step, email), items in grouped.items()
        ]


_digest = contextvars.ContextVar("approver_digest", default=None)


@contextmanager
def batch_digest():
    """Within a batch's transaction: approvers get one message per step listing its entries,
    sent after commit, instead of one message per entry."""
    digest = ApproverDigest()
    token = _digest.set(digest)
    try:
        yield digest
    finally:
        _digest.reset(token)
    send_after_commit(digest.messages(), what="审核通知邮件")
