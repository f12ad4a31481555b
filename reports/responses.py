"""回应关切 timeliness for the dashboard (国办发〔2016〕61号: 48 hours, 24 for a major incident).

Per scope: the responses first published this year, how many within their limit, the late ones,
and the concerns whose response is not yet published although the limit has passed. A handful of
queries whatever the number of responses.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

ALERT_LIMIT = 20


def _hours(delta):
    return round(delta.total_seconds() / 3600, 1)


def response_timeliness(scope, now=None, limit=ALERT_LIMIT):
    from pages.models import MAJOR_RESPONSE_HOURS, RESPONSE_HOURS, ResponseEntry

    empty = {"published": 0, "in_time": 0, "late": {"count": 0, "rows": []}, "waiting": {"count": 0, "rows": []}}
    if scope.is_empty:
        return empty
    now = now or timezone.now()
    year = timezone.localtime(now).year
    responses = ResponseEntry.objects.filter(scope.entries_q())
    this_year = responses.responded().filter(first_published_at__year=year)
    late = this_year.late().select_related("department").order_by("-first_published_at")
    # Not yet published: still a draft or in review, and already past its limit.
    waiting = (
        responses.filter(first_published_at__isnull=True)
        .filter(
            Q(major_incident=True, concern_noticed_at__lt=now - datetime.timedelta(hours=MAJOR_RESPONSE_HOURS))
            | Q(major_incident=False, concern_noticed_at__lt=now - datetime.timedelta(hours=RESPONSE_HOURS))
        )
        .select_related("department")
        .order_by("concern_noticed_at")
    )
    from .figures import cached_figures, scope_key

    published, late_count, late_pks = cached_figures(
        "responses",
        (scope_key(scope), year, limit),
        lambda: (this_year.count(), late.count(), list(late.values_list("pk", flat=True)[:limit])),
    )
    shown = late.model.objects.select_related("department").in_bulk(late_pks)
    return {
        "published": published,
        "in_time": published - late_count,
        "late": {
            "count": late_count,
            "rows": [
                {"entry": entry, "hours": entry.response_hours(), "limit_hours": entry.limit_hours}
                for entry in (shown[pk] for pk in late_pks if pk in shown)
            ],
        },
        "waiting": {
            "count": waiting.count(),
            "rows": [
                {"entry": entry, "hours": _hours(now - entry.concern_noticed_at), "limit_hours": entry.limit_hours}
                for entry in waiting[:limit]
            ],
        },
    }
