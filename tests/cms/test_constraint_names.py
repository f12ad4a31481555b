"""A database constraint's name never reaches a user (issue 12, Low): model validation says what
is wrong in Chinese, and a write the database refuses is a Chinese 409 (page or JSON), not a 500
naming the constraint or its columns."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from disclosure_requests import api as intake_api
from disclosure_requests import views as intake_views
from pages.models import Department, DisclosureEntry

from ..factories import PERSON, new_entry

MESSAGE = "与已有的记录冲突（例如重复），未保存。请检查后重试。"
LEAKS = ("department_unique_name_per_portal", "UNIQUE constraint", "unique constraint", "pages_department")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_validation_message_of_a_conditional_constraint_names_no_constraint(catalog):
    new_entry(catalog["dibao"], title="甲", source_id="SRC-1")
    twin = new_entry(catalog["budget"], title="乙")
    twin = DisclosureEntry.objects.get(pk=twin.pk)
    twin.source_id = "SRC-1"
    with pytest.raises(ValidationError) as refused:
        twin.validate_constraints()
    assert refused.value.messages == [MESSAGE]


@pytest.fixture
def duplicate_department(catalog, portal):
    """A service that hits a real constraint in the database (as a race between two writers would)."""

    def write(*args, **kwargs):
        with transaction.atomic():  # as the services write
            Department.objects.create(portal=portal, name=catalog["civil"].name)

    return write


def test_api_answers_409_in_chinese(portal, monkeypatch, duplicate_department):
    monkeypatch.setattr(intake_api, "submit_request", duplicate_department)
    response = APIClient().post("/api/v2/requests/", dict(PERSON, portal=portal.slug), format="json")
    assert response.status_code == 409
    assert response.json() == {"code": "conflict", "message": MESSAGE, "errors": None}
    assert not any(leak in response.content.decode() for leak in LEAKS)


def test_page_answers_409_in_chinese_even_with_debug(portal, monkeypatch, duplicate_department, settings):
    settings.DEBUG = True  # make run: the debug page would show the constraint
    monkeypatch.setattr(intake_views.services, "submit_request", duplicate_department)
    response = Client(raise_request_exception=False).post(
        "/yishenqing/", dict(PERSON, confirm="on", organization_kind="", idempotency_key="k1")
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert MESSAGE in page and not any(leak in page for leak in LEAKS)
