#!/usr/bin/env python
"""Import benchmark: the importer against stock Wagtail on the same entries, in the same run.

    .venv/bin/python bench/import_bench.py [--entries 400] [--rounds 1] [--database-url URL]
                                           [--corpus PATH] [--profile]

Takes ``--entries`` rows spread over the shared corpus (every k-th line), then, for each
round, on two fresh copies of one migrated database with the same portal and catalog:

* **import**: ``import_entries(..., create_catalog=True, publish=True)`` — validation, every
  guard (classification, personal data, content safety, metadata), 索引号, audit records,
  search and reference indexing;
* **stock**: what a plain Wagtail site does for the same entries — ``parent.add_child()``,
  ``save_revision()`` and Wagtail's own ``PublishPageRevisionAction`` (no guards, no 索引号),
  with search and reference indexing on every save; in one transaction, like the import.

Each side runs in its own process and times only the writing. The pass mark is the ratio
(import entries/s ÷ stock entries/s ≥ 5), since absolute times depend on the machine's load.
With ``--database-url postgres://…/NAME`` the databases NAME_tmpl / NAME_run are used
(dropped and recreated); otherwise SQLite files in a temp folder.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from common import create_bench_portal, postgres, print_header  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "entries.jsonl"
TARGET_RATIO = 5.0
PORTAL = "bench"
# 敏感词 for the content-safety guard (none occurs in the corpus), beside the seeded wrong expressions.
SENSITIVE_TERMS = ["疆独", "六四事件", "赌博网站", "代开发票", "枪支出售", "办证刻章", "私家侦探", "高利贷", "迷药"]


# -- the two sides, each in a child process ----------------------------------------------


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()


def prepare(sample):
    """The portal's catalog and vocabularies for every row, created untimed for both sides.

    Returns [(row, parent page, field values)] in the order the import writes them.
    """
    from django.db import transaction
    from wagtail.models import Page

    from pages.catalog import resolve_portal
    from pages.importing import Catalog, ChildAppender, ImportReport, validate_file
    from pages.importing.writer import _resolve_parent, _vocab
    from pages.models import ContentSafetyTerm, FivePublicType, Genre, Topic

    portal = resolve_portal(PORTAL)
    for term in SENSITIVE_TERMS:
        ContentSafetyTerm.objects.get_or_create(term=term, defaults={"kind": "sensitive"})
    catalog = Catalog(portal)
    rows, problems = validate_file(sample, "jsonl", catalog, True)
    if problems:
        sys.exit(f"sample does not validate: {problems[:3]}")
    caches = {Genre: {}, Topic: {}, FivePublicType: {}}
    prepared, append = [], ChildAppender()
    with transaction.atomic():
        for row in rows:
            parent, department = _resolve_parent(row, catalog, ImportReport(), append)
            values = dict(row.values, department=department)
            values["genre"] = _vocab(Genre, row.genre, caches[Genre], True)
            values["topic"] = _vocab(Topic, row.topic, caches[Topic], True)
            values["five_public"] = _vocab(FivePublicType, row.five_public, caches[FivePublicType], False)
            prepared.append((row, parent.pk, values))
        append.flush()
    parents = {pk: page.specific for pk, page in Page.objects.in_bulk({pk for _, pk, _ in prepared}).items()}
    return portal, [(row, parents[pk], values) for row, pk, values in prepared]


def run_import(portal, sample, prepared):
    from pages.importing import import_entries

    report = import_entries(sample, fmt="jsonl", portal=portal, create_catalog=True, publish=True)
    if report.problems or report.created != len(prepared):
        sys.exit(f"import failed: {report.problems[:3]}, created {report.created}")


def run_stock(portal, sample, prepared):
    from django.db import transaction
    from django.utils.text import slugify
    from wagtail.actions.publish_page_revision import PublishPageRevisionAction

    from pages.models import DisclosureEntry

    with transaction.atomic():
        for row, parent, values in prepared:
            entry = DisclosureEntry(source_id=row.source_id, slug=slugify(row.source_id)[:50], portal=portal, **values)
            entry.index_number = f"stock/{row.source_id}"  # the model keeps an entry without one a draft
            parent.add_child(instance=entry)
            revision = entry.save_revision()
            PublishPageRevisionAction(revision).execute(skip_permission_checks=True)


def worker(side, sample, profile):
    setup_django()
    from django.db import connection

    from pages.models import ContentSafetyTerm, DisclosureEntry

    portal, prepared = prepare(sample)
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU time: the machine's load does not count
    with connection.execute_wrapper(count):
        start, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        (run_import if side == "import" else run_stock)(portal, sample, prepared)
        if profiler:
            profiler.disable()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if profiler:
        import pstats

        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(25)
        stats.dump_stats(os.environ.get("PROFILE_DUMP", os.devnull))
    entries = DisclosureEntry.objects.filter(portal=portal)
    terms = ContentSafetyTerm.objects.filter(active=True)
    print(
        json.dumps(
            {
                "entries": entries.count(),
                "live": entries.filter(live=True).count(),
                "index_numbers": entries.exclude(index_number=None).values("index_number").distinct().count(),
                "seconds": seconds,
                "cpu": cpu,
                "queries": queries[0],
                "terms": [terms.filter(kind="sensitive").count(), terms.exclude(kind="sensitive").count()],
            }
        )
    )


# -- the driver ------------------------------------------------------------------------------


class Databases:
    """One migrated template with the portal; a fresh copy of it for every measured side."""

    def __init__(self, url, tmp):
        self.url, self.tmp = url, Path(tmp)

    def _url(self, suffix):
        if not self.url:
            return f"sqlite:///{self.tmp / (suffix + '.sqlite3')}"
        base, _, name = self.url.rpartition("/")
        return f"{base}/{name}_{suffix}"

    def build_template(self, env):
        url = self._url("tmpl")
        if not self.url and (self.tmp / "tmpl.sqlite3").exists():
            return  # --workdir with a template from an earlier run
        if self.url:
            name = postgres(self.url, "SELECT 1")
            postgres(self.url, f'DROP DATABASE IF EXISTS "{name}_run"', f'DROP DATABASE IF EXISTS "{name}_tmpl"')
            postgres(self.url, f'CREATE DATABASE "{name}_tmpl"')
        create_bench_portal(dict(env, DATABASE_URL=url), site_root=False)

    def fresh(self):
        if self.url:
            name = postgres(self.url, "SELECT 1")
            postgres(
                self.url,
                f'DROP DATABASE IF EXISTS "{name}_run"',
                f'CREATE DATABASE "{name}_run" TEMPLATE "{name}_tmpl"',
            )
        else:
            for ext in ("", "-wal", "-shm"):
                (self.tmp / f"run.sqlite3{ext}").unlink(missing_ok=True)
            shutil.copyfile(self.tmp / "tmpl.sqlite3", self.tmp / "run.sqlite3")
        return self._url("run")

    def drop(self):
        if self.url:
            name = postgres(self.url, "SELECT 1")
            postgres(self.url, f'DROP DATABASE IF EXISTS "{name}_run"', f'DROP DATABASE IF EXISTS "{name}_tmpl"')


def write_sample(corpus, count, path):
    lines = [line for line in corpus.open(encoding="utf-8") if line.strip()]
    count = min(count, len(lines))
    step = len(lines) / count
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(lines[int(i * step)] for i in range(count))
    return count, len(lines)


def measure(side, sample, env, profile=False):
    cmd = [sys.executable, __file__, "--worker", side, "--sample", str(sample)] + (["--profile"] if profile else [])
    out = subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--entries", type=int, default=400, help="rows spread over the corpus (default 400)")
    parser.add_argument("--rounds", type=int, default=1, help="stock/import pairs; the median ratio is reported")
    parser.add_argument("--database-url", help="postgres://…/NAME (default: SQLite files in a temp folder)")
    parser.add_argument("--workdir", help="SQLite: keep the migrated template here and reuse it next time")
    parser.add_argument("--profile", action="store_true", help="cProfile the import side (to stderr)")
    parser.add_argument("--worker", choices=["import", "stock"], help=argparse.SUPPRESS)
    parser.add_argument("--sample", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.sample, args.profile)

    print_header("import bench (bench/import_bench.py)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = args.workdir or tmp
        Path(tmp).mkdir(parents=True, exist_ok=True)
        sample = Path(tmp) / "sample.jsonl"
        count, total = write_sample(Path(args.corpus), args.entries, sample)
        env = dict(os.environ, IMPORT_REPORT_DIR=tmp)
        databases = Databases(args.database_url, tmp)
        engine = "PostgreSQL" if args.database_url else "SQLite"
        print(f"database: {engine}   sample: {count} of {total} corpus rows (every {total / count:.1f}th)", flush=True)
        databases.build_template(env)
        results = {"import": [], "stock": []}
        try:
            for _ in range(args.rounds):
                for side in ("stock", "import"):
                    run = measure(side, sample, dict(env, DATABASE_URL=databases.fresh()), args.profile)
                    if run["entries"] != count or run["live"] != count:
                        sys.exit(f"{side}: {run['entries']} entries, {run['live']} live, expected {count}")
                    results[side].append(run)
                    print(f"  {side:<7}{run['seconds']:8.1f} s  {count / run['seconds']:7.1f} entries/s", flush=True)
        finally:
            databases.drop()

    rates = {side: [count / r["seconds"] for r in runs] for side, runs in results.items()}
    ratios = [i / s for i, s in zip(rates["import"], rates["stock"], strict=True)]
    ratio = statistics.median(ratios)
    cpu = statistics.median(s["cpu"] / i["cpu"] for i, s in zip(results["import"], results["stock"], strict=True))
    print()
    print(f"{'':<30}{'import':>12}{'stock Wagtail':>16}")
    print(
        f"{'entries/s (median)':<30}{statistics.median(rates['import']):>12.1f}{statistics.median(rates['stock']):>16.1f}"
    )
    for key, label, scale in (("cpu", "CPU ms per entry", 1000), ("queries", "queries per entry", 1)):
        per = {side: statistics.median(r[key] for r in runs) * scale / count for side, runs in results.items()}
        print(f"{label:<30}{per['import']:>12.1f}{per['stock']:>16.1f}")
    unique = min(r["index_numbers"] for r in results["import"])
    print(f"{'live, unique 索引号':<26}{f'{count}, {unique}':>12}{f'{count}, —':>16}")
    print(
        f"ratio import/stock: {ratio:.1f}× (rounds: {', '.join(f'{r:.1f}' for r in ratios)})   target ≥ {TARGET_RATIO:.0f}×"
    )
    print(f"ratio of the processes' CPU time (less sensitive to the machine's load): {cpu:.1f}×")
    ok = ratio >= TARGET_RATIO and unique == count
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
