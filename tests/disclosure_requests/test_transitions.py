"""One transitions table (disclosure_requests/transitions.py) for the services, the admin's handling
page and the staff API: what is offered is what is accepted, for whoever may take it."""

import datetime

import pytest

from disclosure_requests import actions, services, transitions
from disclosure_requests.models import RequestState

from ..factories import make_user, travel

D = datetime.date.fromisoformat


@pytest.fixture
def office(portal):
    return make_user("office", superuser=True)


def test_every_action_has_exactly_one_rule():
    assert set(actions.ACTIONS) == set(transitions.TRANSITIONS)


@pytest.mark.parametrize("state", list(RequestState))
def test_services_refuse_exactly_what_the_table_refuses(submit, state):
    """``require`` (the services' check) and ``available`` (what the admin and API offer) read
    the same table, state by state."""
    disclosure_request = submit()
    disclosure_request.state = state
    offered = transitions.available(disclosure_request, office=True)
    for name, rule in transitions.TRANSITIONS.items():
        refused = transitions.refusal(disclosure_request, name)
        assert (name in offered) == (not refused), name
        if state not in rule.states:
            assert refused
        if refused:
            with pytest.raises(services.RequestError) as exc:
                services.require(disclosure_request, name)
            assert str(exc.value) == refused


def test_the_office_reassigns_while_a_third_party_is_consulted(submit, catalog, office):
    """Offered (the handling page once did not) and accepted (the service always did)."""
    disclosure_request = services.assign(submit(on="2025-03-03"), catalog["finance"], office)
    with travel("2025-03-05"):
        services.start_consultation(disclosure_request, office, "third_party", "某公司", started_on=D("2025-03-05"))
        disclosure_request.refresh_from_db()
        assert disclosure_request.state == RequestState.CONSULTING
        assert "assign" in actions.available_actions(office, disclosure_request)
        disclosure_request = services.assign(disclosure_request, catalog["civil"], office)
    assert disclosure_request.department == catalog["civil"] and disclosure_request.state == RequestState.CONSULTING


def test_a_payment_is_recorded_while_the_applicant_corrects(submit, office):
    """A fee notice, then a correction: the payment can still be recorded (once it was not offered)."""
    disclosure_request = submit(on="2025-03-03")
    with travel("2025-03-04"):
        disclosure_request = services.issue_fee_notice(disclosure_request, office, "20", "per_volume", pages=32)
        disclosure_request = services.request_correction(disclosure_request, office, "请补充所需信息的文号")
        assert disclosure_request.state == RequestState.CORRECTION and disclosure_request.fee_pending
        assert "fee_paid" in actions.available_actions(office, disclosure_request)
        disclosure_request = services.record_fee_payment(disclosure_request, office, D("2025-03-04"))
    assert disclosure_request.fee_paid_on == D("2025-03-04")


def test_only_the_office_ends_a_request_on_the_applicants_word(submit, catalog, users):
    disclosure_request = services.assign(submit(), catalog["finance"])
    assert "withdraw" not in actions.available_actions(users["finance_editor"], disclosure_request)
    assert "withdraw" in actions.available_actions(users["admin"], disclosure_request)
