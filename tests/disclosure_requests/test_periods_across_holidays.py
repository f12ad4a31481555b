"""Issue 17: every period of a request across a real holiday with 调休, the expected dates worked
out by hand from the State Council's 2025 schedule (国办发明电〔2024〕12号), not by our calculator:
- Spring Festival: Tue 28 Jan – Tue 4 Feb off; Sun 26 Jan and Sat 8 Feb are working days.
- National Day and Mid-Autumn: Wed 1 – Wed 8 Oct off; Sun 28 Sep and Sat 11 Oct are working days.
Covered: the consultation reply periods (Arts. 32, 34) and the answer clock around them, the fee's
20 working days (paid, and lapsed unpaid), the applicant's 补正 reply period, and the later answer
date of Art. 35."""

import datetime

import pytest

from disclosure_requests import reminders, services
from disclosure_requests.models import RequestConsultation, RequestState

from ..factories import make_user, travel

D = datetime.date.fromisoformat


@pytest.fixture
def office(portal):
    return make_user("holiday_office", superuser=True)


# -- consultations (Arts. 32, 34) ---------------------------------------------------------------


def test_third_party_silent_over_national_day(submit, office):
    disclosure_request = submit(on="2025-09-22", description="国庆征求第三方意见")
    with travel("2025-09-24"):
        consultation = services.start_consultation(
            disclosure_request,
            office,
            "third_party",
            "某公司",
            started_on=D("2025-09-24"),
            letter_received_on=D("2025-09-25"),
        )
    # Reply: 15 working days from Fri 26 Sep: 26, Sun 28 (调休), 29, 30 Sep (4); 1–8 Oct off;
    # 9, 10, Sat 11 (调休) (7); 13–17 (12); 20, 21, 22 (15) → Wed 22 Oct.
    assert consultation.reply_due_on == D("2025-10-22")
    with travel("2025-10-22"):
        assert reminders.run_daily(on=D("2025-10-22"))["consultations_lapsed"] == 0  # still in time
        services.refresh_deadline(disclosure_request)
    assert disclosure_request.due_paused and disclosure_request.due_on is None
    assert reminders.run_daily(on=D("2025-10-23"))["consultations_lapsed"] == 1
    consultation.refresh_from_db()
    assert consultation.lapsed and consultation.ended_on == D("2025-10-22")
    disclosure_request.refresh_from_db()
    # Answer: Tue 23, Wed 24 Sep counted (2); paused 25 Sep – 22 Oct; from Thu 23 Oct: 23, 24 (4);
    # 27–31 (9); 3–7 Nov (14); 10–14 (19); Mon 17 Nov (20).
    assert disclosure_request.state == RequestState.PROCESSING
    assert disclosure_request.due_on == D("2025-11-17") and not disclosure_request.due_paused


def test_other_body_replies_after_spring_festival(submit, office):
    disclosure_request = submit(on="2025-01-16", description="春节征求其他机关意见")
    with travel("2025-01-20"):
        consultation = services.start_consultation(
            disclosure_request, office, "other_body", "某区住建局", started_on=D("2025-01-20")
        )
    # Reply: 15 working days from Tue 21 Jan: 21–24 (4), Sun 26 (调休) (5), Mon 27 (6); 28 Jan –
    # 4 Feb off; 5, 6, 7 (9), Sat 8 Feb (调休) (10); 10–14 Feb (15) → Fri 14 Feb.
    assert consultation.reply_due_on == D("2025-02-14")
    with travel("2025-02-06"):
        services.end_consultation(RequestConsultation.objects.get(pk=consultation.pk), office, D("2025-02-06"))
    disclosure_request.refresh_from_db()
    # Answer: Fri 17, Mon 20 Jan counted (2); paused 21 Jan – 6 Feb; from Fri 7 Feb: 7, Sat 8 (调休)
    # (4); 10–14 (9); 17–21 (14); 24–28 (19); Mon 3 Mar (20).
    assert disclosure_request.state == RequestState.PROCESSING
    assert disclosure_request.due_on == D("2025-03-03")


# -- 信息处理费 (国办函〔2020〕109号) -------------------------------------------------------------


def test_fee_paid_across_national_day(submit, office):
    disclosure_request = submit(on="2025-09-15", description="国庆缴费")
    with travel("2025-09-22"):
        disclosure_request = services.issue_fee_notice(
            disclosure_request, office, None, "per_volume", D("2025-09-19"), pages=45, received_on=D("2025-09-22")
        )
    # Pay: 20 working days from Tue 23 Sep (the day after the applicant received it): 23–26 (4),
    # Sun 28 (调休) (5), 29, 30 (7); 1–8 Oct off; 9, 10, Sat 11 (调休) (10); 13–17 (15); 20–24 (20)
    # → Fri 24 Oct.
    assert disclosure_request.fee_due_on == D("2025-10-24")
    assert disclosure_request.due_paused and disclosure_request.due_on is None
    with travel("2025-10-09"):
        disclosure_request = services.record_fee_payment(disclosure_request, office)
    # Answer: 16–19 Sep counted (4); paused 20 Sep – 9 Oct; from Fri 10 Oct: 10, Sat 11 (调休) (6);
    # 13–17 (11); 20–24 (16); 27–30 (20) → Thu 30 Oct.
    assert disclosure_request.due_on == D("2025-10-30") and not disclosure_request.due_paused


def test_unpaid_fee_lapses_after_spring_festival(submit, office):
    disclosure_request = submit(on="2025-01-13", description="春节未缴费")
    with travel("2025-01-15"):
        disclosure_request = services.issue_fee_notice(disclosure_request, office, None, "per_volume", pages=45)
    # Pay: 20 working days from Thu 16 Jan: 16, 17 (2); 20–24 (7); Sun 26 (调休), Mon 27 (9);
    # 28 Jan – 4 Feb off; 5, 6, 7, Sat 8 (调休) (13); 10–14 (18); 17, 18 (20) → Tue 18 Feb.
    assert disclosure_request.fee_due_on == D("2025-02-18")
    assert services.expire_fees(on=D("2025-02-18")) == 0  # the last day is still in time
    with travel("2025-02-19"), pytest.raises(services.RequestError, match="已超过缴费期限（2025-02-18）"):
        services.record_fee_payment(disclosure_request, office)
    assert services.expire_fees(on=D("2025-02-19")) == 1
    disclosure_request.refresh_from_db()
    assert disclosure_request.state == RequestState.ABANDONED and disclosure_request.answer_type == "other_2"
    assert disclosure_request.answered_on == D("2025-02-19")


# -- the applicant's 补正 reply period (Art. 30) ------------------------------------------------


def test_correction_reply_period_over_national_day(submit, office):
    late, in_time = (submit(on="2025-09-26", description=f"国庆补正{n}") for n in (1, 2))
    for disclosure_request in (late, in_time):
        with travel("2025-09-28"):  # a Sunday, but a working day (调休)
            services.request_correction(disclosure_request, office, "请写明所需信息的名称")
        disclosure_request.refresh_from_db()
        # The default 15 working days from Mon 29 Sep: 29, 30 (2); 1–8 Oct off; 9, 10, Sat 11
        # (调休) (5); 13–17 (10); 20–24 (15) → Fri 24 Oct.
        assert disclosure_request.correction_due_on == D("2025-10-24")
    with travel("2025-10-24"):
        in_time = services.receive_correction(in_time, office, D("2025-10-24"))
    # Answer: 20 working days from Mon 27 Oct: 27–31 (5), 3–7 Nov (10), 10–14 (15), 17–21 (20).
    assert in_time.due_on == D("2025-11-21")
    with travel("2025-10-27"), pytest.raises(services.RequestError, match="已超过补正期限（2025-10-24）"):
        services.receive_correction(late, office, D("2025-10-27"))
    assert services.expire_corrections(on=D("2025-10-24")) == 0
    assert services.expire_corrections(on=D("2025-10-25")) == 1
    late.refresh_from_db()
    assert late.state == RequestState.ABANDONED and late.answer_type == "other_1"


def test_correction_reply_period_ends_on_the_saturday_after_spring_festival(submit, office):
    disclosure_request = submit(on="2025-01-23", description="春节补正")
    with travel("2025-01-24"):
        services.request_correction(disclosure_request, office, "请写明文号", reply_working_days=6)
    disclosure_request.refresh_from_db()
    # 6 working days from Sat 25 Jan (off): Sun 26 (调休) (1), Mon 27 (2); 28 Jan – 4 Feb off;
    # 5, 6, 7 (5), Sat 8 Feb (调休) (6) → Saturday 8 Feb.
    assert disclosure_request.correction_due_on == D("2025-02-08")
    assert services.expire_corrections(on=D("2025-02-08")) == 0
    with travel("2025-02-08"):
        disclosure_request = services.receive_correction(disclosure_request, office, D("2025-02-08"))
    # Answer: from Mon 10 Feb: 10–14 (5), 17–21 (10), 24–28 (15), 3–7 Mar (20) → Fri 7 Mar.
    assert disclosure_request.state == RequestState.PROCESSING and disclosure_request.due_on == D("2025-03-07")


# -- Art. 35: a later answer date ----------------------------------------------------------------


def test_later_answer_date_must_follow_the_deadline_counted_over_national_day(submit, office):
    disclosure_request = submit(on="2025-09-15", description="国庆延迟答复")
    # 20 working days from Tue 16 Sep: 16–19 (4), 22–26 (9), Sun 28 (调休), 29, 30 (12); 1–8 Oct off;
    # 9, 10, Sat 11 (调休) (15); 13–17 (20) → Fri 17 Oct (Mon 13 Oct if the holiday were ignored).
    assert disclosure_request.due_on == D("2025-10-17")
    with travel("2025-09-17"):
        disclosure_request = services.request_reasons(disclosure_request, office, "一个月内提出80件申请，请说明用途")
    for too_early in ("2025-10-16", "2025-10-17"):
        with travel("2025-10-09"), pytest.raises(services.RequestError, match="须晚于当前答复期限（2025-10-17）"):
            services.defer_answer(disclosure_request, office, D(too_early), "理由合理")
    with travel("2025-10-09"):
        disclosure_request = services.defer_answer(disclosure_request, office, D("2025-10-20"), "信息量大")
    assert disclosure_request.due_on == D("2025-10-20") and disclosure_request.deferred_due_on == D("2025-10-20")
    with travel("2025-10-10"):
        services.refresh_deadline(disclosure_request)  # any recomputation keeps the later date
    assert disclosure_request.due_on == D("2025-10-20")
