"""The indexing outbox: record index changes in the writing transaction, apply them after.

``enqueue(entry_ids)`` writes one ``IndexOutbox`` row per entry and target in the
current transaction (so a rolled-back publication never reaches the index and a
committed one is never forgotten) and schedules a drain after commit. ``drain``
reads each entry's current state, so applying a row twice is harmless; a row is
marked processed only once its target accepted the change.
"""

import contextvars
import logging
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import vocabulary
from .models import IndexOutbox

logger = logging.getLogger("search")

DATABASE, ELASTICSEARCH = "database", "elasticsearch"
BATCH = 500
KEEP_PROCESSED = timedelta(days=7)


def targets():
    return [DATABASE] + ([ELASTICSEARCH] if getattr(settings, "SEARCH_URL", "") else [])


def enqueue(entry_ids, drain_after_commit=True):
    ids = sorted({int(pk) for pk in entry_ids if pk is not None})
    if not ids:
        return
    IndexOutbox.objects.bulk_create(
        [IndexOutbox(entry_id=pk, target=t) for pk in ids for t in targets()], batch_size=1000
    )
    if drain_after_commit and not _one_drain.get():
        transaction.on_commit(schedule_drain)


_one_drain = contextvars.ContextVar("one_drain", default=False)


@contextmanager
def one_drain():
    """For a batch in one transaction (批量审批): the rows are queued as usual, but drained once
    after commit instead of once per entry and change (a batch of 30 publications queues 60
    times). Use inside the batch's ``transaction.atomic()``."""
    token = _one_drain.set(True)
    try:
        yield
    finally:
        _one_drain.reset(token)
    transaction.on_commit(schedule_drain)


def schedule_drain():
    """Drain now (eager, no broker) or hand it to a Celery worker."""
    from .tasks import drain_outbox

    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        # In-process: an engine outage must not break the request that published.
        # The rows stay pending and the next drain (or a worker) applies them.
        for target in targets():
            try:
                drain(target)
            except Exception as exc:  # noqa: BLE001 - logged, retried by the next drain
                logger.warning("检索索引更新暂未完成（%s）：%s", target, exc)
    else:
        for target in targets():
            drain_outbox.delay(target)


def backend_for(target):
    from .backends import get_backend

    return get_backend(target)


def pending(target=None):
    qs = IndexOutbox.objects.filter(processed_at=None)
    return qs.filter(target=target) if target else qs


def drain(target, batch=BATCH, max_batches=None):
    """Apply pending rows of ``target``; returns how many rows were processed.

    Raises the backend's error (after recording it on the rows) when the
    target refuses, leaving the rows pending.
    """
    from .documents import build_documents

    backend = backend_for(target)
    done = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        batches += 1
        if target == DATABASE:
            # Same database: read, write and mark in one transaction.
            with transaction.atomic():
                rows = _claim(target, batch)
                if not rows:
                    break
                ids = sorted({r.entry_id for r in rows})
                _lock_entries(ids)
                documents = build_documents(ids)
                backend.apply(documents)
                vocabulary.add_documents(documents.values())
                IndexOutbox.objects.filter(pk__in=[r.pk for r in rows]).update(processed_at=timezone.now())
        else:
            # External engine: no database lock held while it is called. Versions
            # (the outbox row id) make a slower, older write lose against a newer one.
            rows = list(pending(target).order_by("id")[:batch])
            if not rows:
                break
            ids = sorted({r.entry_id for r in rows})
            versions = {r.entry_id: r.pk for r in rows}
            try:
                backend.apply(build_documents(ids), versions=versions)
            except Exception as exc:
                IndexOutbox.objects.filter(pk__in=[r.pk for r in rows]).update(
                    attempts=_F("attempts") + 1, last_error=str(exc)[:500]
                )
                raise
            IndexOutbox.objects.filter(pk__in=[r.pk for r in rows]).update(processed_at=timezone.now())
        done += len(rows)
    if done:
        _prune()
    return done


def _F(name):
    from django.db.models import F

    return F(name)


def _claim(target, batch):
    qs = pending(target).order_by("id")
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True)
    return list(qs[:batch])


def _lock_entries(ids):
    """Serialise drainers of the same entry so an older state never overwrites a newer one."""
    if connection.features.has_select_for_update:
        from wagtail.models import Page

        list(Page.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def _prune():
    IndexOutbox.objects.filter(processed_at__lt=timezone.now() - KEEP_PROCESSED).delete()


def status():
    """Outbox lag per target: pending rows, oldest pending age, failing rows."""
    now = timezone.now()
    out = {}
    for target in sorted(set(targets()) | set(IndexOutbox.objects.values_list("target", flat=True).distinct())):
        rows = pending(target)
        oldest = rows.order_by("created_at").values_list("created_at", flat=True).first()
        last_error = rows.exclude(last_error="").order_by("-id").values_list("last_error", flat=True).first()
        out[target] = {
            "pending": rows.count(),
            "oldest_pending_seconds": round((now - oldest).total_seconds(), 1) if oldest else 0,
            "failing": rows.filter(attempts__gt=0).count(),
            "last_error": last_error or "",
        }
    return out


def bulk_index(entry_ids):
    """The import's path: queue every entry once and apply now (batched)."""
    enqueue(entry_ids, drain_after_commit=False)
    transaction.on_commit(schedule_drain)
