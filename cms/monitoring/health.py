"""Health checks: database, cache, Celery broker, search engine, search outbox lag.

``run_checks()`` is the service (the health view and ``manage.py health`` call it). Each check
returns ``(ok, detail)`` and may raise; an exception is a failed check whose message is kept
for the monitoring callers only (the public sees up/down, never an internal address or error).
"""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from search import indexing


def check_database():
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    return True, {"databases": len(connections.all())}


def check_cache():
    key = f"gongkai:health:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return ok, {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def check_broker():
    from cms.celery import app

    timeout = float(getattr(settings, "HEALTH_TIMEOUT", 3))
    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=timeout)
        channel = conn.default_channel  # opening a channel talks to the broker (Redis: PING)
    return channel is not None, {}


def check_search():
    from search.backends.elastic import make_client

    health = make_client().options(request_timeout=float(getattr(settings, "HEALTH_TIMEOUT", 3))).cluster.health()
    # yellow (a replica unassigned) still answers every search; red lost data.
    return health["status"] in ("green", "yellow"), {
        "status": health["status"],
        "nodes": health["number_of_nodes"],
    }


def check_outbox():
    """Index changes waiting longer than HEALTH_OUTBOX_MAX_LAG seconds mean the drain is stuck."""
    limit = float(getattr(settings, "HEALTH_OUTBOX_MAX_LAG", 300))
    lag = indexing.status()
    worst = max((row["oldest_pending_seconds"] for row in lag.values()), default=0)
    detail = {
        target: {k: row[k] for k in ("pending", "oldest_pending_seconds", "failing")} for target, row in lag.items()
    }
    return worst <= limit, {"max_lag_seconds": limit, "targets": detail}


def enabled_checks():
    checks = {"database": check_database, "cache": check_cache}
    if getattr(settings, "CELERY_BROKER_URL", ""):
        checks["broker"] = check_broker
    if getattr(settings, "SEARCH_URL", ""):
        checks["search"] = check_search
    checks["search_outbox"] = check_outbox
    return checks


def run_checks():
    """{"status": "ok"|"down", "checks": {name: {"ok", "ms", "detail" | "error"}}}."""
    results = {}
    for name, check in enabled_checks().items():
        started = time.monotonic()
        try:
            ok, detail = check()
            row = {"ok": bool(ok), "detail": detail}
        except Exception as exc:  # noqa: BLE001 - a failing dependency is the answer, not an error
            row = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:500]}
        row["ms"] = round((time.monotonic() - started) * 1000, 1)
        results[name] = row
    status = "ok" if all(r["ok"] for r in results.values()) else "down"
    return {"status": status, "checks": results}
