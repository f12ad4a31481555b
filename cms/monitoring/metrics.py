"""Prometheus metrics: request latency (middleware), and at scrape time the search outbox lag,
the Celery queue length and the open disclosure requests by urgency (deadlines due).

Under gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR (an empty folder per start,
deploy/ does it) so that /metrics adds up every worker; gunicorn.conf.py drops dead workers."""

import os
import time

from django.conf import settings
from kombu.exceptions import ChannelError
from prometheus_client import REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from search import indexing

REQUEST_LATENCY = Histogram(
    "gongkai_http_request_duration_seconds",
    "Server time per request, by URL pattern, method and status",
    ["route", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30),
)


class RequestMetricsMiddleware:
    """First in MIDDLEWARE: times the whole request. The route label is the URL pattern,
    never the path, so the label set stays small whatever the clients ask for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.route or match.view_name) if match else "unmatched"
        REQUEST_LATENCY.labels(route=route[:120], method=request.method, status=str(response.status_code)).observe(
            time.perf_counter() - started
        )
        return response


def celery_queue_lengths():
    """{queue: messages waiting} from the broker, or {} without a broker (tasks run eagerly)."""
    if not getattr(settings, "CELERY_BROKER_URL", ""):
        return {}
    from cms.celery import app

    names = {app.conf.task_default_queue} | {q.name for q in (app.conf.task_queues or ())}
    lengths = {}
    with app.connection_for_read(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=float(getattr(settings, "HEALTH_TIMEOUT", 3)))
        channel = conn.default_channel
        for name in sorted(names):
            try:
                lengths[name] = channel.queue_declare(queue=name, passive=True).message_count
            except ChannelError:  # never declared: no worker started yet, nothing waiting
                lengths[name] = 0
    return lengths


def disclosure_request_urgency():
    """Open disclosure requests by urgency (overdue, due_soon, normal, paused) today."""
    from disclosure_requests.deadlines import WorkingCalendar
    from disclosure_requests.models import OPEN_STATES, DisclosureRequest
    from disclosure_requests.services import urgency

    counts = {"overdue": 0, "due_soon": 0, "normal": 0, "paused": 0}
    calendar = WorkingCalendar()
    open_requests = DisclosureRequest.objects.filter(state__in=OPEN_STATES).only(
        "state", "due_on", "correction_due_on", "due_paused"
    )
    for disclosure_request in open_requests.iterator():
        level = urgency(disclosure_request, calendar=calendar)
        counts[level] = counts.get(level, 0) + 1
    return counts


class StateCollector:
    """Gauges read from the database and the broker when Prometheus scrapes."""

    def collect(self):
        lag = GaugeMetricFamily(
            "gongkai_search_outbox_oldest_pending_seconds", "Age of the oldest pending index change", labels=["target"]
        )
        pending = GaugeMetricFamily("gongkai_search_outbox_pending", "Index changes not yet applied", labels=["target"])
        failing = GaugeMetricFamily(
            "gongkai_search_outbox_failing", "Pending index changes that failed at least once", labels=["target"]
        )
        for target, row in indexing.status().items():
            lag.add_metric([target], row["oldest_pending_seconds"])
            pending.add_metric([target], row["pending"])
            failing.add_metric([target], row["failing"])
        yield from (lag, pending, failing)

        due = GaugeMetricFamily(
            "gongkai_disclosure_requests_open",
            "Open disclosure requests by deadline urgency (overdue, due_soon, normal, paused)",
            labels=["urgency"],
        )
        for level, count in disclosure_request_urgency().items():
            due.add_metric([level], count)
        yield due

        queue = GaugeMetricFamily("gongkai_celery_queue_length", "Celery messages waiting", labels=["queue"])
        broker_up = GaugeMetricFamily("gongkai_celery_broker_up", "1 when the broker answered the scrape")
        if getattr(settings, "CELERY_BROKER_URL", ""):
            try:
                for name, length in celery_queue_lengths().items():
                    queue.add_metric([name], length)
                broker_up.add_metric([], 1)
            except Exception:  # noqa: BLE001 - a broker outage is a value, not a failed scrape
                broker_up.add_metric([], 0)
            yield from (queue, broker_up)


def exposition():
    """The text format: process metrics (every worker's under PROMETHEUS_MULTIPROC_DIR) + state."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    state = CollectorRegistry(auto_describe=False)
    state.register(StateCollector())
    return generate_latest(registry) + generate_latest(state)
