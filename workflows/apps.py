from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    """Moderation of entries: 部门审核 → 领导审批, four-eyes, the finish hook that publishes through
    ``pages.publishing``, notifications, the dashboard queue and the staff ``@workflow`` API.

    Layer: the middle layer, above ``search`` and ``pages``, independent of
    ``disclosure_requests`` and ``interaction``, below ``reports`` and ``cms``."""

    name = "workflows"
    verbose_name = "审核与发布"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.signals import task_submitted

        from pages.models import DisclosurePortal

        from . import notifications, services

        def portal_saved(sender, instance, raw=False, **kwargs):
            if not raw:
                services.ensure_portal_workflow(instance)

        post_save.connect(portal_saved, sender=DisclosurePortal, weak=False, dispatch_uid="portal-workflow")
        task_submitted.connect(notifications.notify_approvers, weak=False, dispatch_uid="notify-approvers")
