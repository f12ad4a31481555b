"""Daily reminders: due within 5 working days → the assigned department; overdue → the office;
missed corrections → 视为放弃; provisional deadlines recomputed. Eager, and through a real
Redis-backed Celery worker (``make test`` starts Redis)."""

import datetime
import time

import pytest
from django.conf import settings
from django.core import mail

from cms import mail as mail_helper
from disclosure_requests import reminders, services, tasks
from disclosure_requests.models import DisclosureRequest, RequestState

from ..factories import make_user, travel

D = datetime.date.fromisoformat


@pytest.fixture
def staff(catalog, portal):
    office = make_user("office", superuser=True)
    office.email = "office@example.invalid"
    office.save()
    editor = make_user("civil_clerk", catalog["civil"].editors_group)
    editor.email = "civil@example.invalid"
    editor.save()
    other = make_user("finance_clerk", catalog["finance"].editors_group)
    other.email = "finance@example.invalid"
    other.save()
    return {"office": office, "civil": editor, "finance": other}


@pytest.fixture
def scenario(submit, catalog, staff):
    """On 2025-03-24: one request due 2025-03-31 (5 working days left), one overdue, one far off,
    one in correction past its deadline."""
    soon = services.assign(submit(on="2025-03-03", description="即将到期"), catalog["civil"], staff["office"])
    late = services.assign(submit(on="2025-02-10", description="已逾期"), catalog["finance"], staff["office"])
    far = services.assign(submit(on="2025-03-21", description="尚早"), catalog["finance"], staff["office"])
    lapsed = submit(on="2025-02-03", description="未补正")
    with travel("2025-02-05"):
        services.request_correction(lapsed, staff["office"], "请补充")
    return {"soon": soon, "late": late, "far": far, "lapsed": lapsed}


def test_daily_run_reminds_department_and_office(scenario, staff):
    mail.outbox.clear()
    result = reminders.run_daily(on=D("2025-03-24"))
    assert result["abandoned"] == 1 and result["emails"] == 2
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    dept = by_recipient[("civil@example.invalid",)]
    assert "即将到期" in dept.subject and scenario["soon"].tracking_code in dept.body
    assert scenario["far"].tracking_code not in dept.body
    office = by_recipient[("office@example.invalid",)]
    assert "超过答复期限" in office.subject and scenario["late"].tracking_code in office.body
    assert ("finance@example.invalid",) not in by_recipient  # nothing of 财政所 is due soon
    assert DisclosureRequest.objects.get(pk=scenario["lapsed"].pk).state == RequestState.ABANDONED
    # No personal data in reminders.
    for message in mail.outbox:
        assert "张三丰" not in message.body and "13912345678" not in message.body


def test_six_working_days_left_is_not_due_soon(scenario):
    mail.outbox.clear()
    reminders.run_daily(on=D("2025-03-21"))  # Friday: 24–28, 31 March = 6 working days
    assert not any(scenario["soon"].tracking_code in m.body for m in mail.outbox)


def test_mail_failure_does_not_break_the_job(scenario, monkeypatch):
    class Broken:
        def send_messages(self, messages):
            raise ConnectionError("smtp down")

    monkeypatch.setattr(mail_helper, "get_connection", lambda: Broken())
    assert reminders.run_daily(on=D("2025-03-24"))["emails"] == 0


def test_beat_schedule_runs_the_task_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["disclosure-request-reminders"]
    assert entry["task"] == tasks.disclosure_requests_daily.name
    from cms.celery import app

    app.loader.import_default_modules()
    assert tasks.disclosure_requests_daily.name in app.tasks
    # Deployed schedules and queued messages still name the task by its old module.
    assert "workflows.disclosure_request_reminders" in app.tasks


# -- a real Redis-backed worker ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reminder_job_through_redis_worker(scenario, staff, celery_worker_redis, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    lapsed = DisclosureRequest.objects.filter(pk=scenario["lapsed"].pk)
    with travel("2025-03-24", hour=8):
        # Sent by name through the project's app (a shared_task proxy could resolve to another
        # "current" app) to the queue in Redis; the worker thread picks it up.
        celery_worker_redis.send_task("workflows.disclosure_request_reminders")
        deadline = time.monotonic() + 120  # an upper bound for the worker, not a performance check
        while time.monotonic() < deadline and not (
            len(mail.outbox) >= 2 and lapsed.get().state == RequestState.ABANDONED
        ):
            time.sleep(0.2)
    assert lapsed.get().state == RequestState.ABANDONED
    assert len(mail.outbox) == 2
    assert any(scenario["late"].tracking_code in m.body for m in mail.outbox)
    assert any(scenario["soon"].tracking_code in m.body for m in mail.outbox)


def test_cron_command_does_the_same(scenario):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    with travel("2025-03-24"):
        call_command("disclosure_reminders", stdout=out)
    assert "视为放弃 1 件" in out.getvalue() and "提醒邮件 2 封" in out.getvalue()
