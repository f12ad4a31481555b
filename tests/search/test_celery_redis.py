"""Indexing through a real Redis broker and a Celery worker, across an engine outage.

The worker runs in a thread of this process (celery.contrib.testing), so the test
uses committed transactions (``transaction=True``) that the worker's own
database connection can see.
"""

import os
import time

import pytest

from pages.models import DisclosureEntry
from search import indexing
from search.backends import get_backend

from .helpers import es_script, ids, publish

WAIT = 180  # seconds: an upper bound for convergence, not a performance assertion


def wait_until(predicate):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return predicate()


@pytest.mark.skipif(os.environ.get("SEARCH_TEST_URL") is not None, reason="stops the node it started itself")
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
