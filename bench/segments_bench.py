"""SQLite search with its FTS5 index in many segments or merged into one (issue 13).

    .venv/bin/python bench/segments_bench.py [--sqlite-url sqlite:////tmp/gongkai-search-bench.sqlite3]
        [--big 100000] [--rounds 3]

Uses the scratch database ``search_bench.py`` imported: copies it twice, fills both copies to
``--big`` documents the way ``pg_latency_bench.py`` does (batches of 1,000, so FTS5 is left with
the segments its automatic merging did not fold), then runs ``optimize`` (what a rebuild and the
nightly task do) on the second copy only. Then the 40 literal and 40 unspaced queries of
``pg_latency_bench.py``, each query on one copy then the other, ``--rounds`` times: p50 and p95
of wall and CPU time per copy and their ratio (same run, same load).
"""

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from common import setup_django, stamp  # noqa: E402
from pg_latency_bench import fill, load, queries  # noqa: E402


def pct(values, q):
    values = sorted(values)
    return values[max(0, int(len(values) * q) - 1)]


def segments(path, table="search_fts"):
    with sqlite3.connect(path) as con:
        return con.execute(f"SELECT count(DISTINCT segid) FROM {table}_idx").fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite-url", default="sqlite:////tmp/gongkai-search-bench.sqlite3")
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    source = args.sqlite_url.removeprefix("sqlite:///")
    work = Path(tempfile.mkdtemp(prefix="segments-bench-"))
    many, one = work / "many.sqlite3", work / "one.sqlite3"
    shutil.copy(source, many)
    setup_django(f"sqlite:///{many}")
    from django.db import connection

    from search.backends import get_backend
    from search.documents import build_documents, public_entry_ids

    print(stamp(), f"  load average {load()}")
    backend = get_backend("database")
    docs = [d for d in build_documents(public_entry_ids()).values() if d is not None]
    for d in docs:
        d.tokens()
    fill(docs, args.big, merge=False)  # batches of 1,000, as pg_latency_bench.py fills
    n = backend.count()
    connection.close()
    shutil.copy(many, one)
    with sqlite3.connect(one) as con:
        began = time.perf_counter()
        for table in ("search_fts", "search_folds"):
            con.execute(f"INSERT INTO {table}({table}) VALUES('optimize')")
        merged = time.perf_counter() - began
    print(
        f"{n:,} documents; FTS5 segments: {segments(many)} as filled, {segments(one)} after optimize ({merged:.1f} s)",
        flush=True,
    )
    paths = {"as filled": many, "optimized": one}
    literal, typed = queries()
    print(f"{len(literal)} literal + {len(typed)} unspaced queries, search() with facets and 10 hits, in turns (ms)")
    for label, qs in (("literal", literal), ("unspaced", typed)):
        wall = {k: [] for k in paths}
        cpu = {k: [] for k in paths}
        for _ in range(args.rounds):
            for q in qs:
                for name, path in paths.items():
                    connection.settings_dict["NAME"] = str(path)
                    connection.close()
                    backend.search(q, page_size=10)  # opens the connection, warms its page cache
                    t, c = time.perf_counter(), time.process_time()
                    backend.search(q, page_size=10)
                    wall[name].append((time.perf_counter() - t) * 1000)
                    cpu[name].append((time.process_time() - c) * 1000)
        cells = "   ".join(
            f"{name} wall p50 {pct(wall[name], 0.5):6.1f} p95 {pct(wall[name], 0.95):6.1f} "
            f"cpu p95 {pct(cpu[name], 0.95):6.1f}"
            for name in paths
        )
        ratio = pct(wall["optimized"], 0.95) / pct(wall["as filled"], 0.95)
        print(f"{label:<9} {cells}   p95 optimized / as filled {ratio:.2f}   load {load()}", flush=True)
    connection.close()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
