"""Third-party consultation (Art. 32, 15 working days to reply): the reply due date comes from the
calculator, and the daily job reminds the assigned department when the reply is due within 3
working days or overdue, once a day per consultation."""

import datetime

import pytest
from django.core import mail

from cms import mail as mail_helper
from disclosure_requests import reminders, services

from ..factories import make_user, travel

D = datetime.date.fromisoformat


@pytest.fixture
def staff(catalog):
    office = make_user("c_office", superuser=True)
    office.email = "office@example.invalid"
    office.save()
    clerk = make_user("c_clerk", catalog["civil"].editors_group)
    clerk.email = "civil@example.invalid"
    clerk.save()
    return {"office": office, "clerk": clerk}


@pytest.fixture
def consulting(submit, catalog, staff):
    """A request of 民政办 consulting a third party from Wednesday 5 March 2025."""
    disclosure_request = services.assign(submit(on="2025-03-03"), catalog["civil"], staff["office"])
    return services.start_consultation(
        disclosure_request, staff["office"], "third_party", "某某公司", started_on=D("2025-03-05")
    )


def reminded(on):
    mail.outbox.clear()
    reminders.run_daily(on=D(on))
    return [m for m in mail.outbox if "征求第三方意见" in m.subject]


def test_reply_due_date_across_a_holiday(submit, staff):
    # 15 working days after Friday 27 September 2024: Sun 29 Sep (调休) and Mon 30 Sep, 国庆 1–7 October
    # off, 8–11 Oct, Sat 12 Oct (调休), 14–18 Oct, 21–23 Oct.
    disclosure_request = submit(on="2024-09-20")
    consultation = services.start_consultation(
        disclosure_request, staff["office"], "third_party", "某公司", started_on=D("2024-09-27")
    )
    assert consultation.reply_due_on == D("2024-10-23")


def test_reminder_three_working_days_before_and_when_overdue(consulting, staff):
    assert consulting.reply_due_on == D("2025-03-26")
    assert reminded("2025-03-20") == []  # Thursday: 21, 24, 25, 26 = 4 working days left
    messages = reminded("2025-03-21")  # Friday: 3 left
    assert len(messages) == 1 and messages[0].to == ["civil@example.invalid"]
    assert consulting.disclosure_request.tracking_code in messages[0].body and "2025-03-26" in messages[0].body
    assert "即将到期" in messages[0].body
    overdue = reminded("2025-03-27")
    assert len(overdue) == 1 and "已逾期" in overdue[0].body
    for message in mail.outbox:
        assert "张三丰" not in message.body and "13912345678" not in message.body


def test_idempotent_per_day(consulting):
    assert len(reminded("2025-03-24")) == 1
    assert reminded("2025-03-24") == []  # the job ran again the same day
    assert len(reminded("2025-03-25")) == 1  # but the next day it reminds again


def test_no_reminder_once_the_reply_came(consulting, staff):
    services.end_consultation(consulting, staff["office"], ended_on=D("2025-03-20"))
    assert reminded("2025-03-24") == []


def test_other_body_consultation_is_not_reminded(submit, staff):
    # Art. 34: 15 working days too, but silence is consent (test_periods): no reminder mail.
    disclosure_request = submit(on="2025-03-03")
    consultation = services.start_consultation(
        disclosure_request, staff["office"], "other_body", "县财政局", started_on=D("2025-03-05")
    )
    assert consultation.reply_due_on == D("2025-03-26")
    assert reminded("2025-03-24") == []


def test_unassigned_request_reminds_the_office(submit, staff):
    disclosure_request = submit(on="2025-03-03")
    services.start_consultation(
        disclosure_request, staff["office"], "third_party", "某公司", started_on=D("2025-03-05")
    )
    messages = reminded("2025-03-26")
    assert len(messages) == 1 and messages[0].to == ["office@example.invalid"]


def test_failed_mail_is_retried_the_same_day(consulting, monkeypatch):
    class Broken:
        def send_messages(self, messages):
            raise ConnectionError("smtp down")

    monkeypatch.setattr(mail_helper, "get_connection", lambda: Broken())
    assert reminders.send_consultation_reminders(on=D("2025-03-24")) == 0
    monkeypatch.undo()
    assert len(reminded("2025-03-24")) == 1


def test_withdrawn_request_is_not_reminded(consulting):
    services.withdraw(consulting.disclosure_request)
    with travel("2025-03-24"):
        assert reminded("2025-03-24") == []
