#!/usr/bin/env python
"""Import benchmark: the shared corpus with --publish, end to end, on a fresh database.

    .venv/bin/python bench/import_bench.py [--corpus PATH] [--database-url URL]

Runs `manage.py import_entries CORPUS --create-catalog --publish` in a child
process on a freshly migrated database and prints wall time, throughput and
the child's peak resident memory, then checks every entry landed live with
a unique 索引号.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, create_bench_portal, manage, recreate_postgres_database, stamp

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "entries.jsonl"
BASELINE = "plain Wagtail add_child + auto-indexing, measured on this machine: ~39 pages/s (~130 s for 5,075)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp folder")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    rows = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        env["IMPORT_REPORT_DIR"] = tmp
        if args.database_url:
            recreate_postgres_database(args.database_url)
        print(stamp())
        print(f"database: {env['DATABASE_URL'].split('@')[-1]}   corpus: {corpus} ({rows} rows)", flush=True)
        create_bench_portal(env, site_root=False)

        cmd = [
            sys.executable,
            str(ROOT / "manage.py"),
            "import_entries",
            str(corpus),
            "--portal",
            "bench",
            "--create-catalog",
            "--publish",
        ]
        start = time.perf_counter()
        child = subprocess.Popen(cmd, env=env, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("import failed")

        check = manage(
            env,
            "shell",
            "-c",
            (
                "import json;from pages.models import DisclosureEntry as E;q=E.objects.filter(portal__slug='bench');"
                "print(json.dumps({'entries': q.count(), 'live': q.filter(live=True).count(),"
                "'unique_index_numbers': q.exclude(index_number=None).values('index_number').distinct().count()}))"
            ),
            capture=True,
        )
        counts = json.loads(check.stdout.strip().splitlines()[-1])

    print()
    print(f"{'metric':<34}{'value':>14}")
    print(f"{'entries imported':<34}{counts['entries']:>14}")
    print(f"{'entries live':<34}{counts['live']:>14}")
    print(f"{'unique 索引号':<33}{counts['unique_index_numbers']:>14}")
    print(f"{'wall time (s)':<34}{elapsed:>14.1f}")
    print(f"{'throughput (entries/s)':<34}{counts['entries'] / elapsed:>14.1f}")
    print(f"{'peak RSS of import process (MiB)':<34}{usage.ru_maxrss / 1024:>14.1f}")
    print(f"{'target':<34}{'≤ 60 s':>14}")
    print(f"baseline: {BASELINE}")
    ok = counts["entries"] == counts["live"] == counts["unique_index_numbers"] == rows
    print("all entries live with unique 索引号:", "yes" if ok else "NO")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
