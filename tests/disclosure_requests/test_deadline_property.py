"""Issue 17, milestone 2: random sequences of receipt, 补正, a consultation (that ends or lapses),
an extension, a fee notice and its payment, driven through the services on their own dates; the
stored answer deadline, the 补正 reply deadline, the consultation's reply deadline and the fee's
payment deadline (``fee_due_on``) must equal a plain reference model built directly on
chinesecalendar (independent of cms/workdays.py): count working days one by one from the day after
the start, skipping the paused ones. Receipt dates lean towards the weeks before Spring Festival
and National Day, where 调休 makes weekend days count."""

import datetime
import itertools

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_requests import services
from disclosure_requests.models import RequestConsultation

from ..factories import PERSON, make_user, travel

DAY = datetime.timedelta(days=1)
serial = itertools.count()
# The three weeks before each Spring Festival and National Day break (and the break itself).
HOLIDAY_EVES = [
    (datetime.date(2024, 1, 22), datetime.date(2024, 2, 17)),
    (datetime.date(2024, 9, 9), datetime.date(2024, 10, 7)),
    (datetime.date(2025, 1, 6), datetime.date(2025, 2, 4)),
    (datetime.date(2025, 9, 8), datetime.date(2025, 10, 8)),
]


def reference_add(start, count, pauses=()):
    """The ``count``-th working day after ``start`` not inside any (first, last) pause; None while a
    pause has no end."""
    day, counted = start, 0
    while True:
        day += DAY
        if not chinese_calendar.is_workday(day):
            continue
        inside = [last for first, last in pauses if first <= day and (last is None or day <= last)]
        if None in inside:
            return None
        if inside:
            continue
        counted += 1
        if counted == count:
            return day


scenarios = st.fixed_dictionaries(
    {
        "received": st.one_of(
            st.dates(datetime.date(2024, 1, 2), datetime.date(2025, 10, 31)),
            *(st.dates(first, last) for first, last in HOLIDAY_EVES),
        ),
        # notice, days after receipt; reply, days after the notice; the reply period in working days
        "correction": st.one_of(st.none(), st.tuples(st.integers(0, 6), st.integers(0, 10), st.integers(1, 20))),
        "extension": st.integers(0, 20),
        "consultation": st.one_of(
            st.none(),
            st.tuples(
                st.sampled_from(["third_party", "other_body"]),
                st.integers(1, 10),  # started, days after the clock start
                st.integers(0, 4),  # letter received, days after it went out
                st.one_of(st.none(), st.integers(0, 40)),  # reply, days after the letter arrived (None: lapses)
            ),
        ),
        "fee": st.one_of(
            st.none(),
            st.tuples(
                st.integers(2, 12),  # notice, days after the clock start
                st.integers(0, 5),  # the applicant received it, days after the notice
                st.one_of(st.none(), st.integers(0, 20)),  # paid, days after receiving it (None: unpaid)
            ),
        ),
    }
)


@pytest.fixture
def office(portal):
    return make_user("office", superuser=True)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios)
def test_stored_deadline_matches_the_reference_model(scenario, portal, office):
    received = scenario["received"]
    applicant = dict(PERSON, description=f"性质测试{next(serial)}")
    with travel(received):
        r, _ = services.submit_request(portal, applicant)
    clock_start = received
    if scenario["correction"]:
        notify_after, reply_after, reply_days = scenario["correction"]
        with travel(received + notify_after * DAY):
            r = services.request_correction(r, office, "请补正", reply_working_days=reply_days)
        correction_due = reference_add(r.correction_notified_on, reply_days)
        assert r.correction_due_on == correction_due, scenario
        clock_start = r.correction_notified_on + reply_after * DAY
        late = clock_start > correction_due  # accepted only with a 正当理由 (Art. 30)
        with travel(clock_start):
            r = services.receive_correction(r, office, clock_start, good_reason="邮路延误" if late else "")
    steps = []  # (day, order, action) in date order
    if scenario["extension"]:
        steps.append((clock_start + DAY, 0, lambda: services.extend(r, office, scenario["extension"], "信息量大")))
    pauses = []
    consultation = scenario["consultation"]
    if consultation:
        kind, start_after, letter_after, reply_after = consultation
        started = clock_start + start_after * DAY
        letter = started + letter_after * DAY
        reply_due = reference_add(letter, 15)
        steps.append(
            (
                started,
                1,
                lambda: services.start_consultation(r, office, kind, "某村委会", started, letter_received_on=letter),
            )
        )
        if reply_after is not None:
            ended = letter + reply_after * DAY

            def end():
                services.end_consultation(RequestConsultation.objects.get(disclosure_request=r), office, ended)

            steps.append((ended, 3, end))
            pauses.append((started + DAY, min(ended, reply_due)))
        else:
            pauses.append((started + DAY, reply_due))
    fee = scenario["fee"]
    if fee:
        notice_after, delivered_after, paid_after = fee
        notified = clock_start + notice_after * DAY
        delivered = notified + delivered_after * DAY
        fee_due = reference_add(delivered, 20)  # from the day after the applicant received the notice

        def notify():
            with travel(delivered):
                services.issue_fee_notice(r, office, None, "per_volume", notified, pages=50, received_on=delivered)

        steps.append((notified, 2, notify))
        paid = None if paid_after is None else delivered + paid_after * DAY
        if paid is not None:
            steps.append((paid, 4, lambda: services.record_fee_payment(r, office, paid)))
        pauses.append((notified + DAY, paid))
    for day, _, step in sorted(steps, key=lambda s: (s[0], s[1])):
        with travel(day):
            step()
    # Look at it well after every reply deadline: a consultation without a reply has lapsed.
    with travel(clock_start + 150 * DAY):
        r.refresh_from_db()
        services.refresh_deadline(r)
    expected = reference_add(clock_start, 20 + scenario["extension"], pauses)
    assert r.due_on == expected, (scenario, pauses)
    assert r.due_paused == (expected is None)
    if consultation:
        assert RequestConsultation.objects.get(disclosure_request=r).reply_due_on == reply_due, scenario
    if fee:
        assert r.fee_due_on == fee_due, scenario
