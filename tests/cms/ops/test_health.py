"""/health/ against the real services: every dependency up, each one down, what the public sees."""

import datetime
import json

import pytest
from django.utils import timezone

from search.models import IndexOutbox
from tests.factories import make_user

pytestmark = pytest.mark.django_db

DEAD = "127.0.0.1:1"  # nothing listens there: connection refused at once


def get(client, **headers):
    response = client.get("/health/", **headers)
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    return response, json.loads(response.content)


def test_every_dependency_up(all_services, client, monitor):
    response, body = get(client, **monitor)
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "search", "search_outbox"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["search"]["detail"]["status"] in ("green", "yellow")
    assert body["checks"]["cache"]["detail"]["backend"] == "RedisCache"


def test_only_configured_services_are_checked(client, monitor):
    response, body = get(client, **monitor)
    assert response.status_code == 200
    assert set(body["checks"]) == {"database", "cache", "search_outbox"}


@pytest.mark.parametrize("service", ["broker", "search", "cache"])
def test_a_dependency_down_is_503_and_named(all_services, client, monitor, service):
    if service == "broker":
        all_services.CELERY_BROKER_URL = f"redis://{DEAD}/0"
    elif service == "search":
        all_services.SEARCH_URL = f"http://{DEAD}"
    else:
        all_services.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://{DEAD}/0"}
        }
    response, body = get(client, **monitor)
    assert response.status_code == 503
    assert body["status"] == "down"
    assert not body["checks"][service]["ok"]
    assert body["checks"][service]["error"]
    assert all(check["ok"] for name, check in body["checks"].items() if name != service)


def test_outbox_lag_over_the_limit_is_down(client, monitor, settings):
    row = IndexOutbox.objects.create(entry_id=1, target="database")
    IndexOutbox.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    settings.HEALTH_OUTBOX_MAX_LAG = 60
    response, body = get(client, **monitor)
    assert response.status_code == 503
    outbox = body["checks"]["search_outbox"]
    assert not outbox["ok"]
    assert outbox["detail"]["targets"]["database"]["pending"] == 1
    assert outbox["detail"]["targets"]["database"]["oldest_pending_seconds"] >= 600
    settings.HEALTH_OUTBOX_MAX_LAG = 3600
    assert get(client, **monitor)[0].status_code == 200


def test_the_public_sees_up_or_down_only(all_services, client):
    all_services.SEARCH_URL = f"http://{DEAD}"
    response, body = get(client)
    assert response.status_code == 503
    assert body == {"status": "down"}
    assert DEAD not in response.content.decode()
    all_services.SEARCH_URL = ""
    response, body = get(client)
    assert (response.status_code, body) == (200, {"status": "ok"})


def test_who_sees_the_details(client, settings):
    def detailed(**headers):
        return "checks" in get(client, **headers)[1]

    assert not detailed(HTTP_AUTHORIZATION="Bearer wrong")
    assert detailed(HTTP_AUTHORIZATION="Bearer monitoring-secret-token")
    settings.MONITORING_TOKEN = ""  # no token configured: an empty bearer must not match
    assert not detailed(HTTP_AUTHORIZATION="Bearer ")
    settings.MONITORING_ALLOWED_IPS = ["127.0.0.0/8"]
    assert detailed()  # the test client connects from 127.0.0.1
    # Relayed by a proxy: the proxy's loopback address says nothing about the client.
    assert not detailed(HTTP_X_FORWARDED_FOR="203.0.113.9")
    settings.MONITORING_ALLOWED_IPS = []
    staff = make_user("staff_member")
    client.force_login(staff)
    assert not detailed()
    client.force_login(make_user("root", superuser=True))
    assert detailed()


def test_anonymous_answers_are_reused(client, settings):
    settings.HEALTH_CACHE_SECONDS = 60
    from cms.monitoring import views

    views._last_public.update(at=0.0, result=None)
    assert get(client)[1] == {"status": "ok"}
    settings.SEARCH_URL = f"http://{DEAD}"  # goes down, but the public answer is a minute old
    assert get(client)[1] == {"status": "ok"}
    views._last_public.update(at=0.0, result=None)
    assert get(client)[1] == {"status": "down"}


def test_liveness_checks_nothing(client, settings):
    settings.SEARCH_URL = f"http://{DEAD}"
    response = client.get("/health/live/")
    assert (response.status_code, json.loads(response.content)) == (200, {"status": "ok"})
