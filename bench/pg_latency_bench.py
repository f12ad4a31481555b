"""PostgreSQL full-text search latency beside SQLite FTS5, measured in the same run.

    .venv/bin/python bench/pg_latency_bench.py --postgres-url postgres://postgres@127.0.0.1:54329/NAME
        [--sqlite-url sqlite:////tmp/gongkai-search-bench.sqlite3] [--big 100000]

Uses the scratch SQLite database ``search_bench.py`` imported (run that first): its public
entries become search documents, which are copied (new ids) into the search index of a fresh
PostgreSQL database (migrated here; no pages) and of the SQLite database until each holds
``--big`` documents. Then ``search()`` of the database backend (facets + 10 hits) over the
literal and unspaced query sets of ``search_bench.py``, 5 rounds, p50/p95 per engine and the
ratio PostgreSQL / SQLite (the two cores of the machine are shared, so the ratio is the
figure to trust). The copies are removed from SQLite at the end.
"""

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from common import recreate_postgres_database, setup_django, stamp  # noqa: E402
from search_bench import (  # noqa: E402
    DATA,
    HELD_OUT,
    TUNING_TERMS,
    body_terms,
    latency,
    unspaced_queries,
)


def queries():
    rows = [json.loads(line) for line in (DATA / "entries.jsonl").open(encoding="utf-8")]
    literal = [q.strip() for q in (DATA / "queries.txt").open(encoding="utf-8") if q.strip()] + HELD_OUT
    main, rare = unspaced_queries(rows, body_terms(rows, exclude=set(TUNING_TERMS)), seed=2026)
    return literal, [q for q, _ in main[:20] + rare[:20]]


def fill(docs, target):
    """Index ``docs`` and copies of them (ids from 10,000,000 on) up to ``target`` documents."""
    from search.backends import get_backend

    backend = get_backend("database")
    backend.index_documents(docs)
    n, copy = len(docs), 1
    while n < target:
        batch = []
        for d in docs:
            if n + len(batch) >= target:
                break
            clone = type(d)(**{k: v for k, v in d.__dict__.items() if k != "_tokens"})
            clone.entry_id = d.entry_id + copy * 10_000_000
            clone._tokens = d._tokens
            batch.append(clone)
        for start in range(0, len(batch), 1000):
            backend.index_documents(batch[start : start + 1000])
        n += len(batch)
        copy += 1
    return backend


def measure(label, backend, literal, typed):
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE search_searchdocument")
    p50, p95 = latency(backend, literal)
    u50, u95 = latency(backend, typed)
    print(
        f"{label:<12} {backend.count():>7} docs   literal p50 {p50:6.1f}  p95 {p95:6.1f}   "
        f"unspaced p50 {u50:6.1f}  p95 {u95:6.1f}",
        flush=True,
    )
    return p95, u95


def child(args):
    """In the PostgreSQL process: migrate, fill, measure; print the p95s as JSON."""
    setup_django(args.postgres_url)
    from django.core.management import call_command
    from django.db import connection

    connection.ensure_connection()
    call_command("migrate", verbosity=0)
    docs = pickle.loads(Path(args.docs).read_bytes())
    backend = fill(docs, args.big)
    literal, typed = queries()
    print(json.dumps(measure("PostgreSQL", backend, literal, typed)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres-url", required=True)
    parser.add_argument("--sqlite-url", default="sqlite:////tmp/gongkai-search-bench.sqlite3")
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--docs", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    setup_django(args.sqlite_url)
    from search.documents import build_documents, public_entry_ids

    print(stamp())
    docs = [d for d in build_documents(public_entry_ids()).values() if d is not None]
    for d in docs:
        d.tokens()
    print(f"{len(docs)} public entries → {args.big:,} documents per engine", flush=True)
    literal, typed = queries()
    print(f"{len(literal)} literal + {len(typed)} unspaced queries, search() with facets and 10 hits, × 5 rounds (ms)")
    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as f:
        f.write(pickle.dumps(docs))
    recreate_postgres_database(args.postgres_url)
    out = (
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                "--docs",
                f.name,
                "--postgres-url",
                args.postgres_url,
                "--big",
                str(args.big),
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        .stdout.strip()
        .splitlines()
    )
    os.unlink(f.name)
    print(out[0], flush=True)
    pg95, pgu95 = json.loads(out[-1])
    backend = fill(docs, args.big)
    sq95, squ95 = measure("SQLite", backend, literal, typed)
    print(f"p95 PostgreSQL / SQLite: literal {pg95 / sq95:.2f}, unspaced {pgu95 / squ95:.2f}")
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        for table, key in (("search_searchdocument", "entry_id"), ("search_fts", "rowid"), ("search_folds", "rowid")):
            cur.execute(f"DELETE FROM {table} WHERE {key} >= 10000000")


if __name__ == "__main__":
    main()
