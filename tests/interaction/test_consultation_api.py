"""Public API of 意见征集 (/api/v2/consultations/): what the public may see, the draft's text, an
opinion posted idempotently with Chinese errors, the form's limit, and the OpenAPI schema."""

import datetime
import json

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from interaction import services
from interaction.models import ConsultationComment
from workflows import services as review

pytestmark = pytest.mark.django_db
OPINION = {"content": "建议把审批时限缩短到10个工作日", "name": "李四", "contact": "13812345678"}


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def opinions_url(consultation):
    return f"/api/v2/consultations/{consultation.pk}/opinions/"


def post(api, url, data, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post(url, data, format="json", **headers)


def test_open_consultations_with_the_draft_text(consultation, portal):
    api = APIClient()
    listed = api.get("/api/v2/consultations/", {"portal": portal.slug, "accepting": "true"}).json()
    assert [c["id"] for c in listed["results"]] == [consultation.pk]
    row = listed["results"][0]
    assert row["accepting"] is True and row["state"] == "征集中" and row["department"] == "民政办"
    assert row["draft"]["title"] == "某镇低保审批办法（征求意见稿）" and row["feedback"] is None
    detail = api.get(f"/api/v2/consultations/{consultation.pk}/").json()
    assert "起草说明：规范审批。" in detail["draft_body"] and detail["opinions"] is None
    assert api.get("/api/v2/consultations/", {"portal": "elsewhere"}).json()["results"] == []


def test_an_opinion_posted_twice_is_stored_once_and_nothing_personal_comes_back(consultation):
    api = APIClient()
    first = post(api, opinions_url(consultation), OPINION, key="op-1")
    assert first.status_code == 201, first.json()
    again = post(api, opinions_url(consultation), OPINION, key="op-1")
    assert again.status_code == 200 and again.json()["submitted_at"] == first.json()["submitted_at"]
    other = post(api, opinions_url(consultation), dict(OPINION, content="另一条意见"), key="op-1")
    assert other.status_code == 409 and "Idempotency-Key" in other.json()["message"]
    assert ConsultationComment.objects.count() == 1
    comment = ConsultationComment.objects.get()
    assert (comment.name, comment.contact, comment.moderation) == ("李四", "13812345678", "pending")
    outputs = [first, again, api.get("/api/v2/consultations/"), api.get(f"/api/v2/consultations/{consultation.pk}/")]
    for response in outputs:
        text = json.dumps(response.json(), ensure_ascii=False)
        assert not any(secret in text for secret in OPINION.values())


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"content": ""}, "content", "请填写意见内容"),
        ({}, "content", "请填写意见内容"),
        ({"content": "长" * 3001}, "content", "意见内容不能超过3000字"),
        ({"content": "意见", "contact": "1" * 101}, "contact", "联系方式不能超过100字"),
    ],
)
def test_bad_input_gets_a_chinese_error_and_stores_nothing(consultation, data, field, message):
    response = post(APIClient(), opinions_url(consultation), data)
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert message in json.dumps(response.json()["errors"][field], ensure_ascii=False)
    assert not ConsultationComment.objects.exists()


def test_a_form_post_and_a_bad_key_are_refused(consultation):
    api = APIClient()
    assert api.post(opinions_url(consultation), OPINION).status_code == 415  # multipart, as a cross-site form
    assert post(api, opinions_url(consultation), OPINION, key="x" * 65).status_code == 400
    assert not ConsultationComment.objects.exists()


def test_the_api_shares_the_opinion_forms_limit(consultation, settings, client):
    settings.INTERACTION_THROTTLE_RATE = (2, 3600)
    client.post(f"/hudong/zhengji/{consultation.pk}/", {"content": "网页提交的意见"})
    codes = [post(APIClient(), opinions_url(consultation), {"content": f"意见{n}"}).status_code for n in range(2)]
    assert codes == [201, 429] and ConsultationComment.objects.count() == 2


def test_after_the_period_opinions_are_refused_and_it_stays_hidden_until_the_feedback_is_public(
    consultation, roles, catalog
):
    api = APIClient()
    consultation.opens_on = datetime.date.today() - datetime.timedelta(days=40)
    consultation.closes_on = datetime.date.today() - datetime.timedelta(days=1)
    consultation.save()
    assert api.get(f"/api/v2/consultations/{consultation.pk}/").status_code == 404
    assert post(api, opinions_url(consultation), OPINION).status_code == 404
    assert api.get("/api/v2/consultations/").json()["results"] == []
    entry = services.prepare_feedback(consultation, roles["office"])
    assert api.get(f"/api/v2/consultations/{consultation.pk}/").status_code == 404  # feedback under review
    review.force_publish(entry, roles["leader"], "测试发布")
    detail = api.get(f"/api/v2/consultations/{consultation.pk}/").json()
    assert detail["accepting"] is False and detail["state"] == "征集已结束"
    assert detail["feedback"]["id"] == entry.pk and detail["opinions"] == {
        "received": 0,
        "adopted": 0,
        "partly_adopted": 0,
        "not_adopted": 0,
    }
    refused = post(api, opinions_url(consultation), OPINION)
    assert refused.status_code == 400 and "不在征集期内" in json.dumps(refused.json(), ensure_ascii=False)


def test_in_the_openapi_schema():
    doc = json.loads(APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    intake = doc["paths"]["/api/v2/consultations/{id}/opinions/"]["post"]
    assert "/api/v2/consultations/" in doc["paths"] and "/api/v2/consultations/{id}/" in doc["paths"]
    assert any(p["name"] == "Idempotency-Key" for p in intake["parameters"])
    receipt = doc["components"]["schemas"]["OpinionReceipt"]["properties"]
    assert not {"name", "contact", "content"} & set(receipt)
    assert "draft_body" in doc["components"]["schemas"]["PublicConsultationDetail"]["properties"]
