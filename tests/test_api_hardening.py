"""Issue 12: the public API cache serves JSON clients JSON only; rich text is sanitised on every
write path of the drafts API and on output of the public API."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.test import APIClient

from cms.middleware import PublicAPICacheMiddleware
from pages.models import DisclosureEntry
from workflows import services

from .conftest import make_user, new_entry


@pytest.fixture
def public_cache(settings):
    settings.PUBLIC_API_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(catalog, portal):
    leader = make_user("hardening_leader", portal.leaders_group)
    entry = new_entry(catalog["budget"], title="缓存格式测试")
    services.force_publish(entry, leader, "测试数据")
    return DisclosureEntry.objects.get(pk=entry.pk)


# -- finding 3: one HTML request must not poison the cache for JSON clients ---------------------


@pytest.mark.parametrize("path", ["/api/v2/entries/", "/api/v2/portals/", "/api/v2/entries/{pk}/"])
def test_an_html_request_never_poisons_the_cache_for_json_clients(public_cache, published, path):
    path = path.format(pk=published.pk)
    browser = APIClient().get(path, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser.status_code == 200
    assert browser["Content-Type"].startswith("application/json")  # anonymous: no browsable API
    strict_html = APIClient().get(path, HTTP_ACCEPT="text/html")
    assert not strict_html["Content-Type"].startswith("text/html")
    for accept in ("application/json", "*/*", None):
        extra = {"HTTP_ACCEPT": accept} if accept else {}
        response = APIClient().get(path, **extra)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/json"), accept
        response.json()


def test_the_browsable_api_remains_for_signed_in_staff(public_cache, published, users):
    client = APIClient()
    client.force_login(users["admin"])
    response = client.get("/api/v2/entries/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    # ... and what staff saw is not what the anonymous public then gets from the cache.
    anonymous = APIClient().get("/api/v2/entries/")
    assert anonymous["Content-Type"].startswith("application/json")


def test_the_cache_never_stores_html(public_cache):
    html = PublicAPICacheMiddleware(lambda r: HttpResponse("<html>staff view</html>", content_type="text/html"))
    html(RequestFactory().get("/api/v2/entries/"))
    json_view = PublicAPICacheMiddleware(lambda r: HttpResponse(b"{}", content_type="application/json"))
    assert json_view(RequestFactory().get("/api/v2/entries/")).content == b"{}"
