"""/metrics: who may read it, request latency, outbox lag, Celery queue length, deadlines due."""

import re

import pytest

from cms.celery import app
from search.models import IndexOutbox

pytestmark = pytest.mark.django_db


def scrape(client, **headers):
    response = client.get("/metrics", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def value(text, name, **labels):
    """The sample's value, or None."""
    for line in text.splitlines():
        match = re.fullmatch(rf"{re.escape(name)}(?:\{{(.*)\}})? (\S+)", line)
        if match:
            found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1) or ""))
            if all(found.get(k) == v for k, v in labels.items()):
                return float(match.group(2))
    return None


def test_only_monitoring_clients_read_it(client, settings):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer monitoring-secret-token").status_code == 200
    settings.MONITORING_ALLOWED_IPS = ["127.0.0.1", "::1"]
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 404
    settings.MONITORING_ALLOWED_IPS = ["10.0.0.0/8"]
    assert client.get("/metrics").status_code == 404


def test_request_latency_by_route(client, monitor):
    before = value(scrape(client, **monitor), "gongkai_http_request_duration_seconds_count", route="health/") or 0
    for _ in range(3):
        client.get("/health/")
    client.get("/no/such/page/at/all/")
    text = scrape(client, **monitor)
    count = value(text, "gongkai_http_request_duration_seconds_count", route="health/", method="GET", status="200")
    assert count == before + 3
    assert value(text, "gongkai_http_request_duration_seconds_bucket", route="health/", le="+Inf") == before + 3
    assert "/no/such/page" not in text  # a route label is a URL pattern, never the client's path


def test_outbox_lag_and_deadlines_due(client, monitor, submit):
    IndexOutbox.objects.create(entry_id=1, target="database")
    IndexOutbox.objects.create(entry_id=2, target="database", attempts=1, last_error="boom")
    submit(on="2025-03-03")  # long overdue
    from disclosure_requests.services import today

    submit(on=today().isoformat(), description="另一份申请：本镇2025年低保名单")
    text = scrape(client, **monitor)
    assert value(text, "gongkai_search_outbox_pending", target="database") == 2
    assert value(text, "gongkai_search_outbox_failing", target="database") == 1
    assert value(text, "gongkai_search_outbox_oldest_pending_seconds", target="database") >= 0
    assert value(text, "gongkai_disclosure_requests_open", urgency="overdue") == 1
    assert value(text, "gongkai_disclosure_requests_open", urgency="normal") == 1
    assert value(text, "gongkai_disclosure_requests_open", urgency="due_soon") == 0
    assert "boom" not in text


@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_celery_queue_length_from_the_real_broker(all_services, client, monitor):
    url = all_services.CELERY_BROKER_URL.rsplit("/", 1)[0] + "/13"  # a database no other test's worker consumes
    all_services.CELERY_BROKER_URL = url
    queue = app.conf.task_default_queue
    with app.connection_for_write(url) as conn:
        conn.default_channel.queue_declare(queue=queue)
        conn.default_channel.queue_purge(queue)
        try:
            for _ in range(3):
                app.send_task("search.tasks.sweep_outbox", connection=conn)
            text = scrape(client, **monitor)
        finally:
            conn.default_channel.queue_purge(queue)
    assert value(text, "gongkai_celery_broker_up") == 1
    assert value(text, "gongkai_celery_queue_length", queue=queue) == 3
    all_services.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    text = scrape(client, **monitor)
    assert value(text, "gongkai_celery_broker_up") == 0
