"""Issue 12, findings 6–8: one intake limit for the form and the API, JSON only on the API, one
short receipt per address per hour, idempotency keys scoped to their payload, no tracking code
for another submitter, and a duplicate check that holds under concurrency."""

import json

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from disclosure_requests import services
from disclosure_requests.models import DisclosureRequest

from ..factories import PERSON, run_concurrently, travel

API_URL = "/api/v2/requests/"
FORM_URL = "/yishenqing/"


@pytest.fixture(autouse=True)
def fresh_cache():
    # The intake limit counts in Django's cache, which outlives each test's database.
    cache.clear()
    yield
    cache.clear()


def api_client(ip="10.12.0.1"):
    return APIClient(REMOTE_ADDR=ip)


def payload(portal, **overrides):
    return dict(PERSON, portal=portal.slug, **overrides)


def form_data(**overrides):
    return dict(PERSON, confirm="on", organization_kind="", **overrides)


def text_of(response):
    return json.dumps(response.json(), ensure_ascii=False)


# -- finding 6: one limit, JSON only, one short receipt per address per hour -------------------


def test_the_api_and_the_form_share_one_intake_limit(portal, settings):
    settings.DISCLOSURE_THROTTLE_RATE = (3, 3600)
    api = api_client("10.12.0.2")
    codes = [api.post(API_URL, payload(portal, description=f"第{i}件"), format="json").status_code for i in range(2)]
    assert codes == [201, 201]
    form = Client(REMOTE_ADDR="10.12.0.2")
    assert form.post(FORM_URL, form_data(description="表单第3件", idempotency_key="f3")).status_code == 302
    # The fourth submission from that address is refused, whichever route it takes.
    refused = api.post(API_URL, payload(portal, description="第4件"), format="json")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert "请求过于频繁" in refused.json()["message"] and refused["Retry-After"]
    assert form.post(FORM_URL, form_data(description="表单第5件", idempotency_key="f5")).status_code == 429
    assert DisclosureRequest.objects.count() == 3
    # Another address has its own allowance.
    assert api_client("10.12.0.3").post(API_URL, payload(portal, description="别处"), format="json").status_code == 201


def test_the_default_limit_is_five_an_hour(portal):
    api = api_client("10.12.0.4")
    codes = [api.post(API_URL, payload(portal, description=f"第{i}件"), format="json").status_code for i in range(6)]
    assert codes == [201] * 5 + [429]


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/x-www-form-urlencoded", "portal=town&applicant_type=person"),
        (
            "multipart/form-data; boundary=BoUnDaRy",
            '--BoUnDaRy\r\nContent-Disposition: form-data; name="portal"\r\n\r\ntown\r\n--BoUnDaRy--\r\n',
        ),
        ("text/plain", None),  # a cross-site form with enctype=text/plain carrying a JSON body
    ],
)
def test_the_api_takes_json_only(portal, content_type, body):
    data = body if body is not None else json.dumps(payload(portal))
    response = api_client("10.12.0.5").generic("POST", API_URL, data, content_type=content_type)
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"
    assert DisclosureRequest.objects.count() == 0


def test_status_and_withdrawal_take_json_only(portal):
    api = api_client("10.12.0.6")
    for path in ("/api/v2/requests/status/", "/api/v2/requests/withdraw/"):
        response = api.post(path, {"code": "ABCD", "verification": "1234"})  # multipart
        assert response.status_code == 415, path


def test_one_short_receipt_per_address_per_hour(portal, django_capture_on_commit_callbacks):
    def submit(on, hour, description):
        with travel(on, hour=hour), django_capture_on_commit_callbacks(execute=True):
            stored, _ = services.submit_request(portal, dict(PERSON, description=description))
        return stored

    first = submit("2025-03-03", 10, "2025年低保资金发放情况")
    second = submit("2025-03-03", 10, "2025年危房改造补助名单")  # same address, same hour
    receipts = [m for m in mail.outbox if m.to == [PERSON["email"]]]
    assert len(receipts) == 1
    body = receipts[0].body
    assert first.tracking_code in body and "/yishenqing/chaxun/" in body
    assert second.tracking_code not in body
    # Only the code and the link: nothing the submitter typed, nothing about the request.
    for typed in (PERSON["applicant_name"], PERSON["id_number"], PERSON["phone"], "低保", portal.body_name):
        assert typed not in body and typed not in receipts[0].subject
    assert "2025-03-31" not in body  # not even the deadline
    # An hour later the address may get the next one.
    third = submit("2025-03-03", 12, "2025年养老服务补贴名单")
    receipts = [m for m in mail.outbox if m.to == [PERSON["email"]]]
    assert len(receipts) == 2 and third.tracking_code in receipts[1].body


def test_receipt_limit_ignores_case_and_spaces_of_the_address(portal, django_capture_on_commit_callbacks):
    with travel("2025-03-03"), django_capture_on_commit_callbacks(execute=True):
        services.submit_request(portal, dict(PERSON, description="一"))
        services.submit_request(portal, dict(PERSON, description="二", email="Zhang@Example.com"))
    assert len([m for m in mail.outbox if m.to[0].lower() == PERSON["email"]]) == 1


# -- finding 7: keys scoped to their payload, no code for another submitter ----------------------


def test_an_over_long_idempotency_key_is_refused_not_truncated(portal):
    api = api_client("10.12.0.7")
    long_key = "k" * 65
    response = api.post(API_URL, payload(portal), format="json", HTTP_IDEMPOTENCY_KEY=long_key)
    assert response.status_code == 400 and "Idempotency-Key" in text_of(response)
    # The first 64 characters are another key, not the same one.
    first = api.post(API_URL, payload(portal), format="json", HTTP_IDEMPOTENCY_KEY="k" * 64)
    assert first.status_code == 201
    assert DisclosureRequest.objects.count() == 1
    with pytest.raises(services.InvalidIdempotencyKey):
        services.submit_request(portal, dict(PERSON, description="长键"), idempotency_key="x" * 65)


def test_the_same_key_with_another_payload_is_a_conflict(portal):
    victim = api_client("10.12.0.8").post(API_URL, payload(portal), format="json", HTTP_IDEMPOTENCY_KEY="shared-key")
    assert victim.status_code == 201
    code = victim.json()["tracking_code"]
    other = payload(portal, applicant_name="李四", id_number="110105194912310021", description="别的申请")
    response = api_client("10.12.0.9").post(API_URL, other, format="json", HTTP_IDEMPOTENCY_KEY="shared-key")
    assert response.status_code == 409 and response.json()["code"] == "idempotency_conflict"
    assert code not in text_of(response)
    assert DisclosureRequest.objects.count() == 1
    # A real retry (same key, same payload) still gets its own code back.
    retry = api_client("10.12.0.8").post(API_URL, payload(portal), format="json", HTTP_IDEMPOTENCY_KEY="shared-key")
    assert retry.status_code == 200 and retry.json()["tracking_code"] == code


def test_a_duplicate_by_someone_else_never_gets_the_first_code(portal):
    first = api_client("10.12.0.10").post(API_URL, payload(portal), format="json")
    assert first.status_code == 201
    code = first.json()["tracking_code"]
    # Same name, ID and description within 10 minutes, other contact details, no key or another key.
    impostor = payload(portal, phone="13800000000", email="other@example.com", address="别处")
    for headers in ({}, {"HTTP_IDEMPOTENCY_KEY": "impostor-key"}):
        response = api_client("10.12.0.11").post(API_URL, impostor, format="json", **headers)
        assert response.status_code == 409 and response.json()["code"] == "duplicate"
        assert code not in text_of(response) and "tracking_code" not in response.json()
        assert "重复" in response.json()["message"]
    assert DisclosureRequest.objects.count() == 1


def test_the_form_shows_the_receipt_only_to_the_browser_that_submitted(portal):
    browser = Client(REMOTE_ADDR="10.12.0.12")
    assert browser.post(FORM_URL, form_data(idempotency_key="form-a")).status_code == 302
    code = DisclosureRequest.objects.get().tracking_code
    # The same browser re-rendered the form and sent it again: its receipt.
    again = browser.post(FORM_URL, form_data(idempotency_key="form-b"))
    assert again.status_code == 302 and again.url.endswith("/yishenqing/huizhi/")
    # Anybody else with the same name, ID and description: an error, no code.
    other = Client(REMOTE_ADDR="10.12.0.13").post(FORM_URL, form_data(idempotency_key="form-c"))
    assert other.status_code == 200 and code not in other.content.decode()
    assert "重复" in other.content.decode()
    assert DisclosureRequest.objects.count() == 1


def test_staff_registering_the_same_paper_request_twice_is_sent_to_the_first(client, users, portal):
    client.force_login(users["admin"])
    data = dict(PERSON, portal=portal.pk, channel="in_person", received_on="2025-03-10", organization_kind="")
    with travel("2025-03-10"):
        first = client.post(reverse("disclosure_request_intake"), dict(data, idempotency_key="desk-1"))
        stored = DisclosureRequest.objects.get()
        second = client.post(reverse("disclosure_request_intake"), dict(data, idempotency_key="desk-2"))
    assert first.status_code == 302 and second.status_code == 302
    assert second.url == reverse("disclosure_request_handle", args=[stored.pk])
    assert DisclosureRequest.objects.count() == 1


def test_service_duplicate_and_conflict_carry_no_code(portal):
    with travel("2025-03-03"):
        stored, created = services.submit_request(portal, dict(PERSON), idempotency_key="svc-1")
        assert created
        with pytest.raises(services.DuplicateSubmission) as duplicate:
            services.submit_request(portal, dict(PERSON, phone="13800000000"))
        assert stored.tracking_code not in " ".join(duplicate.value.messages)
        with pytest.raises(services.IdempotencyConflict) as conflict:
            services.submit_request(portal, dict(PERSON, description="另一件"), idempotency_key="svc-1")
        assert stored.tracking_code not in " ".join(conflict.value.messages)
        again, created = services.submit_request(portal, dict(PERSON), idempotency_key="svc-1")
        assert again.pk == stored.pk and not created
    # Ten minutes later the same person may file the same request again (a new request).
    with travel("2025-03-04"):
        later, created = services.submit_request(portal, dict(PERSON))
    assert created and later.pk != stored.pk


# -- finding 8: the duplicate check holds under concurrency (SQLite and PostgreSQL) --------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifteen_identical_concurrent_submissions_make_one_request(portal):
    results, errors = run_concurrently(15, lambda i: services.submit_request(portal, dict(PERSON)))
    unexpected = [trace for exc, trace in errors if not isinstance(exc, services.DuplicateSubmission)]
    assert not unexpected, unexpected
    assert DisclosureRequest.objects.count() == 1, connection.vendor
    assert [created for _, created in results] == [True] and len(errors) == 14


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifteen_concurrent_retries_with_one_key_make_one_request(portal):
    results, errors = run_concurrently(
        15, lambda i: services.submit_request(portal, dict(PERSON), idempotency_key="retry-storm")
    )
    assert not errors, [trace for _, trace in errors]
    assert DisclosureRequest.objects.count() == 1, connection.vendor
    assert sorted(created for _, created in results) == [False] * 14 + [True]
    assert len({stored.pk for stored, _ in results}) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_to_one_address_send_one_receipt(portal):
    results, errors = run_concurrently(
        8, lambda i: services.submit_request(portal, dict(PERSON, description=f"并发申请{i}"))
    )
    assert not errors, [trace for _, trace in errors]
    assert DisclosureRequest.objects.count() == 8
    assert len([m for m in mail.outbox if m.to == [PERSON["email"]]]) == 1
