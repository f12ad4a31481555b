"""Periods that pause and resume by themselves (条例 Arts. 30, 32, 34): the consultation's 15
working days from the day the party received the letter, the clock running again when they lapse
(third party: the office decides; another body: silence is consent), and a late correction
accepted only with a 正当理由."""

import datetime

import pytest

from disclosure_requests import reminders, services
from disclosure_requests.models import DisclosureRequest, RequestConsultation, RequestState

from ..factories import make_user, travel

D = datetime.date.fromisoformat


@pytest.fixture
def office(portal):
    return make_user("periods_office", superuser=True)


def consult(disclosure_request, office, kind="third_party", started="2025-03-05", received=None):
    with travel(started):
        return services.start_consultation(
            disclosure_request,
            office,
            kind,
            "某公司",
            started_on=D(started),
            letter_received_on=D(received) if received else None,
        )


def test_third_party_period_runs_from_the_day_it_received_the_letter(submit, office):
    consultation = consult(submit(on="2025-03-03"), office, received="2025-03-10")
    # 15 working days from 11 March → 31 March (not 26 March, counted from the sending).
    assert consultation.letter_received_on == D("2025-03-10") and consultation.reply_due_on == D("2025-03-31")
    with travel("2025-03-05"), pytest.raises(services.RequestError, match="不能早于发出日期"):
        services.start_consultation(
            submit(on="2025-03-03", description="另一件"),
            office,
            "third_party",
            "某公司",
            started_on=D("2025-03-05"),
            letter_received_on=D("2025-03-04"),
        )


def test_answer_clock_resumes_by_itself_when_the_third_party_is_silent(submit, office):
    disclosure_request = submit(on="2025-03-03")  # due 31 March without a pause
    consultation = consult(disclosure_request, office)  # reply due 26 March
    disclosure_request.refresh_from_db()
    assert disclosure_request.due_paused and disclosure_request.due_on is None
    # Any recomputation after the reply deadline counts again, before the daily job ran:
    # 2 working days (3, 4 March) used, paused 6–26 March, 18 left from 27 March → 21 April.
    with travel("2025-03-27"):
        services.refresh_deadline(disclosure_request)
    assert not disclosure_request.due_paused and disclosure_request.due_on == D("2025-04-22")
    result = reminders.run_daily(on=D("2025-03-27"))
    assert result["consultations_lapsed"] == 1
    consultation.refresh_from_db()
    assert consultation.ended_on == D("2025-03-26") and consultation.lapsed
    disclosure_request.refresh_from_db()
    assert disclosure_request.state == RequestState.PROCESSING and disclosure_request.due_on == D("2025-04-22")
    event = disclosure_request.events.last()
    assert event.action == "consultation_lapsed" and event.public_text.startswith("第三方逾期未提出意见，由本机关")
    assert reminders.run_daily(on=D("2025-03-28"))["consultations_lapsed"] == 0  # nothing twice


def test_other_body_silence_is_consent(submit, office):
    disclosure_request = submit(on="2025-03-03")
    consultation = consult(disclosure_request, office, kind="other_body")
    assert consultation.reply_due_on == D("2025-03-26")
    reminders.run_daily(on=D("2025-03-27"))
    disclosure_request.refresh_from_db()
    assert disclosure_request.state == RequestState.PROCESSING and disclosure_request.due_on == D("2025-04-22")
    assert "视为同意公开" in disclosure_request.events.last().public_text


def test_a_late_reply_does_not_stretch_the_pause(submit, office):
    disclosure_request = submit(on="2025-03-03")
    consultation = consult(disclosure_request, office)  # reply due 26 March
    with travel("2025-03-28"):
        services.end_consultation(consultation, office, ended_on=D("2025-03-28"))
    disclosure_request.refresh_from_db()
    assert disclosure_request.due_on == D("2025-04-22")  # as if it had ended on 26 March


def test_reply_in_time_ends_the_pause_on_that_day(submit, office):
    disclosure_request = submit(on="2025-03-03")
    consultation = consult(disclosure_request, office)
    with travel("2025-03-11"):
        services.end_consultation(consultation, office, ended_on=D("2025-03-11"))
    disclosure_request.refresh_from_db()
    assert disclosure_request.due_on == D("2025-04-07") and not RequestConsultation.objects.get().lapsed


def correction_asked(submit, office, description="补正"):
    disclosure_request = submit(on="2025-03-03", description=description)
    with travel("2025-03-04"):
        return services.request_correction(disclosure_request, office, "请写明文号", reply_working_days=5)


def test_late_correction_needs_a_good_reason(submit, office):
    disclosure_request = correction_asked(submit, office)
    assert disclosure_request.correction_due_on == D("2025-03-11")
    with (
        travel("2025-03-12"),
        pytest.raises(services.RequestError, match="已超过补正期限（2025-03-11）；申请人有正当理由"),
    ):
        services.receive_correction(disclosure_request, office, D("2025-03-12"))
    with travel("2025-03-12"):
        taken = services.receive_correction(disclosure_request, office, D("2025-03-12"), good_reason="邮寄途中延误")
    assert taken.state == RequestState.PROCESSING and taken.clock_start_on == D("2025-03-12")
    event = taken.events.last()
    assert "逾期补正有正当理由" in event.public_text and event.note == "正当理由：邮寄途中延误"


def test_good_reason_takes_up_a_request_already_ended_as_abandoned(submit, office):
    disclosure_request = correction_asked(submit, office)
    services.expire_corrections(on=D("2025-03-12"))
    disclosure_request.refresh_from_db()
    assert disclosure_request.state == RequestState.ABANDONED and disclosure_request.answer_type == "other_1"
    with travel("2025-03-13"):
        with pytest.raises(services.RequestError, match="正当理由"):
            services.receive_correction(disclosure_request, office, D("2025-03-13"))
        taken = services.receive_correction(disclosure_request, office, D("2025-03-13"), good_reason="住院")
    stored = DisclosureRequest.objects.get(pk=taken.pk)
    assert stored.state == RequestState.PROCESSING and stored.answer_type == "" and stored.closed_at is None
    assert stored.due_on == D("2025-04-11")  # 20 working days from 14 March (4 April 清明)
