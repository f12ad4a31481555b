"""E-mail the next approvers when an entry reaches their step (console backend by default)."""

import logging

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
    from .models import DisclosureApprovalTask

    task = instance.task.specific
    if not isinstance(task, DisclosureApprovalTask):
        return
    entry = instance.workflow_state.content_object.specific
    url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[entry.pk])
    subject = f"【{task.name}】待您处理：{entry.get_admin_display_title()}"
    body = (
        f"{entry.get_admin_display_title()}\n提交人：{instance.workflow_state.requested_by}\n"
        f"当前环节：{task.name}\n处理地址：{url}\n"
    )
    # One message per approver (they do not see each other's addresses); after the submission commits.
    send_after_commit([(subject, body, [u.email]) for u in approvers_for(task, entry, instance)], what="审核通知邮件")
