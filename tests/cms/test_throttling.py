"""API throttling, configured the way an operator does it: ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``
(from ``API_READ_RATE`` / ``API_WRITE_RATE``), for every public read endpoint and the write ones.

DRF copies the rates into ``SimpleRateThrottle.THROTTLE_RATES`` when it is imported, so a changed
setting reaches the throttles only through ``api_settings``: the fixture overrides the setting
(``setting_changed`` reloads ``api_settings``), points the class at the reloaded rates and restores
both afterwards.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from workflows import services

from ..factories import make_user, new_entry


@pytest.fixture
def throttle_rates(settings):
    original = SimpleRateThrottle.THROTTLE_RATES

    def configure(reads, writes):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"public_read": reads, "writes": writes},
        }
        api_settings.reload()
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        cache.clear()

    yield configure
    SimpleRateThrottle.THROTTLE_RATES = original
    cache.clear()


@pytest.fixture
def public_entry(catalog, portal):
    entry = new_entry(catalog["budget"], title="限流测试信息")
    services.force_publish(entry, make_user("throttle_leader", portal.leaders_group), "测试")
    return entry


def throttled(response):
    return response.status_code == 429 and "请求过于频繁" in response.json()["message"] and response["Retry-After"]


def read_endpoints(portal, entry):
    return [
        "/api/v2/entries/",
        f"/api/v2/entries/{entry.pk}/",
        "/api/v2/portals/",
        f"/api/v2/portals/{portal.slug}/catalog/",
        "/api/v2/search/?q=限流",
    ]


def test_every_public_read_is_throttled_at_the_configured_rate(throttle_rates, portal, public_entry):
    throttle_rates(reads="3/min", writes="100/min")
    for url in read_endpoints(portal, public_entry):
        cache.clear()
        client = APIClient()
        codes = [client.get(url).status_code for _ in range(3)]
        assert codes == [200, 200, 200], (url, codes)
        assert throttled(client.get(url)), url
        # Another client (address) has its own allowance.
        assert client.get(url, REMOTE_ADDR="10.0.0.2").status_code == 200, url


def test_reads_share_one_allowance_per_client_and_leave_writes_alone(throttle_rates, portal, public_entry, users):
    throttle_rates(reads="2/min", writes="100/min")
    client = APIClient()
    urls = read_endpoints(portal, public_entry)
    assert [client.get(u).status_code for u in urls[:2]] == [200, 200]
    assert throttled(client.get(urls[2]))
    client.force_authenticate(users["finance_editor"])
    assert client.post("/api/v2/drafts/", {}, format="json").status_code == 400  # a write is not a read


def test_a_higher_configured_rate_is_honoured(throttle_rates, portal, public_entry):
    throttle_rates(reads="6/min", writes="1/min")
    client = APIClient()
    assert [client.get("/api/v2/entries/").status_code for _ in range(6)] == [200] * 6
    assert throttled(client.get("/api/v2/entries/"))


def test_writes_are_throttled_at_the_configured_rate(throttle_rates, catalog, users, public_entry):
    throttle_rates(reads="100/min", writes="2/min")
    staff = APIClient()
    staff.force_authenticate(users["finance_editor"])
    assert [staff.post("/api/v2/drafts/", {}, format="json").status_code for _ in range(2)] == [400, 400]
    assert throttled(staff.post("/api/v2/drafts/", {}, format="json"))
    assert staff.get("/api/v2/entries/").status_code == 200  # reads keep their own allowance

    # The workflow endpoints (token) count against the same scope, per user.
    cache.clear()
    entry = new_entry(catalog["budget"], title="限流提交")
    entry.save_revision(user=users["finance_editor"])
    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=users['finance_editor']).key}")
    url = f"/api/v2/entries/{entry.pk}/workflow/reject/"
    assert all(token.post(url, {"comment": "x"}, format="json").status_code != 429 for _ in range(2))
    assert throttled(token.post(url, {"comment": "x"}, format="json"))

    # Anonymous writes: status look-ups by tracking code (guessing codes) are writes too.
    cache.clear()
    public = APIClient()
    codes = [public.post("/api/v2/requests/status/", {"code": "ABCD-EFGH-JKLM-NPQR"}, format="json") for _ in range(2)]
    assert all(r.status_code != 429 for r in codes)
    assert throttled(public.post("/api/v2/requests/status/", {"code": "ABCD-EFGH-JKLM-NPQR"}, format="json"))


def test_rates_come_from_the_environment():
    """``API_READ_RATE`` / ``API_WRITE_RATE`` (README, API) become the throttle rates."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "API_READ_RATE": "7/min", "API_WRITE_RATE": "3/hour", "DJANGO_SETTINGS_MODULE": "cms.settings"}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'])",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "'public_read': '7/min'" in out and "'writes': '3/hour'" in out


def test_a_forged_forwarded_for_header_gets_no_new_allowance(throttle_rates, portal, public_entry, settings):
    """DRF keys anonymous clients on X-Forwarded-For unless NUM_PROXIES is set (issue 12)."""
    throttle_rates(reads="2/min", writes="100/min")
    client = APIClient()
    assert [client.get("/api/v2/portals/", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code for i in (1, 2)] == [
        200,
        200,
    ]
    assert throttled(client.get("/api/v2/portals/", HTTP_X_FORWARDED_FOR="198.51.100.3"))
    # Behind a trusted proxy the address it appended counts, one allowance per real client.
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    cache.clear()
    proxied = [client.get("/api/v2/portals/", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}") for i in (1, 2, 3)]
    assert [r.status_code for r in proxied] == [200, 200, 200]
