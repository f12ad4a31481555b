"""Celery tasks: drain the outbox with retries and exponential backoff."""

from cms.celery import app

from . import indexing


# Registered on the project's app (not shared_task): a shared_task proxy resolves to the
# "current" app at call time, which need not be the one configured with the broker.
@app.task(bind=True, name="search.tasks.drain_outbox", max_retries=None, acks_late=True, ignore_result=True)
def drain_outbox(self, target):
    try:
        indexing.drain(target)
    except Exception as exc:
        # 2, 4, 8 … seconds, at most 5 minutes; max_retries=None: the outbox keeps
        # the rows, so retrying forever loses nothing and converges after an outage.
        countdown = min(300, 2 ** min(self.request.retries + 1, 9))
        raise self.retry(exc=exc, countdown=countdown)


@app.task(name="search.tasks.sweep_outbox", ignore_result=True)
def sweep_outbox():
    """Periodic safety net (Celery beat): queue a drain for every target with pending rows.

    Covers rows whose drain message was lost (broker flushed, worker killed before
    the retry was scheduled); drains are idempotent, so an extra one costs nothing.
    """
    from datetime import timedelta

    from django.conf import settings

    from pages import changes

    # The change record the outbox is filled from keeps only each entry's latest change.
    changes.compact(recent=timedelta(minutes=10))
    for target in indexing.targets():
        if not indexing.pending(target).exists():
            continue
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
            try:
                indexing.drain(target)
            except Exception as exc:  # noqa: BLE001 - rows stay queued for the next sweep
                indexing.logger.warning("检索索引更新暂未完成（%s）：%s", target, exc)
        else:
            drain_outbox.delay(target)


@app.task(name="search.tasks.optimize_index", ignore_result=True)
def optimize_index():
    """Nightly (Celery beat): the database index's segments merged into one."""
    from .backends import get_backend

    get_backend("database").optimize()
