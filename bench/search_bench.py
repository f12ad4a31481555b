"""Search benchmark: quality, latency and rebuild throughput, both backends side by side.

    .venv/bin/python bench/search_bench.py [--database-url URL] [--search-url URL] [--big N] [--reuse]

1. Imports ../shared/data/entries.jsonl (--create-catalog --publish) into a scratch
   database (default sqlite:////tmp/gongkai-search-bench.sqlite3; --reuse keeps it).
2. Quality on ../shared/data/queries.txt and on a held-out set like it (HELD_OUT):
   recall and precision@10 against the ground truth of DATA.md (every term a
   substring of title or body), for the database backend, Elasticsearch (when
   SEARCH_URL/--search-url is set) and Wagtail's default backend (modelsearch).
   Then unspaced queries typed the way people type them: 2–3 independently chosen
   terms joined without spaces ("财政资金" from 财政 + 资金); an entry is relevant when
   every term is a substring of its title or body (the project tokenizer plays no
   part in choosing terms or in relevance). Two sets kept apart: a tuning set from a
   fixed word list (TUNING_TERMS, seed 11) and a reporting set from words found in
   the bodies without any tokenizer (frequent character n-grams with free
   boundaries and strong cohesion, minus the tuning words; seed 2026). Each set:
   queries with ≥ 10 relevant entries (recall, precision@10) and rare ones with
   1–9 (recall, R-precision = relevant among the first |relevant| returned);
   "empty" counts queries answered with nothing, "partial" queries answered with
   部分匹配, although an entry holds every term.
3. Full rebuild throughput (entries/s) per backend.
4. Latency in-process (search() with facets, 10 hits), p50/p95 over the query sets
   (5 rounds), on the 5,075 entries and on a --big corpus (default 100,000) built by
   copying the documents into the search indexes (pages are not duplicated).
"""

import argparse
import json
import math
import os
import random
import re
import statistics
import time
from collections import Counter, defaultdict
from pathlib import Path

from common import ROOT, create_bench_portal, manage, recreate_postgres_database, setup_django, stamp

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
# Tuning set's terms: a fixed list of words of government reports (written by hand).
TUNING_TERMS = [
    "经济",
    "农业",
    "农村",
    "农民",
    "工业",
    "企业",
    "市场",
    "投资",
    "消费",
    "出口",
    "财政",
    "税收",
    "金融",
    "价格",
    "就业",
    "收入",
    "教育",
    "科技",
    "创新",
    "文化",
    "卫生",
    "医疗",
    "养老",
    "住房",
    "城市",
    "城镇",
    "交通",
    "能源",
    "环境",
    "生态",
    "污染",
    "安全",
    "粮食",
    "人口",
    "扶贫",
    "贫困",
    "民生",
    "制度",
    "法治",
    "资金",
    "项目",
    "质量",
    "效益",
    "结构",
    "开放",
    "合作",
    "群众",
    "干部",
    "政策",
    "稳定",
    "预算",
    "补贴",
    "救助",
    "保险",
    "学校",
    "医院",
    "工资",
    "社会保障",
    "基础设施",
    "乡村振兴",
    "国有企业",
    "对外贸易",
    "生态环境",
    "义务教育",
    "食品安全",
    "中小企业",
    "科学技术",
    "公共服务",
    "产业结构",
    "农田水利",
    "职业教育",
]
MIN_RELEVANT = 10  # precision@10 is measured on queries with at least this many relevant entries
# Characters that mark a function word or a number: such n-grams are not offered as terms.
NOT_TERM_CHARS = set(
    "的了是在和这那个些们我他她它其此也都就而及或之于把被将从向为以所已还又很更最要有不"
    "一二三四五六七八九十百千万亿第年月日"
)


def prepare_database(url, reuse):
    env = dict(os.environ, DATABASE_URL=url)
    env.pop("SEARCH_URL", None)  # the import fills the database index; Elasticsearch is rebuilt below
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///") :])
        if reuse and path.exists():
            manage(env, "migrate", "--noinput", "-v0")  # the search migrations since (0008: SQLite's cover)
            return
        for p in path.parent.glob(path.name + "*"):
            p.unlink()
    elif not reuse:
        recreate_postgres_database(url)
    print("importing the shared corpus …", flush=True)
    create_bench_portal(env)
    manage(env, "import_entries", str(DATA / "entries.jsonl"), "--portal", "bench", "--create-catalog", "--publish")


def ground_truth(rows, terms):
    """Every term a substring of title or body (DATA.md); ``terms`` or a space-separated query."""
    terms = terms.split() if isinstance(terms, str) else terms
    return {r["source_id"] for r in rows if all(t in r["title"] or t in r["body"] for t in terms)}


def all_hits(backend, query):
    """(source ids of every hit in order, partial flag)."""
    out, page = [], 1
    while True:
        res = backend.search(query, page=page, page_size=100)
        out.extend(h.source_id for h in res.hits)
        if len(out) >= res.total or not res.hits:
            return out, res.partial
        page += 1


def body_terms(rows, exclude=(), top=400):
    """Words found in the bodies without a tokenizer: character 2- and 3-grams occurring ≥ 40
    times whose left and right neighbours vary (boundary entropy ≥ 2 nats) and whose
    characters stick together (pointwise mutual information ≥ 3 at every split); of the
    ``top`` most frequent, those in 25–600 entries (neither everywhere nor rare)."""
    segments = [s for r in rows for s in re.findall(r"[\u4e00-\u9fff]+", r["body"])]
    grams = [Counter(), Counter(), Counter()]
    for s in segments:
        for n in (1, 2, 3):
            grams[n - 1].update(s[i : i + n] for i in range(len(s) - n + 1))
    total = sum(grams[0].values())
    candidates = {
        g: c
        for counter in grams[1:]
        for g, c in counter.items()
        if c >= 40 and not NOT_TERM_CHARS & set(g) and g not in exclude
    }
    left, right = defaultdict(Counter), defaultdict(Counter)
    for s in segments:
        for n in (2, 3):
            for i in range(len(s) - n + 1):
                g = s[i : i + n]
                if g in candidates:
                    left[g][s[i - 1] if i else "^"] += 1
                    right[g][s[i + n] if i + n < len(s) else "$"] += 1

    def entropy(c):
        n = sum(c.values())
        return -sum(v / n * math.log(v / n) for v in c.values())

    def p(g):
        return grams[len(g) - 1][g] / total

    def cohesion(g):
        return min(math.log(p(g) / (p(g[:k]) * p(g[k:]))) for k in range(1, len(g)))

    found = [
        (c, g) for g, c in candidates.items() if min(entropy(left[g]), entropy(right[g])) >= 2.0 and cohesion(g) >= 3.0
    ]
    frequent = [g for _, g in sorted(found, reverse=True)[:top]]
    return [g for g in frequent if 25 <= sum(1 for r in rows if g in r["title"] or g in r["body"]) <= 600]


def unspaced_queries(rows, terms, seed, n_main=60, n_rare=30):
    """2–3 terms drawn independently (no term inside another) and joined without spaces:
    (main: ≥ MIN_RELEVANT relevant entries, rare: 1–9), each [(query, terms)]."""
    rng = random.Random(seed)
    main, rare, tries = [], [], 0
    while (len(main) < n_main or len(rare) < n_rare) and tries < 100_000:
        tries += 1
        picked = rng.sample(terms, rng.choice((2, 2, 3)))
        if any(a != b and a in b for a in picked for b in picked):
            continue
        n = len(ground_truth(rows, picked))
        target = main if n >= MIN_RELEVANT else rare if n else None
        if target is not None and len(target) < (n_main if target is main else n_rare):
            target.append(("".join(picked), picked))
    return main, rare


def quality(name, fetch, rows, queries):
    """recall, precision@10 (or R-precision with ``r_precision``), empty and partial answers."""
    return quality_of(fetch, rows, [(q, q.split()) for q in queries])[:2]


def quality_of(fetch, rows, queries, r_precision=False):
    recalls, precisions, empty, partial = [], [], 0, 0
    for query, terms in queries:
        truth = ground_truth(rows, terms)
        got, was_partial = fetch(query)
        if truth:
            recalls.append(len(truth & set(got)) / len(truth))
            empty += not got
            partial += bool(was_partial)
        top = got[: len(truth)] if r_precision and truth else got[:10]
        if top:
            precisions.append(sum(1 for s in top if s in truth) / len(top))
        elif truth:
            precisions.append(0.0)
    return statistics.mean(recalls), statistics.mean(precisions), empty, partial


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
            return [e.source_id for e in backend.search(query, qs, operator="and")], False

        yield label, fetch
    DisclosureEntry.search_fields = full


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
    for b in backends:  # as a rebuild leaves each index
        b.optimize()


def shrink(backend):
    """Remove the copies ``grow`` added (ids from 10,000,000 on)."""
    if backend.name == "database":
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("DELETE FROM search_searchdocument WHERE entry_id >= 10000000")
            if connection.vendor == "sqlite":
                cur.execute("DELETE FROM search_fts WHERE rowid >= 10000000")
                cur.execute("DELETE FROM search_folds WHERE rowid >= 10000000")
    # Elasticsearch: nothing to do; the next rebuild fills a fresh index and drops this one
    # (_delete_by_query lives in a module the core distribution does not ship).


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="sqlite:////tmp/gongkai-search-bench.sqlite3")
    parser.add_argument("--search-url", default=os.environ.get("SEARCH_URL", ""))
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="reuse an imported scratch database")
    parser.add_argument(
        "--quality-only", action="store_true", help="quality of both backends only (no Wagtail, no latency)"
    )
    args = parser.parse_args()

    prepare_database(args.database_url, args.reuse)
    setup_django(args.database_url, args.search_url)

    from search.backends import get_backend
    from search.documents import public_entry_ids
    from search.management.commands.rebuild_search_index import rebuild

    rows = [json.loads(line) for line in (DATA / "entries.jsonl").open(encoding="utf-8")]
    queries = [q.strip() for q in (DATA / "queries.txt").open(encoding="utf-8") if q.strip()]
    names = ["database"] + (["elasticsearch"] if args.search_url else [])
    ids = public_entry_ids()
    print(stamp())
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

    sets = {
        "tuning": unspaced_queries(rows, TUNING_TERMS, seed=11),
        "reporting": unspaced_queries(rows, body_terms(rows, exclude=set(TUNING_TERMS)), seed=2026),
    }
    for label, (main_set, rare_set) in sets.items():
        print(
            f"{label} set: {len(main_set)} + {len(rare_set)} rare, e.g. "
            + "、".join(q for q, _ in main_set[:6] + rare_set[:4])
        )

    print(
        "\n== quality, literal queries (recall / precision@10; ground truth: every term a substring of title or body) =="
    )
    print(f"{'backend':<16} {'queries.txt':>21} {'held-out':>21}")
    fetchers = [(name, (lambda q, b=b: all_hits(b, q))) for name, b in backends.items()]
    unspaced = []

    def report(name, fetch):
        r1, p1 = quality(name, fetch, rows, queries)
        r2, p2 = quality(name, fetch, rows, HELD_OUT)
        print(f"{name:<16} {r1:>10.3f} / {p1:<8.3f} {r2:>10.3f} / {p2:<8.3f}", flush=True)
        unspaced.append(
            (
                name,
                {
                    label: (quality_of(fetch, rows, m), quality_of(fetch, rows, r, r_precision=True))
                    for label, (m, r) in sets.items()
                },
            )
        )

    for name, fetch in fetchers:
        report(name, fetch)
    if not args.quality_only:
        for name, fetch in wagtail_fetchers():  # lazily: each rebuilds the modelsearch index
            report(name, fetch)

    print("\n== quality, unspaced queries (2–3 terms joined without spaces) ==")
    print(
        "main: ≥ 10 relevant entries, recall / precision@10 / empty / 部分匹配;  "
        "rare: 1–9 relevant, recall / R-precision / empty / 部分匹配"
    )
    print(f"{'backend':<16} " + " ".join(f"{label + ' main':>26} {label + ' rare':>26}" for label in sets))
    for name, by_set in unspaced:
        cells = []
        for label in sets:
            for r, p, e, part in by_set[label]:
                cells.append(f"{r:.3f} / {p:.3f} / {e:>2} / {part:>2}".rjust(26))
        print(f"{name:<16} " + " ".join(cells), flush=True)
    if args.quality_only:
        return

    literal = queries + HELD_OUT
    typed = [q for q, _ in sets["reporting"][0][:20] + sets["reporting"][1][:20]]
    print(
        f"\n== latency, search() with facets, 10 hits, × 5 rounds (ms): {len(literal)} literal, "
        f"{len(typed)} unspaced queries =="
    )

    def print_latency(entries_label):
        for name, b in backends.items():
            p50, p95 = latency(b, literal)
            u50, u95 = latency(b, typed)
            print(
                f"{name:<14} {entries_label:>7} entries   literal p50 {p50:6.1f}  p95 {p95:6.1f}   "
                f"unspaced p50 {u50:6.1f}  p95 {u95:6.1f}",
                flush=True,
            )

    print_latency(len(ids))
    if args.big > len(ids):
        print(f"\nbuilding the {args.big:,}-document corpus …", flush=True)
        grow(list(backends.values()), args.big)
        if "elasticsearch" in backends:
            backends["elasticsearch"].refresh()
            es = backends["elasticsearch"]
            es.client.options(request_timeout=600).indices.forcemerge(index=es.alias, max_num_segments=1)
        print_latency(max(b.count() for b in backends.values()))
        for b in backends.values():  # drop the copies again
            shrink(b)


if __name__ == "__main__":
    main()
