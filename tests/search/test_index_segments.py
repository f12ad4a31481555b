"""A rebuilt index is left in one segment (a common word's matches read from many segments
cost more), and the nightly task merges the database index's segments again after the day's
writes. On SQLite the segments are FTS5's (``search_fts_idx`` lists each segment's leaves);
Elasticsearch reports its own."""

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from search.backends import get_backend
from search.documents import build_documents
from search.tasks import optimize_index

from .helpers import ids, publish


def fts_segments(table):
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(DISTINCT segid) FROM {table}_idx")
        return cur.fetchone()[0]


def publish_each(catalog, run, n):
    entries = []
    for i in range(n):
        with run(execute=True):  # one write (one FTS5 segment) per entry, as the outbox does
            entries.append(publish(catalog["budget"], f"部门预算执行情况第{i}号", f"<p>预算执行{i}</p>"))
    return entries


def test_nightly_task_merges_the_database_index(catalog, django_capture_on_commit_callbacks):
    entries = publish_each(catalog, django_capture_on_commit_callbacks, 3)
    before = [h.entry_id for h in get_backend("database").search("预算执行", page_size=10).hits]
    if connection.vendor == "sqlite":
        assert fts_segments("search_fts") > 1
    optimize_index()
    if connection.vendor == "sqlite":
        assert fts_segments("search_fts") == 1
        assert fts_segments("search_folds") <= 1
    assert [h.entry_id for h in get_backend("database").search("预算执行", page_size=10).hits] == before
    assert sorted(before) == sorted(e.pk for e in entries)
    schedule = settings.CELERY_BEAT_SCHEDULE["search-index-optimize"]
    assert schedule["task"] == optimize_index.name


def test_rebuild_leaves_one_segment(catalog, es_settings, django_capture_on_commit_callbacks):
    entries = publish_each(catalog, django_capture_on_commit_callbacks, 3)
    call_command("rebuild_search_index", "--backend", "database", stdout=open("/dev/null", "w"))
    if connection.vendor == "sqlite":
        assert fts_segments("search_fts") == 1
    es = get_backend("elasticsearch")

    def batches():  # each batch made searchable on its own: a segment each
        for entry in entries:
            yield [build_documents([entry.pk])[entry.pk]]
            es.client.indices.refresh(index=f"{settings.SEARCH_INDEX}-*")

    index, n = es.rebuild(batches())
    shards = es.client.indices.segments(index=index)["indices"][index]["shards"]
    assert n == 3
    assert [len(copy["segments"]) for copies in shards.values() for copy in copies] == [1] * len(shards)
    es.refresh()
    assert sorted(ids(es.search("预算执行"))) == sorted(e.pk for e in entries)
