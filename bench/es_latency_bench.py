"""Elasticsearch latency at county scale: ``search()`` over 100,000 documents (issue 13).

    .venv/bin/python bench/es_latency_bench.py [--sqlite-url sqlite:////tmp/gongkai-search-bench.sqlite3]
        [--search-url http://127.0.0.1:59200] [--big 100000] [--index gongkai-latency-bench] [--reuse]

Uses the scratch database ``search_bench.py`` imported (run that first): its public entries
become search documents, which a real rebuild (``rebuild`` with the alias swap) writes into the
index ``--index`` together with copies of them (new ids) up to ``--big`` documents; ``--reuse``
keeps an index that holds that many already. Then ``search()`` of the Elasticsearch backend
(facets + 10 hits) over the literal and unspaced query sets of ``search_bench.py`` and
``pg_latency_bench.py``, 5 rounds: p50 and p95, with the commit, the date and the load average.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from common import setup_django, stamp  # noqa: E402
from pg_latency_bench import load, queries  # noqa: E402
from search_bench import latency  # noqa: E402

TARGET_P95_MS = 30.0


def batches_up_to(docs, target, size=1000):
    """``docs``, then copies of them (ids from 10,000,000 on), ``size`` at a time, ``target`` in all."""
    n, copy = 0, 0
    while n < target:
        batch = []
        for d in docs:
            if n + len(batch) >= target:
                break
            if copy:
                clone = type(d)(**{k: v for k, v in d.__dict__.items() if k != "_tokens"})
                clone.entry_id = d.entry_id + copy * 10_000_000
                clone._tokens = d._tokens
                d = clone
            batch.append(d)
            if len(batch) == size:
                yield batch
                n += len(batch)
                batch = []
        if batch:
            yield batch
            n += len(batch)
        copy += 1
        print(f"  … {n:,} documents", flush=True)


def current_mapping(backend):
    """Is the index behind the alias built with today's mapping (an older one is rebuilt)?"""
    mappings = backend.client.indices.get_mapping(index=backend.alias)
    wanted = backend.index_body()["mappings"]
    return all(m["mappings"].get("_source") == wanted["_source"] for m in mappings.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite-url", default="sqlite:////tmp/gongkai-search-bench.sqlite3")
    parser.add_argument("--search-url", default=os.environ.get("SEARCH_URL") or "http://127.0.0.1:59200")
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--index", default="gongkai-latency-bench")
    parser.add_argument("--reuse", action="store_true", help="keep an index that holds --big documents")
    args = parser.parse_args()

    os.environ["SEARCH_INDEX"] = args.index
    os.environ.setdefault("SEARCH_TIMEOUT", "60")  # bulk writes of a rebuild on a loaded machine
    setup_django(args.sqlite_url, args.search_url)
    from search.backends import get_backend
    from search.documents import build_documents, public_entry_ids

    print(stamp(), f"  load average {load()}")
    backend = get_backend("elasticsearch")
    try:
        present = backend.count() if args.reuse and current_mapping(backend) else 0
    except Exception:  # no index under that name yet
        present = 0
    if present < args.big:
        docs = [d for d in build_documents(public_entry_ids()).values() if d is not None]
        for d in docs:
            d.tokens()
        print(f"rebuilding {args.index}: {len(docs)} public entries → {args.big:,} documents", flush=True)
        began = time.perf_counter()
        _, n = backend.rebuild(batches_up_to(docs, args.big))
        seconds = time.perf_counter() - began
        print(f"rebuilt {n:,} documents in {seconds:.0f} s ({n / seconds:.0f} documents/s)", flush=True)
    backend.refresh()
    literal, typed = queries()
    print(f"{len(literal)} literal + {len(typed)} unspaced queries, search() with facets and 10 hits, × 5 rounds (ms)")
    p50, p95 = latency(backend, literal)
    u50, u95 = latency(backend, typed)
    verdict = "PASS" if max(p95, u95) <= TARGET_P95_MS else "FAIL"
    print(
        f"Elasticsearch {backend.count():>7} docs   literal p50 {p50:6.1f}  p95 {p95:6.1f}   "
        f"unspaced p50 {u50:6.1f}  p95 {u95:6.1f}   load {load()}   (target p95 ≤ {TARGET_P95_MS:.0f} ms) {verdict}",
        flush=True,
    )


if __name__ == "__main__":
    main()
