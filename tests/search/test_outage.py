"""Stop the real Elasticsearch node, publish and retract, start it again: nothing is lost."""

import pytest

from pages.models import DisclosureEntry
from search import indexing
from search.backends import FALLBACK_NOTICE, get_backend, search
from search.tasks import drain_outbox

from .helpers import es_script, ids, publish


@pytest.mark.skipif(
    __import__("os").environ.get("SEARCH_TEST_URL") is not None,
    reason="the outage test stops the node it started itself",
)
def test_engine_outage_falls_back_and_converges(catalog, es_settings, django_capture_on_commit_callbacks):
    run = django_capture_on_commit_callbacks
    with run(execute=True):
        kept = publish(catalog["dibao"], "低保标准调整（停机前）", "<p>低保</p>")
        retracted = publish(catalog["dibao"], "低保名单（停机前，将撤回）", "<p>低保</p>")
    es = get_backend("elasticsearch")
    es.refresh()
    assert set(ids(es.search("低保"))) == {kept.pk, retracted.pk}

    es_script("stop")
    try:
        assert not es.ping()
        with run(execute=True):  # publishing keeps working while the engine is down
            added = publish(catalog["dibao"], "低保资金（停机期间发布）", "<p>低保</p>")
            DisclosureEntry.objects.get(pk=retracted.pk).unpublish()
        pending = indexing.status()["elasticsearch"]
        assert pending["pending"] >= 2 and pending["failing"] >= 1 and pending["last_error"]
        assert indexing.status()["database"]["pending"] == 0
        results = search("低保")
        assert results.fallback and results.notice == FALLBACK_NOTICE and results.backend == "database"
        assert set(ids(results)) == {kept.pk, added.pk}
    finally:
        es_script("start")

    # The task's body, in-process (test_celery_redis.py runs it through Redis and a worker).
    drain_outbox.run("elasticsearch")
    es.refresh()
    results = search("低保")
    assert not results.fallback and results.backend == "elasticsearch"
    assert set(ids(results)) == {kept.pk, added.pk}
    assert indexing.status()["elasticsearch"]["pending"] == 0
