"""JSON nested deeper than any payload of the API is a 400 with a Chinese message, never a 500
(issue 12, Low): the public intake and the staff drafts API."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

DEEP = "[" * 100_000 + "]" * 100_000
NESTED_40 = '{"a":' * 40 + "1" + "}" * 40


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("body", [DEEP, NESTED_40])
def test_public_intake(portal, body):
    response = APIClient().post("/api/v2/requests/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "JSON 嵌套层数超过 32 层，无法处理"


def test_staff_drafts(users):
    api = APIClient()
    api.force_authenticate(users["finance_editor"])
    response = api.post("/api/v2/drafts/", '{"title": ' + DEEP + "}", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "parse_error"


@pytest.mark.parametrize("path", ["/api/v2/questions/", "/api/v2/questions/status/"])
def test_public_question_api(portal, path):
    """The question API takes the same parser as the request intake: depth and control characters."""
    response = APIClient().post(path, DEEP, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "JSON 嵌套层数超过 32 层，无法处理"
