"""Public API for disclosure requests: intake with idempotency, status without personal data."""

import json

from rest_framework.test import APIClient

from disclosure_requests.models import DisclosureRequest

from ..factories import PERSON


def test_intake_and_status_over_the_api(portal):
    api = APIClient()
    payload = dict(PERSON, portal=portal.slug)
    first = api.post("/api/v2/requests/", payload, format="json", HTTP_IDEMPOTENCY_KEY="key-123")
    assert first.status_code == 201, first.json()
    code = first.json()["tracking_code"]
    assert first.json()["state"] and first.json()["deadline"]
    again = api.post("/api/v2/requests/", payload, format="json", HTTP_IDEMPOTENCY_KEY="key-123")
    assert again.status_code == 200 and again.json()["tracking_code"] == code
    assert DisclosureRequest.objects.count() == 1

    status = api.post("/api/v2/requests/status/", {"code": code.replace("-", "").lower()}, format="json")
    assert status.status_code == 200 and status.json()["tracking_code"] == code
    text = json.dumps(status.json(), ensure_ascii=False)
    for personal in (
        PERSON["applicant_name"],
        PERSON["id_number"],
        PERSON["phone"],
        PERSON["email"],
        PERSON["address"],
    ):
        assert personal not in text
    assert api.post("/api/v2/requests/status/", {"code": "NOPE"}, format="json").status_code == 404


def test_intake_validation_in_chinese(portal):
    api = APIClient()
    bad = api.post("/api/v2/requests/", dict(PERSON, portal=portal.slug, description=""), format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    missing = api.post("/api/v2/requests/", dict(PERSON, portal="nope"), format="json")
    assert missing.status_code == 400 and "受理机关" in json.dumps(missing.json(), ensure_ascii=False)
    assert DisclosureRequest.objects.count() == 0
