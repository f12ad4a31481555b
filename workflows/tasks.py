"""Celery tasks. Beat runs ``publish_scheduled_entries`` every minute (CELERY_BEAT_SCHEDULE)."""

import io

from celery import shared_task
from django.core.management import call_command


@shared_task(name="workflows.publish_scheduled")
def publish_scheduled_entries():
    """Wagtail's scheduler: due go-live and expiry; entries pass the same approval check and guards."""
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()
