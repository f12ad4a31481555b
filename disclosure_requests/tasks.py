"""Celery tasks of disclosure on request. Beat runs the daily job at 07:30 (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .reminders import run_daily


@shared_task(name="disclosure_requests.daily")
def disclosure_requests_daily():
    """Recompute provisional deadlines, apply 视为放弃 and unpaid fees, send the reminders."""
    return run_daily()


# The name deployed beat schedules and queued messages carry from before the app had its own
# room (it lived in workflows/); kept so an upgrade loses no reminder.
@shared_task(name="workflows.disclosure_request_reminders")
def legacy_disclosure_request_reminders():
    return run_daily()
