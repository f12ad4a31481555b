"""Indexing through a real Redis broker and a Celery worker, across an engine outage.

The worker runs in a thread of this process (celery.contrib.testing), so the test
uses committed transactions (``transaction=True``) that the worker's own
database connection can see.
"""

import os
import subprocess
import time

import pytest

from pages.models import DisclosureEntry
from search import indexing
from search.backends import get_backend

from .conftest import ROOT, es_script, ids, publish

REDIS_PORT = int(os.environ.get("REDIS_TEST_PORT", "56379"))
WAIT = 180  # seconds: an upper bound for convergence, not a performance assertion


@pytest.fixture(scope="session")
def redis_url():
    subprocess.run(["bash", str(ROOT / ".ci" / "redis.sh"), "start", str(REDIS_PORT)], check=True,
                   stdout=subprocess.DEVNULL)
    return f"redis://127.0.0.1:{REDIS_PORT}/15"


@pytest.fixture
def celery_worker_redis(settings, redis_url):
    from celery.contrib.testing.worker import start_worker

    from cms.celery import app

    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend")}
    settings.CELERY_BROKER_URL = redis_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=redis_url, task_always_eager=False, result_backend=None)
    reset_connections(app)  # pools keep the broker URL they were created with
    with app.connection_for_write() as conn:  # nothing left over from an earlier run
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    from celery.signals import task_postrun
    from django.db import connections

    def close_worker_connections(**kwargs):
        connections.close_all()  # runs in the worker thread: leave no session open on the test database

    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
            yield app
    finally:
        task_postrun.disconnect(close_worker_connections)
        app.conf.update(saved)
        reset_connections(app)


def reset_connections(app):
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)  # the result backend is cached per thread


def wait_until(predicate):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return predicate()


@pytest.mark.skipif(os.environ.get("SEARCH_TEST_URL") is not None,
                    reason="stops the node it started itself")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_retries_until_the_engine_is_back(catalog, es_settings, celery_worker_redis):
    es = get_backend("elasticsearch")
    kept = publish(catalog["dibao"], "涉农补贴发放（停机前）", "<p>涉农补贴</p>")
    retracted = publish(catalog["dibao"], "涉农补贴名单（将撤回）", "<p>涉农补贴</p>")
    assert wait_until(lambda: not indexing.pending().exists())
    es.refresh()
    assert set(ids(es.search("涉农补贴"))) == {kept.pk, retracted.pk}

    es_script("stop")
    try:
        added = publish(catalog["dibao"], "涉农补贴发放（停机期间）", "<p>涉农补贴</p>")
        DisclosureEntry.objects.get(pk=retracted.pk).unpublish()
        # The worker tries, fails and schedules a retry; the rows stay queued.
        assert wait_until(lambda: indexing.status()["elasticsearch"]["failing"] >= 1)
        assert indexing.status()["elasticsearch"]["pending"] >= 2
        assert wait_until(lambda: indexing.status()["database"]["pending"] == 0)
        assert set(ids(get_backend("database").search("涉农补贴"))) == {kept.pk, added.pk}
    finally:
        es_script("start")

    # No new change after the restart: only the task's own retries can converge the index.
    assert wait_until(lambda: indexing.status()["elasticsearch"]["pending"] == 0)
    es.refresh()
    assert set(ids(es.search("涉农补贴"))) == {kept.pk, added.pk}
