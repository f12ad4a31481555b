"""What the benches share: running manage.py, a scratch database with the portal ``bench``,
and the commit-and-date line every measured figure is printed under.

The benches run as scripts (``python bench/x.py``), so this folder is on ``sys.path``.
"""

import datetime
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def manage(env, *args, capture=False):
    """Run manage.py in a child with ``env``; its output is captured or discarded."""
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=capture,
        stdout=None if capture else subprocess.DEVNULL,
    )


def create_bench_portal(env, site_root=True):
    """Migrate the scratch database and create the portal ``bench`` the corpus is imported into."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(
        env,
        "create_portal",
        "bench",
        "--title",
        "基准测试门户",
        "--body-name",
        "基准镇人民政府",
        "--org-code",
        "000014349",
        *(["--site-root"] if site_root else []),
    )


def setup_django(database_url, search_url=""):
    """Start Django in this process on the scratch database (and the search engine, if any)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["SEARCH_URL"] = search_url
    os.environ.setdefault("SEARCH_INDEX", "gongkai-bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def postgres(url, *statements):
    """Run ``statements`` on the server of ``url`` (in its ``postgres`` database); the name of ``url``'s database."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    with psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        for statement in statements:
            conn.execute(statement)
    return cfg["NAME"]


def recreate_postgres_database(url):
    """Drop and create the benchmark database so every run starts empty."""
    name = postgres(url, "SELECT 1")
    postgres(url, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')


def git_commit():
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%h %cd", "--date=short"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
        ).stdout.strip()
        return out + (" (+ uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def stamp():
    """The line a bench prints first: which commit was measured, and when."""
    return f"commit {git_commit()}   {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC"


def print_header(name):
    """The bench's name, the commit and date, and the load the absolute times were taken under."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{name}   {stamp()}", flush=True)
    print(f"machine: {os.cpu_count()} cores, load average {load} (absolute times depend on the load)", flush=True)
