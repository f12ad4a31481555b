"""Public API of 政务咨询 (/api/v2/questions/): intake with an idempotency key, status by code,
Chinese errors, the form's limit per address, no contact data out, in the OpenAPI schema."""

import json

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from interaction import services
from interaction.models import Question

from ..factories import ASKER

pytestmark = pytest.mark.django_db
PERSONAL = (ASKER["asker_name"], ASKER["phone"], ASKER["email"])


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def post(api, data, key=None, path="/api/v2/questions/"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post(path, data, format="json", **headers)


def test_submit_retry_and_status_without_contact_data(portal, catalog, roles):
    api = APIClient()
    payload = dict(ASKER, portal=portal.slug, department=catalog["civil"].pk)
    first = post(api, payload, key="q-123")
    assert first.status_code == 201, first.json()
    code = first.json()["tracking_code"]
    assert first.json()["state"] == "待分派" and first.json()["due"]
    again = post(api, payload, key="q-123")
    assert again.status_code == 200 and again.json()["tracking_code"] == code
    other = post(api, dict(payload, subject="另一个问题"), key="q-123")
    assert other.status_code == 409 and code not in json.dumps(other.json())
    assert "Idempotency-Key" in other.json()["message"]
    assert Question.objects.count() == 1

    question = Question.objects.get()
    services.assign_question(question, roles["office"], catalog["civil"])
    services.answer_question(question, roles["civil_editor"], "请到民政办咨询。")
    status = post(api, {"code": code.lower()}, path="/api/v2/questions/status/")
    assert status.status_code == 200 and status.json()["answer"] == "请到民政办咨询。"
    assert status.json()["department"] == "民政办" and status.json()["state"] == "已答复"
    for response in (first, again, status):
        text = json.dumps(response.json(), ensure_ascii=False)
        assert not any(personal in text for personal in PERSONAL)
    missing = post(api, {"code": "ZXNOTACODE00"}, path="/api/v2/questions/status/")
    assert missing.status_code == 404 and missing.json()["message"] == "查询码不存在，请核对后重试"


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"phone": "", "email": ""}, "phone", "联系电话和电子邮箱至少填写一项"),
        ({"portal": "nope"}, "portal", "受理机关不存在"),
        ({"department": 999999}, "department", "所选部门不存在"),
    ],
)
def test_bad_input_gets_a_chinese_error_and_stores_nothing(portal, overrides, field, message):
    response = post(APIClient(), {**ASKER, "portal": portal.slug, **overrides})
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert message in json.dumps(response.json()["errors"][field], ensure_ascii=False)
    assert not Question.objects.exists()


def test_a_bad_key_and_a_form_post_are_refused(portal):
    api = APIClient()
    long_key = post(api, dict(ASKER, portal=portal.slug), key="x" * 65)
    assert long_key.status_code == 400 and "Idempotency-Key" in long_key.json()["errors"]
    form = api.post("/api/v2/questions/", dict(ASKER, portal=portal.slug))  # multipart, as a cross-site form
    assert form.status_code == 415
    assert not Question.objects.exists()


def test_the_api_shares_the_forms_limit_per_address(portal, settings):
    settings.INTERACTION_THROTTLE_RATE = (2, 3600)
    api = APIClient()
    codes = [post(api, dict(ASKER, portal=portal.slug, subject=f"问题{n}")).status_code for n in range(3)]
    assert codes == [201, 201, 429]
    assert Question.objects.count() == 2


def test_in_the_openapi_schema():
    doc = json.loads(APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    intake = doc["paths"]["/api/v2/questions/"]["post"]
    assert "/api/v2/questions/status/" in doc["paths"]
    assert any(p["name"] == "Idempotency-Key" for p in intake["parameters"])
    properties = doc["components"]["schemas"]["QuestionStatus"]["properties"]
    assert "tracking_code" in properties and not {"asker_name", "phone", "email"} & set(properties)
