"""Staff API for disclosure requests over a token: the same visibility as the admin (office sees
all, a department only what is assigned to it), the same actions and services, JSON errors in
Chinese, in the OpenAPI schema."""

import datetime
import json

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from disclosure_requests import services
from disclosure_requests.models import DisclosureRequest, RequestState
from workflows import services as publishing

from ..factories import PERSON, make_user, new_entry, travel
from ..factories import api_client_for as client_for
from ..factories import staff_action as action

D = datetime.date.fromisoformat
LIST = "/api/v2/staff/requests/"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # write throttling counts per user in the cache
    yield
    cache.clear()


@pytest.fixture
def people(catalog, users):
    return {"office": users["admin"], "civil": users["civil_editor"], "finance": users["finance_editor"]}


@pytest.fixture
def stock(submit, catalog, people):
    """民政办's overdue request, 财政所's fresh one, an unassigned one."""
    civil = services.assign(submit(on="2025-01-02", description="低保"), catalog["civil"], people["office"])
    finance = services.assign(
        submit(on="2025-03-03", description="预算", applicant_name="李四", id_number="X1234", email="li@example.com"),
        catalog["finance"],
        people["office"],
    )
    loose = submit(on="2025-03-04", description="未分派", applicant_name="王五", email="w@example.com")
    return {"civil": civil, "finance": finance, "loose": loose}


def codes(response):
    return {r["tracking_code"] for r in response.json()["results"]}


def test_token_required():
    assert APIClient().get(LIST).status_code == 401


def test_office_sees_all_department_only_its_own(stock, people):
    with travel("2025-03-10"):
        office = client_for(people["office"]).get(LIST)
        civil = client_for(people["civil"]).get(LIST)
    assert codes(office) == {r.tracking_code for r in stock.values()}
    assert codes(civil) == {stock["civil"].tracking_code}
    row = civil.json()["results"][0]
    assert row["department_name"] == "民政办" and row["deadline"]["urgency"] == "overdue"
    assert "applicant_name" not in row  # the list carries no personal data
    assert client_for(people["civil"]).get(f"{LIST}{stock['finance'].pk}/").status_code == 404
    assert client_for(people["civil"]).get(f"{LIST}{stock['loose'].pk}/").status_code == 404
    outsider = client_for(make_user("outsider"))
    assert outsider.get(LIST).json()["count"] == 0
    assert outsider.get(f"{LIST}{stock['civil'].pk}/").status_code == 404


def test_filters_and_pagination(stock, people, catalog):
    api = client_for(people["office"])
    with travel("2025-03-10"):
        assert codes(api.get(LIST, {"urgency": "overdue"})) == {stock["civil"].tracking_code}
        assert codes(api.get(LIST, {"state": "received"})) == {stock["loose"].tracking_code}
        assert codes(api.get(LIST, {"department": catalog["finance"].pk})) == {stock["finance"].tracking_code}
        page = api.get(LIST, {"page_size": 2, "page": 2}).json()
        assert page["count"] == 3 and len(page["results"]) == 1 and page["previous"]
        bad = api.get(LIST, {"state": "lost", "department": "财政所", "urgency": "later"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    assert set(bad.json()["errors"]) == {"state", "department", "urgency"}
    assert "整数" in json.dumps(bad.json(), ensure_ascii=False)


def test_detail_with_timeline_deadline_and_personal_data(submit, people):
    disclosure_request = submit(on="2026-12-10")
    body = client_for(people["office"]).get(f"{LIST}{disclosure_request.pk}/").json()
    assert body["deadline"]["due_on"] == "2027-01-07" and body["deadline"]["provisional"] is True
    assert body["deadline"]["display"] == "2027-01-07（暂定）"
    assert body["applicant"]["id_number"] == PERSON["id_number"]
    assert body["timeline"][0]["action"] == "received"
    assert [a["name"] for a in body["actions"]] == [
        "assign",
        "correction",
        "consult",
        "extend",
        "fee_notice",
        "answer",
        "mass_reasons",
        "withdraw",
        "records",
    ]


def test_handling_through_the_api(submit, catalog, people, portal):
    entry = new_entry(catalog["dibao"], title="2025年低保资金发放情况")
    publishing.force_publish(entry, make_user("api_leader", portal.leaders_group), "测试数据")
    disclosure_request = submit(on="2025-03-03")
    office, civil = client_for(people["office"]), client_for(people["civil"])
    with travel("2025-03-04"):
        assigned = action(office, disclosure_request, "assign", department=catalog["civil"].pk)
    assert assigned.status_code == 200, assigned.json()
    assert assigned.json()["state"] == "processing" and assigned.json()["department_name"] == "民政办"
    # The department handles it now, but extensions and assignment stay with the office.
    names = [a["name"] for a in civil.get(f"{LIST}{disclosure_request.pk}/").json()["actions"]]
    assert "extend" not in names and "answer" in names
    denied = action(civil, disclosure_request, "extend", days=10, reason="量大", applicant_notified_on="2025-03-20")
    assert denied.status_code == 403 and denied.json()["message"] == "该操作须由政务公开办公室执行"
    with travel("2025-03-05"):
        consult = action(
            civil, disclosure_request, "consult", kind="third_party", party="某公司", started_on="2025-03-05"
        )
    assert consult.json()["consultations"][0]["reply_due_on"] == "2025-03-26"
    assert consult.json()["deadline"]["paused"] is True and consult.json()["deadline"]["due_on"] is None
    consultation = consult.json()["consultations"][0]["id"]
    with travel("2025-03-11"):
        ended = action(civil, disclosure_request, "consult_end", consultation=consultation, ended_on="2025-03-11")
    assert ended.json()["deadline"]["due_on"] == "2025-04-07"
    with travel("2025-03-20"):
        no_reason = action(office, disclosure_request, "extend", days=10, applicant_notified_on="2025-03-20")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    with travel("2025-03-20"):
        extended = action(
            office, disclosure_request, "extend", days=10, reason="需调取档案", applicant_notified_on="2025-03-20"
        )
    assert extended.json()["extension"] == {
        "days": 10,
        "reason": "需调取档案",
        "approved_by": "admin",
        "applicant_notified_on": "2025-03-20",
    }
    assert extended.json()["deadline"]["due_on"] == "2025-04-21"  # 2025-04-07 + 10 working days
    with travel("2025-03-25"):
        answered = action(
            civil, disclosure_request, "answer", answer_type="disclose", text="详见附件", entries=[entry.pk]
        )
        assert answered.status_code == 200, answered.json()
        assert answered.json()["state"] == "extended" and not answered.json()["answer"]["type"]  # prepared
        assert "sign_off" not in [a["name"] for a in answered.json()["actions"]]
        answered = action(client_for(people["office"]), disclosure_request, "sign_off", note="同意")
    assert answered.status_code == 200, answered.json()
    assert answered.json()["answer"]["type_display"] == "予以公开" and answered.json()["answer"]["entries"] == [
        entry.pk
    ]
    closed = action(civil, disclosure_request, "close", note="办结")
    assert closed.json()["state"] == "closed"
    stored = DisclosureRequest.objects.get(pk=disclosure_request.pk)
    assert stored.extension_approved_by == people["office"] and stored.answer_document
    assert [e.action for e in stored.events.all()] == [
        "received",
        "assigned",
        "consultation_started",
        "consultation_ended",
        "extended",
        "answer_prepared",
        "answered",
        "answer_signed_off",
        "closed",
    ]


def test_errors_are_json_in_chinese(submit, people, catalog):
    disclosure_request = submit(on="2025-03-03")
    api = client_for(people["office"])
    unknown = action(api, disclosure_request, "explode")
    assert unknown.status_code == 404 and unknown.json()["message"] == "不支持的操作「explode」"
    assert api.get(f"{LIST}999999/").json() == {
        "code": "not_found",
        "message": "找不到该申请或无权访问",
        "errors": None,
    }
    assert api.get(f"{LIST}{2**70}/").status_code == 404  # beyond the database's integers
    wrong_state = action(api, disclosure_request, "close")
    assert wrong_state.status_code == 409 and wrong_state.json()["code"] == "state_conflict"
    assert "已接收" in wrong_state.json()["message"]
    bad_types = action(api, disclosure_request, "assign", department={"id": 1})
    assert bad_types.status_code == 400 and "department" in bad_types.json()["errors"]
    not_object = api.post(f"{LIST}{disclosure_request.pk}/actions/assign/", [1, 2], format="json")
    assert not_object.status_code == 400
    bad_date = action(api, disclosure_request, "consult", kind="third_party", party="某公司", started_on="明天")
    assert bad_date.status_code == 400 and "started_on" in bad_date.json()["errors"]
    foreign = action(api, disclosure_request, "answer", answer_type="no-such-type")
    assert foreign.status_code == 400 and foreign.json()["code"] == "invalid"
    with travel("2025-03-03"):
        refused = action(
            api, disclosure_request, "fee_notice", amount="-1", method="per_request", notified_on="2025-03-03"
        )
    assert refused.status_code == 400
    with travel("2025-03-05"):
        big = action(api, disclosure_request, "extend", days=25, reason="x", applicant_notified_on="2025-03-05")
    assert big.status_code == 400 and "days" in big.json()["errors"]
    assert DisclosureRequest.objects.get(pk=disclosure_request.pk).state == RequestState.RECEIVED
    assert not DisclosureRequest.objects.get(pk=disclosure_request.pk).extension_days


def test_fee_and_abandon_actions(submit, people):
    disclosure_request = submit(on="2025-03-03")
    api = client_for(people["office"])
    with travel("2025-03-05"):
        fee = action(
            api, disclosure_request, "fee_notice", amount="100", pages=40, method="per_volume", notified_on="2025-03-05"
        )
    assert fee.status_code == 200, fee.json()
    assert fee.json()["fee"] == {
        "amount": "100.00",
        "method": "per_volume",
        "notified_on": "2025-03-05",
        "due_on": "2025-04-02",
        "paid_on": None,
        "pending": True,
    }
    assert "answer" not in [a["name"] for a in fee.json()["actions"]]
    with travel("2025-03-07"):
        paid = action(api, disclosure_request, "fee_paid", paid_on="2025-03-07")
    assert paid.json()["fee"]["pending"] is False and paid.json()["deadline"]["due_on"] == "2025-04-02"

    lapsed = submit(on="2025-03-03", description="另一件")
    with travel("2025-03-05"):
        action(api, lapsed, "correction", text="请补充文号")
    with travel("2025-03-20"):
        early = action(api, lapsed, "abandon")
    assert early.status_code == 400 and "尚未届满" in early.json()["message"]
    with travel("2025-03-27"):
        gone = action(api, lapsed, "abandon")
    assert gone.json()["state"] == "abandoned" and gone.json()["answer"]["type"] == "other_1"


def test_in_the_openapi_schema():
    doc = json.loads(APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    for path in (
        "/api/v2/staff/requests/",
        "/api/v2/staff/requests/{id}/",
        "/api/v2/staff/requests/{id}/actions/{action}/",
        "/api/v2/requests/withdraw/",
    ):
        assert path in doc["paths"], path
    params = doc["paths"]["/api/v2/staff/requests/{id}/actions/{action}/"]["post"]["parameters"]
    assert "fee_notice" in next(p for p in params if p["name"] == "action")["schema"]["enum"]
