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
