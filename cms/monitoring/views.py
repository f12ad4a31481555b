"""/health/ (up/down for everybody, details for monitoring clients), /health/live/, /metrics."""

import json
import time

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from .access import is_monitoring_client
from .health import run_checks

_last_public = {"at": 0.0, "result": None}


def _json(payload, status=200):
    return HttpResponse(json.dumps(payload, ensure_ascii=False), status=status, content_type="application/json")


@never_cache
@require_GET
def health(request):
    """200 {"status": "ok"} or 503 {"status": "down"}; monitoring clients also get every check.

    Anonymous answers are reused for HEALTH_CACHE_SECONDS, so polling it cannot load the
    database and the engine."""
    if is_monitoring_client(request):
        result = run_checks()
        return _json(result, 200 if result["status"] == "ok" else 503)
    now = time.monotonic()
    if _last_public["result"] is None or now - _last_public["at"] > getattr(settings, "HEALTH_CACHE_SECONDS", 5):
        _last_public.update(at=now, result=run_checks()["status"])
    status = _last_public["result"]
    return _json({"status": status}, 200 if status == "ok" else 503)


@never_cache
@require_GET
def live(request):
    """The process answers (no dependency checked): for a supervisor's liveness probe."""
    return _json({"status": "ok"})


@never_cache
@require_GET
def metrics(request):
    if not is_monitoring_client(request):
        raise Http404
    from .metrics import exposition

    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
