"""SQLite facets at scale: the facet sets of ``search.0009`` against the seven GROUP BYs before
them, in one process, alternating query by query (issue 13).

    .venv/bin/python bench/facet_sets_bench.py [--sqlite-url sqlite:////tmp/gongkai-search-bench.sqlite3]
        [--big 100000] [--rounds 5] [--keep]

The machine's two cores are shared, so two bench runs minutes apart see different loads; here
both ways run on the same database, each query timed once each way (the order swapped every
round), so the ratio holds under load. "GROUP BYs" is the facet statement of commit 6481d67
(the matches materialised with their seven facet columns, one ``GROUP BY`` per facet), kept
below; "facet sets" is ``search()`` as it is. Both must give the same total, facets and hits
(checked for every query). Uses the scratch SQLite database of ``search_bench.py``, filled
with copies as ``pg_latency_bench.py`` does (removed at the end unless ``--keep``); the
literal and unspaced queries of ``pg_latency_bench.py``.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import setup_django, stamp  # noqa: E402


def group_bys_backend():
    """The database backend with the facet statement of 6481d67 (SQLite)."""
    from search.backends.base import FACETS
    from search.backends.database import DatabaseBackend

    class GroupBys(DatabaseBackend):
        def _facet_cols(self):
            return ", ".join(f"d.{f}" for f in FACETS)

        def _facets_and_total(self, matched_sql, params, pool=None):
            values = [f"CAST({name} AS TEXT)" if name == "year" else name for name in FACETS]
            parts = ["SELECT 'total' AS name, NULL AS value, count(*) AS n FROM f"]
            parts += [f"SELECT '{n}', {v}, count(*) FROM f GROUP BY {n}" for n, v in zip(FACETS, values)]
            if pool:
                parts.append(
                    f"SELECT 'pool', CAST(entry_id AS TEXT), 0 FROM (SELECT entry_id FROM f ORDER BY guess DESC, "
                    f"published_on DESC NULLS LAST, entry_id DESC LIMIT {int(pool)}) p "
                    f"WHERE (SELECT count(*) FROM f) > {int(pool)}"
                )
            with self.connection.cursor() as cur:
                cur.execute(f"WITH f AS MATERIALIZED ({matched_sql}) " + " UNION ALL ".join(parts), params)
                rows = cur.fetchall()
            total = next(n for name, _, n in rows if name == "total")
            facets = [
                (name, int(value) if name == "year" and value is not None else value, n)
                for name, value, n in rows
                if name not in ("total", "pool")
            ]
            return total, facets, [int(value) for name, value, _ in rows if name == "pool"] or None

    return GroupBys()


def p50_p95(times):
    times = sorted(times)
    return times[len(times) // 2], times[max(0, int(len(times) * 0.95) - 1)]


def compare(label, ways, queries, rounds):
    times = {name: [] for name in ways}
    for q in queries[:3]:  # warm the page cache both ways
        for backend in ways.values():
            backend.search(q)
    for r in range(rounds):
        order = list(ways.items()) if r % 2 == 0 else list(reversed(ways.items()))
        for q in queries:
            got = {}
            for name, backend in order:
                t = time.perf_counter()
                got[name] = backend.search(q)
                times[name].append((time.perf_counter() - t) * 1000)
            a, b = got.values()
            same = a.total == b.total and a.facets == b.facets
            assert same and [h.entry_id for h in a.hits] == [h.entry_id for h in b.hits], f"results differ: {q}"
    (old, (o50, o95)), (new, (n50, n95)) = ((name, p50_p95(times[name])) for name in ways)
    print(
        f"{label:<9} {old} p50 {o50:6.1f}  p95 {o95:6.1f}   {new} p50 {n50:6.1f}  p95 {n95:6.1f}   "
        f"p95 {new} / {old} {n95 / o95:.2f}   load {load()}",
        flush=True,
    )


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def arguments(doc):
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite-url", default="sqlite:////tmp/gongkai-search-bench.sqlite3")
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the copies in the index")
    return parser.parse_args()


def prepared(args):
    """Django on the migrated scratch database, filled to ``args.big`` documents: (backend,
    literal queries, unspaced queries), the header printed."""
    setup_django(args.sqlite_url)
    from django.core.management import call_command
    from pg_latency_bench import fill, queries

    from search.documents import build_documents, public_entry_ids

    call_command("migrate", verbosity=0)  # a kept database gets the search migrations since
    print(stamp(), f"  load average {load()}")
    docs = [d for d in build_documents(public_entry_ids()).values() if d is not None]
    for d in docs:
        d.tokens()
    backend = fill(docs, args.big)
    literal, typed = queries()
    print(
        f"{backend.count()} documents; {len(literal)} literal + {len(typed)} unspaced queries, search() with facets "
        f"and 10 hits, each way once per query, × {args.rounds} rounds (ms)",
        flush=True,
    )
    return backend, literal, typed


def drop_copies(args):
    """The copies ``prepared`` added, removed (unless ``--keep``)."""
    if args.keep:
        return
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        for table, key in (("search_searchdocument", "entry_id"), ("search_fts", "rowid"), ("search_folds", "rowid")):
            cur.execute(f"DELETE FROM {table} WHERE {key} >= 10000000")


def main():
    args = arguments(__doc__)
    backend, literal, typed = prepared(args)
    ways = {"GROUP BYs": group_bys_backend(), "facet sets": backend}
    compare("literal", ways, literal, args.rounds)
    compare("unspaced", ways, typed, args.rounds)
    drop_copies(args)


if __name__ == "__main__":
    main()
