#!/usr/bin/env python
"""Workflow bench (issue 19): publication through submit → 部门审核 → 领导审批, on a small database.

    .venv/bin/python bench/workflow_bench.py [--entries 300] [--sample 30] [--template PATH]
                                             [--database-url postgres://…/NAME] [--profile STEP]

Builds a scratch database (a town portal with eight departments and a few catalog items,
``--entries`` published entries through the bulk importer), then publishes ``--sample`` new
drafts of its 财政所 through the workflow: submitted by the 信息员, approved by the 部门负责人
(部门审核) and by the town's leader (领导审批) — three users, the services the admin's buttons
call — one entry at a time, then (``approve_many``/``submit_many``) as a batch, the way a
reviewer and a leader pass a review queue. Prints per step and entry: CPU ms (the main figure:
the machine is shared), wall ms and queries. ``--profile STEP`` prints the cProfile top of that
step of the per-entry path. ``--template PATH`` keeps the migrated database with the portal
there (SQLite) and starts the next run from a copy (migrating takes about a minute).
``measure_workflow`` is also what ``bench/county_bench.py`` runs.
"""

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import manage, print_header, recreate_postgres_database, setup_django

TARGET = 20.0  # entries/s through the three steps
SLUG, DEPARTMENT = "town01", "财政所"
DEPARTMENTS = ["党政办", "财政所", "民政办", "社保所", "城建所", "农技站", "中心学校", "卫生院"]
ITEMS = [("财政预决算", "部门预算"), ("财政预决算", "部门决算"), ("社会救助", "最低生活保障"), ("重点领域", "政府采购")]


def say(text):
    print(text, flush=True)


def build(entries):
    """The town portal, its departments and a few items, ``entries`` published entries."""
    import json

    from county_build import CORPUS

    from pages.catalog import create_portal, ensure_area, ensure_department, ensure_item
    from pages.importing import import_entries
    from workflows.services import ensure_portal_workflow

    portal = create_portal(
        SLUG, "东关镇政务公开", "东关镇人民政府", org_code="000000001", make_site_root=True, level="乡级"
    )
    ensure_portal_workflow(portal)
    for n, name in enumerate(DEPARTMENTS, start=1):
        ensure_department(portal, name, name[:2], org_code=f"001{n:03d}")
    finance = portal.departments.get(name=DEPARTMENT)
    for area, item in ITEMS:
        ensure_item(ensure_area(portal, area, kind="basic"), item, department=finance)
    corpus = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()[:entries]]
    rows = [
        json.dumps(
            {
                "source_id": f"wf-{i:05d}",
                "title": f"{row['title']}（第{i + 1}号）",
                "body": row["body"],
                "department": DEPARTMENTS[i % len(DEPARTMENTS)],
                "area": ITEMS[i % len(ITEMS)][0],
                "item": ITEMS[i % len(ITEMS)][1],
                "published": "2026-03-01",
                "genre": row.get("genre"),
                "five_public": row.get("five_public"),
                "openness": "主动公开",
            },
            ensure_ascii=False,
        )
        for i, row in enumerate(corpus)
    ]
    path = Path(tempfile.mkdtemp()) / "entries.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = import_entries(path, fmt="jsonl", portal=portal, create_catalog=True, publish=True)
    if report.problems:
        sys.exit(f"the import refused rows: {report.problems[:3]}")
    shutil.rmtree(path.parent)
    say(f"built: portal {portal.title}, {len(DEPARTMENTS)} departments, {report.published} published entries")


def workflow_people(slug, department_name):
    """A department's 信息员 and 部门负责人 and the portal's leader: three distinct users."""
    from django.contrib.auth import get_user_model

    from pages.catalog import resolve_portal

    portal = resolve_portal(slug)
    department = portal.departments.get(name=department_name)
    User = get_user_model()
    people = {}
    for role, group in (
        ("editor", department.editors_group),
        ("reviewer", department.reviewers_group),
        ("leader", portal.leaders_group),
    ):
        user, _ = User.objects.get_or_create(username=f"{slug}_{role}")
        user.groups.add(group)
        people[role] = user
    return portal, department, people


def make_drafts(slug, department_name, count, label):
    """``count`` new drafts of the department, saved by its 信息员 the ordinary way."""
    from pages.models import CatalogItem, DisclosureEntry

    portal, department, people = workflow_people(slug, department_name)
    item = CatalogItem.objects.descendant_of(portal).filter(department=department).order_by("path").first()
    if item is None:  # the standard catalog names other offices: give one item to this department
        item = CatalogItem.objects.descendant_of(portal).order_by("path").first()
        item.department = department
        item.save_revision(log_action=False).publish(log_action=False)
    model = DisclosureEntry.objects.filter(portal=portal, live=True).order_by("pk").first()
    drafts = []
    for n in range(count):
        entry = DisclosureEntry(
            title=f"基准审核流程{label}{n + 1}：2026年部门预算执行情况",
            body="<p>本年度预算收入合计128.5万元，支出合计120.3万元。</p>",
            live=False,
            owner=people["editor"],
            department=department,
            genre=model.genre,
            five_public=model.five_public,
            published_on=model.published_on,
        )
        item.add_child(instance=entry)
        entry.save_revision(user=people["editor"])
        drafts.append(entry)
    return drafts, people


def query_counter(counts, key):
    def count(execute, sql, params, many, context):
        counts[key] += 1
        return execute(sql, params, many, context)

    return count


def _run_steps(steps, units, count, profile=None):
    """Run each step over ``units``; wall s, CPU s and queries per step."""
    from django.db import connection

    wall, cpu, queries = dict.fromkeys(steps, 0.0), dict.fromkeys(steps, 0.0), dict.fromkeys(steps, 0)
    profiler = cProfile.Profile() if profile else None
    for unit in units:
        for name, step in steps.items():
            with connection.execute_wrapper(query_counter(queries, name)):
                began, began_cpu = time.perf_counter(), time.process_time()
                if name == profile:
                    profiler.enable()
                step(unit)
                if name == profile:
                    profiler.disable()
                wall[name] += time.perf_counter() - began
                cpu[name] += time.process_time() - began_cpu
    for name in steps:
        say(
            f"    {name:<5} CPU {cpu[name] / count * 1000:6.1f} ms  wall {wall[name] / count * 1000:6.1f} ms  "
            f"{queries[name] / count:5.1f} queries  per entry"
        )
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
        say(out.getvalue())
    return sum(wall.values()), sum(cpu.values())


def _published(drafts):
    from pages.models import DisclosureEntry

    pks = [e.pk for e in drafts]
    return DisclosureEntry.objects.filter(pk__in=pks, live=True).exclude(index_number=None).count()


def _line(label, sample, published, wall, cpu):
    rate = published / wall
    ok = published == sample and rate >= TARGET
    say(
        f"  {label}: {published} of {sample} published with 索引号 in {wall:.2f} s (CPU {cpu:.2f} s, "
        f"{cpu / sample * 1000:.0f} ms per entry): {rate:.1f} entries/s (target ≥ {TARGET:.0f}/s)  "
        f"{'PASS' if ok else 'FAIL'}"
    )
    return ok


def measure_workflow(sample, slug=SLUG, department=DEPARTMENT, batch_size=30, profile=None):
    """The per-entry path, then the batch path; True when the batch path (what a leader uses) passes."""
    from pages.models import DisclosureEntry
    from workflows import services

    drafts, people = make_drafts(slug, department, sample, "单")
    fresh = lambda entry: DisclosureEntry.objects.get(pk=entry.pk)  # noqa: E731 - a new request's object
    steps = {
        "提交": lambda entry: services.submit(entry, people["editor"]),
        "部门审核": lambda entry: services.approve(fresh(entry), people["reviewer"]),
        "领导审批": lambda entry: services.approve(fresh(entry), people["leader"]),
    }
    say(f"workflow, one entry at a time ({sample} drafts):")
    wall, cpu = _run_steps(steps, drafts, sample, profile)
    single = _line("per entry", sample, _published(drafts), wall, cpu)
    if not hasattr(services, "approve_many"):
        return single
    drafts, people = make_drafts(slug, department, sample, "批")
    batches = [drafts[i : i + batch_size] for i in range(0, sample, batch_size)]
    fresh_all = lambda batch: list(DisclosureEntry.objects.filter(pk__in=[e.pk for e in batch]))  # noqa: E731
    steps = {
        "提交": lambda batch: services.submit_many(fresh_all(batch), people["editor"]),
        "部门审核": lambda batch: services.approve_many(fresh_all(batch), people["reviewer"]),
        "领导审批": lambda batch: services.approve_many(fresh_all(batch), people["leader"]),
    }
    say(f"workflow, in batches of {batch_size} (批量提交, 批量审核, 批量审批; {sample} drafts):")
    wall, cpu = _run_steps(steps, batches, sample)
    return _line("batches", sample, _published(drafts), wall, cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=300, help="published entries already there")
    parser.add_argument("--sample", type=int, default=30, help="drafts published through the workflow")
    parser.add_argument("--batch-size", type=int, default=30)
    parser.add_argument("--database-url", default="", help="postgres://…/NAME (dropped and recreated)")
    parser.add_argument("--template", help="SQLite file of the built database to reuse or keep")
    parser.add_argument("--profile", choices=["提交", "部门审核", "领导审批"])
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="workflow-bench-")
    url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
    env = {**os.environ, "DATABASE_URL": url, "SEARCH_URL": ""}
    print_header("workflow bench (bench/workflow_bench.py)")
    if args.database_url:
        recreate_postgres_database(url)
    if args.template and not args.database_url and Path(args.template).exists():
        shutil.copyfile(args.template, f"{tmp}/bench.sqlite3")
        setup_django(url)
    else:
        manage(env, "migrate", "--noinput", "-v0")
        setup_django(url)
        build(args.entries)
        if args.template and not args.database_url:
            shutil.copyfile(f"{tmp}/bench.sqlite3", args.template)
    say(f"database: {'PostgreSQL' if args.database_url else 'SQLite'}")
    ok = measure_workflow(args.sample, batch_size=args.batch_size, profile=args.profile)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
