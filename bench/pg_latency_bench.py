"""PostgreSQL full-text search latency beside SQLite FTS5, measured in the same run.

    .venv/bin/python bench/pg_latency_bench.py --postgres-url postgres://postgres@127.0.0.1:54329/NAME
        [--sqlite-url sqlite:////tmp/gongkai-search-bench.sqlite3] [--big 100000] [--reuse] [--suggest]

Uses the scratch SQLite database ``search_bench.py`` imported (run that first): its public
entries become search documents, which are copied (new ids) into the search index of a fresh
PostgreSQL database (migrated here; no pages) and of the SQLite database until each holds
``--big`` documents. Then ``search()`` of the database backend (facets + 10 hits) over the
literal and unspaced query sets of ``search_bench.py``, 5 rounds, p50/p95 per engine and the
ratio PostgreSQL / SQLite (the two cores of the machine are shared, so the ratio is the
figure to trust), with the load average before and after. Both databases are migrated first
(SQLite's search reads the covering index of migration ``search.0008``). The copies are removed from SQLite
at the end. ``--reuse`` keeps a PostgreSQL database that already holds ``--big`` documents.
``--suggest`` also times the suggestions at that size (``suggest.autocomplete`` of 2-character
prefixes and spaced pinyin, ``suggest.corrections`` of one-character homophone typos, the
probes of ``suggest_bench.py``; the vocabulary is counted from the documents in both engines).
"""

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from collections import Counter
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


def suggest_inputs(pinyin):
    """(autocomplete probes, typed-wrong queries) as ``suggest_bench.py`` times them."""
    from suggest_bench import typos

    rows = [json.loads(line) for line in (DATA / "entries.jsonl").open(encoding="utf-8")]
    terms = body_terms(rows)
    probes = [t[:2] for t in terms[:40]] + [" ".join(pinyin(t)) for t in terms[:40]]
    return probes, [w for w, _ in typos(terms, rows, pinyin, seed=99)[:40]]


def fill(docs, target, merge=True):
    """Index ``docs`` and copies of them (ids from 10,000,000 on) up to ``target`` documents
    (nothing when the index holds that many already); ``merge``: then as a rebuild leaves it."""
    from search.backends import get_backend

    backend = get_backend("database")
    if backend.count() >= target:
        return backend
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
    if merge:
        backend.optimize()  # as ``rebuild_search_index`` and the nightly task leave the index
    return backend


def timed(fn, inputs, rounds):
    fn(inputs[0])
    times = []
    for _ in range(rounds):
        for q in inputs:
            t = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return times[len(times) // 2], times[max(0, int(len(times) * 0.95) - 1)]


def measure(label, backend, literal, typed, docs, suggestions):
    """The p95s: literal, unspaced (and autocomplete, corrections with ``suggestions``)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE search_searchdocument")
    p50, p95 = latency(backend, literal)
    u50, u95 = latency(backend, typed)
    print(
        f"{label:<12} {backend.count():>7} docs   literal p50 {p50:6.1f}  p95 {p95:6.1f}   "
        f"unspaced p50 {u50:6.1f}  p95 {u95:6.1f}   load {load()}",
        flush=True,
    )
    if not suggestions:
        return [p95, u95]
    from pypinyin import Style, lazy_pinyin

    from search import suggest, vocabulary

    counts = Counter()
    vocabulary.count_documents(counts, docs)
    vocabulary.rebuild(counts)
    probes, wrong = suggest_inputs(lambda text: lazy_pinyin(text, style=Style.NORMAL))
    a50, a95 = timed(suggest.autocomplete, probes, 3)
    c50, c95 = timed(suggest.corrections, wrong, 3)
    print(
        f"{label:<12} suggestions: autocomplete ({len(probes)} probes) p50 {a50:6.1f}  p95 {a95:6.1f}   "
        f"corrections ({len(wrong)} typos) p50 {c50:6.1f}  p95 {c95:6.1f}   load {load()}",
        flush=True,
    )
    return [p95, u95, a95, c95]


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


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
    print(json.dumps(measure("PostgreSQL", backend, literal, typed, docs, args.suggest)))


def has_database(url):
    """The database of ``url`` exists and its search index holds documents."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    try:
        with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], dbname=cfg["NAME"]) as conn:
            return conn.execute("SELECT count(*) FROM search_searchdocument").fetchone()[0] > 0
    except psycopg.Error:  # no database or no table yet
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres-url", required=True)
    parser.add_argument("--sqlite-url", default="sqlite:////tmp/gongkai-search-bench.sqlite3")
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="keep a PostgreSQL database holding --big documents")
    parser.add_argument("--suggest", action="store_true", help="also time autocomplete and corrections")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--docs", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    setup_django(args.sqlite_url)
    from django.core.management import call_command

    from search.documents import build_documents, public_entry_ids

    call_command("migrate", verbosity=0)  # a reused database gets the search migrations (0008: SQLite's cover)

    print(stamp(), f"  load average {load()}")
    docs = [d for d in build_documents(public_entry_ids()).values() if d is not None]
    for d in docs:
        d.tokens()
    print(f"{len(docs)} public entries → {args.big:,} documents per engine", flush=True)
    literal, typed = queries()
    print(f"{len(literal)} literal + {len(typed)} unspaced queries, search() with facets and 10 hits, × 5 rounds (ms)")
    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as f:
        f.write(pickle.dumps(docs))
    if not (args.reuse and has_database(args.postgres_url)):
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
                *(["--suggest"] if args.suggest else []),
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
    print("\n".join(out[:-1]), flush=True)
    pg = json.loads(out[-1])
    backend = fill(docs, args.big)
    sq = measure("SQLite", backend, literal, typed, docs, args.suggest)
    names = ("literal", "unspaced", "autocomplete", "corrections")
    print("p95 PostgreSQL / SQLite: " + ", ".join(f"{n} {p / s:.2f}" for n, p, s in zip(names, pg, sq)))
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        for table, key in (("search_searchdocument", "entry_id"), ("search_fts", "rowid"), ("search_folds", "rowid")):
            cur.execute(f"DELETE FROM {table} WHERE {key} >= 10000000")


if __name__ == "__main__":
    main()
