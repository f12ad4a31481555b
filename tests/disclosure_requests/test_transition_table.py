"""The transitions table written out by hand (条例 2019 and the office's practice, README:
Disclosure requests), so a changed entry of ``disclosure_requests/transitions.py`` fails here.
The other transition tests read the table itself; this one is the independent statement."""

import datetime

import pytest
from django.utils import timezone

from disclosure_requests import transitions
from disclosure_requests.models import DisclosureRequest, RequestState

S = RequestState
OPEN = {S.RECEIVED, S.CORRECTION, S.PROCESSING, S.CONSULTING, S.EXTENDED}

# action: (states in which it is allowed, office only)
EXPECTED = {
    "assign": (OPEN, True),
    "correction": ({S.RECEIVED, S.PROCESSING}, False),
    "corrected": ({S.CORRECTION, S.ABANDONED}, False),  # 视为放弃 undone by a late correction with a good reason
    "consult": ({S.RECEIVED, S.PROCESSING, S.EXTENDED}, False),
    "consult_end": ({S.CONSULTING}, False),
    "extend": ({S.RECEIVED, S.PROCESSING, S.CONSULTING}, True),
    "fee_notice": ({S.RECEIVED, S.PROCESSING, S.EXTENDED, S.CONSULTING}, True),
    "fee_paid": (OPEN, False),
    "answer": ({S.RECEIVED, S.PROCESSING, S.EXTENDED}, False),
    "answer_on_the_spot": ({S.RECEIVED}, True),  # Art. 33: at the counter, before any assignment
    # 签发 / 退回 of a prepared answer: the office only (four-eyes on the legal decision).
    "sign_off": ({S.RECEIVED, S.PROCESSING, S.EXTENDED}, True),
    "return_answer": ({S.RECEIVED, S.PROCESSING, S.EXTENDED}, True),
    "mass_reasons": ({S.RECEIVED, S.PROCESSING, S.EXTENDED}, True),  # Art. 35
    "defer": ({S.RECEIVED, S.PROCESSING, S.EXTENDED}, True),
    "deliver": ({S.ANSWERED}, False),
    "close": ({S.ANSWERED}, False),
    "withdraw": (OPEN, True),
    "abandon": ({S.CORRECTION}, True),
    "records": ({S.RECEIVED, S.PROCESSING, S.EXTENDED, S.ANSWERED, S.CLOSED}, False),  # Art. 41
    "propose_proactive": ({S.ANSWERED, S.CLOSED}, False),  # Art. 44
}
# What the preconditions of some actions need to look at the state alone.
SATISFIED = {
    "defer": {"reasons_requested_on": datetime.date(2025, 3, 4)},
    "propose_proactive": {"answer_type": "disclose"},
    "answer_on_the_spot": {"channel": "in_person", "received_on": timezone.localdate(), "fee_notified_on": None},
    "sign_off": {"answer_draft": {"answer_type": "disclose"}},
    "return_answer": {"answer_draft": {"answer_type": "disclose"}},
}


def request_in(state, **fields):
    """A request with nothing recorded yet except a pending fee (so fee_paid's precondition holds)."""
    values = {"fee_notified_on": datetime.date(2025, 3, 4), "fee_paid_on": None}
    if state == S.ABANDONED:
        values["answer_type"] = "other_1"  # abandoned for want of a correction
    values.update(fields)
    return DisclosureRequest(state=state, **values)


def test_the_table_lists_exactly_these_actions_in_this_order():
    assert list(transitions.TRANSITIONS) == list(EXPECTED)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_states_and_office_only(name):
    states, office_only = EXPECTED[name]
    rule = transitions.TRANSITIONS[name]
    assert set(rule.states) == states and rule.office_only is office_only
    for state in S:
        # answer and fee_notice also look at the fee: look at them without one.
        disclosure_request = (
            request_in(state, fee_notified_on=None)
            if name in ("answer", "fee_notice")
            else request_in(state, **SATISFIED.get(name, {}))
        )
        refused = transitions.refusal(disclosure_request, name)
        if state in states:
            assert refused == "", (name, state, refused)
        else:
            assert refused == f"当前状态为“{disclosure_request.get_state_display()}”，不能{rule.verb}", (name, state)
        assert (name in transitions.available(disclosure_request, office=True)) == (state in states)
        assert (name in transitions.available(disclosure_request, office=False)) == (
            state in states and not office_only
        )


def test_preconditions():
    def refusal(name, **fields):
        return transitions.refusal(request_in(S.PROCESSING, **fields), name)

    assert "一次性告知" in refusal("correction", correction_notified_on=datetime.date(2025, 3, 5))
    assert refusal("correction", correction_notified_on=None) == ""
    assert "只能延长一次" in refusal("extend", extension_days=20)
    assert refusal("extend", extension_days=0) == ""
    assert "已发出过收费通知" in refusal("fee_notice")
    assert refusal("fee_notice", fee_notified_on=None) == ""
    assert "没有待缴纳" in refusal("fee_paid", fee_paid_on=datetime.date(2025, 3, 6))
    assert "没有待缴纳" in refusal("fee_paid", fee_notified_on=None)
    assert refusal("fee_paid") == ""
    assert "尚未缴纳信息处理费" in refusal("answer")
    assert refusal("answer", fee_paid_on=datetime.date(2025, 3, 6)) == ""
    unpaid = transitions.refusal(request_in(S.ABANDONED, answer_type="other_2"), "corrected")
    assert unpaid == "申请已终结，不能接收补正"  # only 视为放弃 for want of a correction is undone
    asked = datetime.date(2025, 3, 4)
    assert "已要求申请人说明理由" in refusal("mass_reasons", reasons_requested_on=asked)
    assert refusal("mass_reasons") == ""
    assert "须先要求申请人说明理由" in refusal("defer")
    assert "已确定延迟答复期限" in refusal("defer", reasons_requested_on=asked, deferred_due_on=asked)
    withheld = transitions.refusal(request_in(S.ANSWERED, answer_type="withhold_1"), "propose_proactive")
    assert "只有予以公开或部分公开" in withheld


def test_on_the_spot_preconditions():
    """当场答复: made in person or orally, answered the day it is made, no fee outstanding."""

    def refusal(**fields):
        values = {"channel": "in_person", "received_on": timezone.localdate(), "fee_notified_on": None, **fields}
        return transitions.refusal(request_in(S.RECEIVED, **values), "answer_on_the_spot")

    assert refusal() == "" and refusal(channel="oral") == ""
    for channel in ("online", "post", "plain_post", "fax", "email"):
        assert refusal(channel=channel) == "只有当面或口头提出的申请可以当场答复", channel
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert "须在收到申请当日作出" in refusal(received_on=yesterday)
    assert "尚未缴纳信息处理费" in refusal(fee_notified_on=yesterday)


def test_the_answer_periods_last_day_still_allows_an_extension_or_a_fee_notice():
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    for name, verb, fields in (("extend", "延期", {"extension_days": 0}), ("fee_notice", "发出收费通知", {})):
        on_the_day = request_in(S.PROCESSING, due_on=today, fee_notified_on=None, **fields)
        assert transitions.refusal(on_the_day, name) == "", name
        passed = request_in(S.PROCESSING, due_on=yesterday, fee_notified_on=None, **fields)
        assert transitions.refusal(passed, name) == f"答复期限（{yesterday}）已过，不能{verb}"


def test_the_texts_of_the_on_the_spot_refusals():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    def refusal(**fields):
        values = {"channel": "in_person", "received_on": timezone.localdate(), "fee_notified_on": None, **fields}
        return transitions.refusal(request_in(S.RECEIVED, **values), "answer_on_the_spot")

    assert refusal(received_on=yesterday) == "当场答复须在收到申请当日作出；不能当场答复的，应在答复期限内答复"
    assert refusal(fee_notified_on=yesterday) == "申请人尚未缴纳信息处理费，不能当场答复"
