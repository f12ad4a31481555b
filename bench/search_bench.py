"""Search benchmark: quality, latency and rebuild throughput, both backends side by side.

    .venv/bin/python bench/search_bench.py [--database-url URL] [--search-url URL] [--big N] [--reuse]

1. Imports ../shared/data/entries.jsonl (--create-catalog --publish) into a scratch
   database (default sqlite:////tmp/gongkai-search-bench.sqlite3; --reuse keeps it).
2. Quality on ../shared/data/queries.txt and on a held-out set like it (HELD_OUT):
   recall and precision@10 against the ground truth of DATA.md (every term a
   substring of title or body), for the database backend, Elasticsearch (when
   SEARCH_URL/--search-url is set) and Wagtail's default backend (modelsearch).
3. Full rebuild throughput (entries/s) per backend.
4. Latency in-process (search() with facets, 10 hits), p50/p95 over the query sets
   (5 rounds), on the 5,075 entries and on a --big corpus (default 100,000) built by
   copying the documents into the search indexes (pages are not duplicated).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
HELD_OUT = [
    "教育",
    "科技 创新",
    "环境保护",
    "就业",
    "国有企业",
    "改革开放",
    "基础设施",
    "社会保障",
    "医疗卫生",
    "食品安全",
    "生态",
    "扶贫",
    "对外开放",
    "农业 生产",
    "城乡 居民",
    "减税降费",
    "营商环境",
    "公共服务",
    "医保",
    "社保",
]


def manage(env, *args):
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )


def prepare_database(url, reuse):
    env = dict(os.environ, DATABASE_URL=url)
    env.pop("SEARCH_URL", None)  # the import fills the database index; Elasticsearch is rebuilt below
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///") :])
        if reuse and path.exists():
            return
        for p in path.parent.glob(path.name + "*"):
            p.unlink()
    elif not reuse:
        sys.path.insert(0, str(ROOT / "bench"))
        from import_bench import recreate_postgres_database

        recreate_postgres_database(url)
    print("importing the shared corpus …", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(
        env,
        "create_portal",
        "bench",
        "--title",
        "基准测试门户",
        "--body-name",
        "基准镇人民政府",
        "--org-code",
        "000014349",
        "--site-root",
    )
    manage(env, "import_entries", str(DATA / "entries.jsonl"), "--portal", "bench", "--create-catalog", "--publish")


def ground_truth(rows, query):
    terms = query.split()
    return {r["source_id"] for r in rows if all(t in r["title"] or t in r["body"] for t in terms)}


def all_hits(backend, query):
    out, page = [], 1
    while True:
        res = backend.search(query, page=page, page_size=100)
        out.extend(h.source_id for h in res.hits)
        if len(out) >= res.total or not res.hits:
            return out
        page += 1


def wagtail_fetchers():
    """Wagtail's own search on the same entries: stock (modelsearch database backend, the
    model's original search fields) and with this project's bigram fields and query rewrite
    (the admin's search). Each rebuilds the modelsearch index of the entries first."""
    from modelsearch.backends.database import SearchBackend as stock_backend

    from pages.models import DisclosureEntry
    from search.fields import ChineseAutocomplete, ChineseText
    from search.wagtail_search import SearchBackend as chinese_backend

    full = DisclosureEntry.search_fields
    stock = [f for f in full if not isinstance(f, (ChineseText, ChineseAutocomplete))]
    entries = list(DisclosureEntry.objects.live().order_by("pk"))
    for label, factory, fields in (
        ("wagtail default", stock_backend, stock),
        ("wagtail+bigrams", chinese_backend, full),
    ):
        DisclosureEntry.search_fields = fields
        backend = factory({})
        backend.reset_indexes()
        for start in range(0, len(entries), 500):
            backend.add_bulk(DisclosureEntry, entries[start : start + 500])

        def fetch(query, backend=backend):
            qs = DisclosureEntry.objects.live()
            return [e.source_id for e in backend.search(query, qs, operator="and")]

        yield label, fetch
    DisclosureEntry.search_fields = full


def quality(name, fetch, rows, queries):
    recalls, precisions = [], []
    for q in queries:
        truth = ground_truth(rows, q)
        got = fetch(q)
        if truth:
            recalls.append(len(truth & set(got)) / len(truth))
        top = got[:10]
        if top:
            precisions.append(sum(1 for s in top if s in truth) / len(top))
        elif truth:
            precisions.append(0.0)
    return statistics.mean(recalls), statistics.mean(precisions)


def latency(backend, queries, rounds=5):
    times = []
    for q in queries[:3]:
        backend.search(q)  # warm-up
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            backend.search(q, page_size=10)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.95) - 1]


def grow(backends, target):
    """Copy the indexed documents (new ids) until the indexes hold ``target`` documents."""
    from search.documents import build_documents, public_entry_ids

    ids = public_entry_ids()
    base = [d for d in build_documents(ids).values() if d is not None]
    n, copy = len(base), 1
    while n < target:
        batch = []
        for d in base:
            if n + len(batch) >= target:
                break
            clone = type(d)(**{k: v for k, v in d.__dict__.items() if k != "_tokens"})
            clone.entry_id = d.entry_id + copy * 10_000_000
            clone.source_id = f"{d.source_id}#copy{copy}"
            clone._tokens = d.tokens()
            batch.append(clone)
        for start in range(0, len(batch), 1000):
            for b in backends:
                b.index_documents(batch[start : start + 1000])
        n += len(batch)
        copy += 1
        print(f"  … {n} documents", flush=True)


def shrink(backend):
    """Remove the copies ``grow`` added (ids from 10,000,000 on)."""
    if backend.name == "database":
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("DELETE FROM search_searchdocument WHERE entry_id >= 10000000")
            if connection.vendor == "sqlite":
                cur.execute("DELETE FROM search_fts WHERE rowid >= 10000000")
    # Elasticsearch: nothing to do; the next rebuild fills a fresh index and drops this one
    # (_delete_by_query lives in a module the core distribution does not ship).


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="sqlite:////tmp/gongkai-search-bench.sqlite3")
    parser.add_argument("--search-url", default=os.environ.get("SEARCH_URL", ""))
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="reuse an imported scratch database")
    args = parser.parse_args()

    prepare_database(args.database_url, args.reuse)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["SEARCH_URL"] = args.search_url
    os.environ.setdefault("SEARCH_INDEX", "gongkai-bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    from search.backends import get_backend
    from search.documents import public_entry_ids
    from search.management.commands.rebuild_search_index import rebuild

    rows = [json.loads(line) for line in (DATA / "entries.jsonl").open(encoding="utf-8")]
    queries = [q.strip() for q in (DATA / "queries.txt").open(encoding="utf-8") if q.strip()]
    names = ["database"] + (["elasticsearch"] if args.search_url else [])
    ids = public_entry_ids()
    print(f"database: {args.database_url.split('@')[-1]}   engine: {args.search_url or '—'}   entries: {len(ids)}")

    print("\n== full rebuild ==")
    for name in names:
        t = time.perf_counter()
        n = rebuild(name, ids)
        secs = time.perf_counter() - t
        print(f"{name:<14} {n} entries in {secs:.1f} s = {n / secs:.0f} entries/s")
    backends = {name: get_backend(name) for name in names}
    if "elasticsearch" in backends:
        backends["elasticsearch"].refresh()

    print("\n== quality (recall / precision@10; ground truth: every term a substring of title or body) ==")
    print(f"{'backend':<15} {'queries.txt':>22} {'held-out':>22}")
    fetchers = [(name, (lambda q, b=b: all_hits(b, q))) for name, b in backends.items()]

    def report(name, fetch):
        r1, p1 = quality(name, fetch, rows, queries)
        r2, p2 = quality(name, fetch, rows, HELD_OUT)
        print(f"{name:<15} {r1:>10.3f} / {p1:<9.3f} {r2:>10.3f} / {p2:<9.3f}", flush=True)

    for name, fetch in fetchers:
        report(name, fetch)
    for name, fetch in wagtail_fetchers():  # lazily: each rebuilds the modelsearch index
        report(name, fetch)

    every = queries + HELD_OUT
    print(f"\n== latency, search() with facets, {len(every)} queries × 5 (ms) ==")
    for name, b in backends.items():
        p50, p95 = latency(b, every)
        print(f"{name:<14} {len(ids):>7} entries   p50 {p50:6.1f}   p95 {p95:6.1f}")
    if args.big > len(ids):
        print(f"\nbuilding the {args.big:,}-document corpus …", flush=True)
        grow(list(backends.values()), args.big)
        if "elasticsearch" in backends:
            backends["elasticsearch"].refresh()
            es = backends["elasticsearch"]
            es.client.options(request_timeout=600).indices.forcemerge(index=es.alias, max_num_segments=1)
        for name, b in backends.items():
            p50, p95 = latency(b, every)
            print(f"{name:<14} {b.count():>7} entries   p50 {p50:6.1f}   p95 {p95:6.1f}")
        for b in backends.values():  # drop the copies again
            shrink(b)


if __name__ == "__main__":
    main()
