"""One transitions table (disclosure_requests/transitions.py) for the services, the admin's handling
page and the staff API: what is offered is what is accepted, for whoever may take it."""

import datetime

import pytest

from disclosure_requests import actions, services, transitions
from disclosure_requests.models import RequestState

from ..factories import api_client_for, make_user, staff_action, travel

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


def test_a_departments_withdrawal_is_refused_everywhere(client, submit, catalog, users):
    """Issue 12: department staff cannot close a request as 申请人撤回 — not on the handling page, not
    through the staff API, not by calling the service; the office can."""
    disclosure_request = services.assign(submit(), catalog["civil"], users["admin"])
    civil = users["civil_editor"]
    client.force_login(civil)
    page = client.post(
        f"/admin/disclosure-requests/{disclosure_request.pk}/handle/",
        {"action": "withdraw", "withdraw-note": "电话撤回"},
    )
    assert page.status_code == 403 or (page.status_code == 302 and page["Location"] == "/admin/")
    api = staff_action(api_client_for(civil), disclosure_request, "withdraw", note="电话撤回")
    assert api.status_code == 403 and api.json()["message"] == "该操作须由政务公开办公室执行"
    with pytest.raises(services.RequestError, match="承办部门不能以申请人撤回结案"):
        services.withdraw(disclosure_request, civil, "电话撤回")
    disclosure_request.refresh_from_db()
    assert disclosure_request.state == RequestState.PROCESSING and not disclosure_request.answer_type
    assert not disclosure_request.events.filter(action="withdrawn").exists()
    assert services.withdraw(disclosure_request, users["admin"], "申请人来电撤回").state == RequestState.WITHDRAWN
