"""Celery tasks of questions and consultations. Beat runs the daily job at 07:40 (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .reminders import send_reminders


@shared_task(name="interaction.daily")
def interaction_daily():
    """Remind departments and the office of questions due soon or overdue."""
    return send_reminders()
