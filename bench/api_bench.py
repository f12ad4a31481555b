#!/usr/bin/env python
"""API load benchmark: entry list, entry detail and search under 20 concurrent clients.

    .venv/bin/python bench/api_bench.py [--clients 20] [--seconds 15] [--search-url URL] [--keep-db PATH]
                                        [--client wrk|python] [--cache-url redis://…]

Builds a fresh SQLite database with the shared corpus (import --publish), starts
gunicorn on 127.0.0.1 (loopback only), then for each endpoint runs N client
connections for a fixed time and prints requests/s, p50, p95 and errors.
The load comes from wrk (Debian package, `make bench-api` installs it) when present:
a client written in Python shares the machine's cores with the server under test
and inflates every figure; --client python is the fallback. With --search-url the search endpoint uses Elasticsearch
(the index is rebuilt first).

The figures are for a warmed response cache (issue 19): before an endpoint is timed, every one of
its paths is requested 4 × --workers times (gunicorn hands each connection to any worker, and the
default cache is per process, so each worker must have served the path), and the server keeps
responses for PUBLIC_CACHE_SECONDS=600 (the deployment default is 60 s) so that what was warmed
is still there while it is timed. The warm-up's own time and p95 are printed too: that is what
uncached (first) requests cost. `PUBLIC_API_CACHE=0` times the endpoints with no cache at all.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from common import ROOT, create_bench_portal, manage, stamp

CORPUS = ROOT.parent / "shared" / "data" / "entries.jsonl"
QUERIES = ROOT.parent / "shared" / "data" / "queries.txt"
TARGETS = {"list": 100, "detail": 50, "search": 100}


def load_wrk(port, paths, clients, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(paths))
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t",
                "2",
                "-c",
                str(clients),
                "-d",
                f"{seconds:.0f}s",
                "--timeout",
                "30s",
                "-s",
                str(ROOT / "bench" / "wrk_paths.lua"),
                f"http://127.0.0.1:{port}",
            ],
            env=dict(os.environ, PATHS_FILE=f.name),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(f.name)
    figures = json.loads(out.strip().splitlines()[-1])
    return (
        figures["requests"] / figures["seconds"],
        figures["p50"],
        figures["p95"],
        figures["errors"],
        figures["requests"],
    )


def load(port, paths, clients, seconds):
    latencies, errors, stop = [], [0], time.monotonic() + seconds
    lock = threading.Lock()

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], 0
        while time.monotonic() < stop:
            path = random.choice(paths)
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except Exception:
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else float("nan")
    return len(latencies) / elapsed, statistics.median(latencies), p95, errors[0], len(latencies)


def warm(port, paths, repeat, threads=8):
    """Request every path ``repeat`` times (8 connections); return (seconds, p95 ms, errors)."""
    todo = [path for path in paths for _ in range(repeat)]
    latencies, errors, lock = [], [0], threading.Lock()

    def worker(share):
        mine, bad = [], 0
        for path in share:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                bad += response.status != 200
            except Exception:
                bad += 1
            finally:
                conn.close()
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    began = time.monotonic()
    pool = [threading.Thread(target=worker, args=(todo[n::threads],)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    latencies.sort()
    return time.monotonic() - began, latencies[int(len(latencies) * 0.95) - 1], errors[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--search-url", default="")
    parser.add_argument("--client", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python")
    parser.add_argument(
        "--cache-url", default="", help="CACHE_URL for the server, e.g. the Redis a deployment shares between workers"
    )
    parser.add_argument("--keep-db", help="reuse/keep this SQLite file (skips the import when it exists)")
    args = parser.parse_args()

    print(stamp())
    tmp = tempfile.mkdtemp()
    db = Path(args.keep_db) if args.keep_db else Path(tmp) / "api.sqlite3"
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{db}",
        IMPORT_REPORT_DIR=tmp,
        API_READ_RATE="1000000/min",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SEARCH_URL=args.search_url,
        CACHE_URL=args.cache_url,
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback
        PUBLIC_CACHE_SECONDS=os.environ.get("PUBLIC_CACHE_SECONDS", "600"),  # warmed stays warm while timed
    )
    env.pop("CELERY_BROKER_URL", None)
    if not db.exists():
        print("building the database (migrate + import of the shared corpus)…", flush=True)
        create_bench_portal(env)
        manage(env, "import_entries", str(CORPUS), "--create-catalog", "--publish", "--no-progress")
    else:  # a kept database from an older commit: its schema first (the search reads new indexes)
        manage(env, "migrate", "--noinput", "-v0")
    if args.search_url:
        manage(env, "rebuild_search_index")

    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "cms.wsgi",
            "-b",
            f"127.0.0.1:{args.port}",
            "-w",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
                c.request("GET", "/api/v2/entries/?page_size=1")
                ids_page = json.loads(c.getresponse().read())
                break
            except Exception:
                time.sleep(0.3)
        total = ids_page["count"]
        ids = []
        for page in range(1, 11):  # 1,000 entries spread over the list
            c.request("GET", f"/api/v2/entries/?page_size=100&page={page * (total // 1000 or 1)}")
            ids += [e["id"] for e in json.loads(c.getresponse().read()).get("results", [])]
        queries = [q.strip() for q in QUERIES.read_text(encoding="utf-8").splitlines() if q.strip()]
        endpoints = {
            "list": [f"/api/v2/entries/?page={p}" for p in range(1, total // 20 + 1)]
            + ["/api/v2/entries/?department=%E6%B0%91%E6%94%BF%E5%8A%9E", "/api/v2/entries/?year=2010"],
            "detail": [f"/api/v2/entries/{i}/" for i in ids],
            "search": [f"/api/v2/search/?q={quote(q)}" for q in queries],
        }
        backend = "elasticsearch" if args.search_url else "database (SQLite FTS5)"
        cache = (
            "off"
            if os.environ.get("PUBLIC_API_CACHE") == "0"
            else "shared (" + args.cache_url + ")"
            if args.cache_url
            else "per process"
        )
        print(
            f"\n{total} public entries, {args.clients} clients ({args.client}), {args.seconds:.0f} s per endpoint, "
            f"gunicorn {args.workers} workers, search backend: {backend}, response cache: {cache}"
        )
        run = load_wrk if args.client == "wrk" else load
        print(
            f"{'endpoint':<10}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'target p95':>12}{'errors':>8}{'requests':>10}"
        )
        warmups = []
        for name, paths in endpoints.items():
            if cache != "off":
                spent, warm_p95, warm_errors = warm(args.port, paths, 4 * args.workers)
                warmups.append(
                    f"  {name}: {len(paths)} paths × {4 * args.workers} in {spent:.1f} s, p95 {warm_p95:.1f} ms,"
                    f" {warm_errors} errors"
                )
            else:
                run(args.port, paths[:5], args.clients, 2)  # warm the processes, not a cache
            rps, p50, p95, errors, n = run(args.port, paths, args.clients, args.seconds)
            ok = "PASS" if p95 <= TARGETS[name] and not errors else "FAIL"
            print(
                f"{name:<10}{rps:>10.1f}{p50:>10.1f}{p95:>10.1f}{'≤ ' + str(TARGETS[name]):>12}{errors:>8}{n:>10}  {ok}"
            )
        if warmups:
            print("cache warm-up before each endpoint (the first requests of each path are uncached):")
            print("\n".join(warmups))
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
