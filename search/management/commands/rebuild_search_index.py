"""Rebuild the public search index from the database.

Elasticsearch: fills a new concrete index and swaps the alias in one step, so
search never sees an empty index; changes queued while the rebuild ran are
replayed afterwards. Database: rewritten in one transaction.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from search import indexing, vocabulary
from search.backends import get_backend
from search.backends.base import SearchUnavailable
from search.documents import build_documents, public_entry_ids
from search.models import IndexOutbox


def doc_batches(ids, size=500):
    for start in range(0, len(ids), size):
        docs = build_documents(ids[start : start + size])
        yield [d for d in docs.values() if d is not None]


class Command(BaseCommand):
    help = "重建全文检索索引（Elasticsearch 建新索引后切换别名，检索不中断）"

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=["database", "elasticsearch", "all"], default="all")

    def handle(self, *args, backend="all", **options):
        names = indexing.targets() if backend == "all" else [backend]
        for name in names:
            started_at = timezone.now()
            t0 = time.perf_counter()
            ids = public_entry_ids()
            try:
                n = rebuild(name, ids)
            except SearchUnavailable as exc:
                raise CommandError(f"检索引擎不可用：{exc}") from exc
            # Changes made while the rebuild ran may have been read before they
            # happened: queue those entries again (current state wins).
            again = IndexOutbox.objects.filter(target=name, created_at__gte=started_at).values_list(
                "entry_id", flat=True
            )
            replay = sorted(set(again))
            if replay:
                IndexOutbox.objects.bulk_create([IndexOutbox(entry_id=pk, target=name) for pk in replay])
            IndexOutbox.objects.filter(target=name, processed_at=None, created_at__lt=started_at).update(
                processed_at=timezone.now()
            )
            try:
                indexing.drain(name)
            except Exception as exc:  # noqa: BLE001 - rows stay queued
                self.stderr.write(f"补充更新未完成，已留在队列中：{exc}")
            secs = time.perf_counter() - t0
            self.stdout.write(f"{name}：已索引 {n} 条，用时 {secs:.1f} 秒（{n / secs if secs else 0:.0f} 条/秒）")


def rebuild(name, ids):
    b = get_backend(name)
    if name == "elasticsearch":
        _, n = b.rebuild(doc_batches(ids))
        return n
    from collections import Counter

    from django.db import transaction

    counts = Counter()
    with transaction.atomic():
        b.clear()
        n = 0
        for docs in doc_batches(ids):
            b.index_documents(docs)
            vocabulary.count_documents(counts, docs)
            n += len(docs)
        vocabulary.rebuild(counts)  # the suggestions' words, from the same public documents
    b.optimize()
    return n
