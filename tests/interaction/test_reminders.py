"""Reminders before and after a question's answer deadline, through the Celery task function
(eager without a broker) and the beat schedule (issue 18)."""

import pytest
from django.conf import settings as project_settings
from django.core import mail

from cms.celery import app
from interaction import services, tasks
from interaction.models import Question

from ..factories import travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(ask, roles, catalog):
    """Both received Monday 3 March 2025, due Monday 10 March (5 working days); one assigned."""
    assigned = ask(on="2025-03-03", subject="低保申请材料")
    services.assign_question(assigned, roles["office"], catalog["civil"])
    waiting = ask(on="2025-03-03", subject="垃圾清运时间")
    answered = ask(on="2025-03-03", subject="已答复的留言")
    services.assign_question(answered, roles["office"], catalog["civil"])
    services.answer_question(answered, roles["civil_editor"], "已答复")
    mail.outbox = []
    return {"assigned": assigned, "waiting": waiting, "answered": answered}


def run(day):
    mail.outbox = []
    with travel(day, hour=7):
        sent = tasks.interaction_daily.delay().get()
    return sent, list(mail.outbox)


def test_the_daily_job_is_on_the_beat_schedule():
    entry = project_settings.CELERY_BEAT_SCHEDULE["interaction-reminders"]
    assert entry["task"] == tasks.interaction_daily.name == "interaction.daily"
    app.loader.import_default_modules()
    assert "interaction.daily" in app.tasks


def test_before_the_deadline_the_department_is_reminded_once_a_day(questions, roles):
    assert run("2025-03-06") == (0, [])  # two working days left: not yet
    sent, outbox = run("2025-03-07")  # Friday: one working day left
    assert sent == 2
    by_recipients = {tuple(sorted(m.to)): m for m in outbox}
    department = tuple(sorted(["ia_civil_editor@example.invalid", "ia_civil_reviewer@example.invalid"]))
    assert "即将到期" in by_recipients[department].subject
    assert questions["assigned"].tracking_code in by_recipients[department].body
    assert questions["waiting"].tracking_code not in by_recipients[department].body
    # Nobody assigned yet: the office is told.
    assert questions["waiting"].tracking_code in by_recipients[("ia_office@example.invalid",)].body
    assert all(questions["answered"].tracking_code not in m.body for m in outbox)
    assert all("13912345678" not in m.body and "asker@example.invalid" not in m.to for m in outbox)
    assert run("2025-03-07") == (0, [])  # a second run the same day sends nothing


def test_after_the_deadline_the_office_and_the_department_are_reminded_daily(questions):
    sent, outbox = run("2025-03-11")
    assert sent == 2 and all("已超过答复期限" in m.subject for m in outbox)
    overdue = next(m for m in outbox if questions["assigned"].tracking_code in m.body)
    assert set(overdue.to) == {
        "ia_office@example.invalid",
        "ia_civil_editor@example.invalid",
        "ia_civil_reviewer@example.invalid",
    }
    assert run("2025-03-12")[0] == 2  # and again the next day, until answered


def test_a_failed_send_releases_the_claim(questions, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    assert run("2025-03-11")[0] == 0
    assert not Question.objects.exclude(reminded_on=None).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run("2025-03-11")[0] == 2  # the same day, once the mail server is back
