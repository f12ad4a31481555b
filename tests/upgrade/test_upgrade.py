"""Upgrade test: databases made by older code (tests/upgrade/fixtures, see make_fixtures.sh)
are migrated by the current code and checked against their manifests.

Everything runs in subprocesses with their own DATABASE_URL: the restored SQLite file always,
and a throw-away PostgreSQL database restored from the dump when 127.0.0.1:54329 answers.
Not the pytest-django test database, so the module runs once per ``make test``, in the
SQLite pass.

MOVED maps old model labels to new ones (labels not in it stay the same).
"""

import gzip
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

MOVED = {
    "workflows.workcalendaryear": "disclosure_requests.workcalendaryear",
    "workflows.workcalendarday": "disclosure_requests.workcalendarday",
    "workflows.disclosurerequest": "disclosure_requests.disclosurerequest",
    "workflows.requestattachment": "disclosure_requests.requestattachment",
    "workflows.requestconsultation": "disclosure_requests.requestconsultation",
    "workflows.requestevent": "disclosure_requests.requestevent",
    "workflows.answertemplate": "disclosure_requests.answertemplate",
    "workflows.forcedpublication": "pages.forcedpublication",
    "workflows.publiccontactnumber": "pages.publiccontactnumber",
}

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIXTURES = HERE / "fixtures"
PG_HOST, PG_PORT = "127.0.0.1", int(os.environ.get("UPGRADE_PG_PORT", "54329"))
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PSQL = str(PG_BIN / "psql") if (PG_BIN / "psql").exists() else (shutil.which("psql") or "psql")

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
    reason="upgrade test runs once, in the SQLite pass: it restores and migrates PostgreSQL itself",
)

MANIFESTS = sorted(FIXTURES.glob("demo-*.manifest.json"))


def postgres_reachable():
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            pass
    except OSError:
        return False
    return (
        subprocess.run(
            [PSQL, "-h", PG_HOST, "-p", str(PG_PORT), "-U", "postgres", "-d", "postgres", "-Atqc", "select 1"],
            capture_output=True,
            timeout=30,
        ).returncode
        == 0
    )


def psql(database, *args, **kwargs):
    return subprocess.run(
        [
            PSQL,
            "-h",
            PG_HOST,
            "-p",
            str(PG_PORT),
            "-U",
            "postgres",
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-qX",
            *args,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
        **kwargs,
    )


def run(args, env, name):
    """A subprocess in the project root; its output is shown when it fails."""
    started = time.monotonic()
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    print(f"{name}: {time.monotonic() - started:.1f}s")
    assert result.returncode == 0, f"{name} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result.stdout


def django_env(tmp_path, database_url):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SQLITE_TEST_DB", "SEARCH_URL", "CELERY_BROKER_URL", "CACHE_URL"}
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="cms.settings",
        PYTHONPATH=str(ROOT),
        MEDIA_ROOT=str(tmp_path / "files" / "media"),
        DISCLOSURE_PRIVATE_ROOT=str(tmp_path / "files" / "private"),
        IMPORT_PRIVATE_ROOT=str(tmp_path / "import"),
        IMPORT_REPORT_DIR=str(tmp_path / "import-reports"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    return env


def restore_files(manifest, tmp_path):
    """private/ (request attachments, answers) and media/ (when it was small enough to keep)."""
    archive = manifest.with_name(manifest.name.replace(".manifest.json", ".files.tar.gz"))
    (tmp_path / "files" / "media").mkdir(parents=True)
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "files", filter="data")


def migrate_and_check(manifest, backend, env):
    run(["manage.py", "migrate", "--noinput"], env, f"migrate ({backend})")
    run(["manage.py", "check"], env, f"check ({backend})")
    out = run(
        [
            str(HERE / "check_upgrade.py"),
            "--manifest",
            str(manifest),
            "--backend",
            backend,
            "--mapping",
            json.dumps(MOVED),
        ],
        env,
        f"checker ({backend})",
    )
    print(out)


@pytest.fixture(params=MANIFESTS, ids=lambda p: p.name.split(".")[0])
def manifest(request):
    return request.param


def test_fixtures_exist():
    assert MANIFESTS, f"no upgrade fixtures in {FIXTURES} (bash tests/upgrade/make_fixtures.sh)"


def test_upgrade_sqlite(manifest, tmp_path):
    database = tmp_path / "upgrade.sqlite3"
    with (
        gzip.open(manifest.with_name(manifest.name.replace(".manifest.json", ".sqlite3.gz"))) as src,
        open(database, "wb") as dst,
    ):
        shutil.copyfileobj(src, dst)
    restore_files(manifest, tmp_path)
    migrate_and_check(manifest, "sqlite", django_env(tmp_path, f"sqlite:///{database}"))


def test_upgrade_postgresql(manifest, tmp_path):
    if not postgres_reachable():
        if os.environ.get("CI"):  # .ci/run starts PostgreSQL: unreachable there is a failure, not a skip
            pytest.fail(f"PostgreSQL not reachable on {PG_HOST}:{PG_PORT}")
        pytest.skip(f"PostgreSQL not reachable on {PG_HOST}:{PG_PORT}")
    dump = tmp_path / "dump.sql"
    with (
        gzip.open(manifest.with_name(manifest.name.replace(".manifest.json", ".pg.sql.gz"))) as src,
        open(dump, "wb") as dst,
    ):
        shutil.copyfileobj(src, dst)
    restore_files(manifest, tmp_path)
    name = f"upgrade_check_{os.getpid()}_{secrets.token_hex(3)}"
    psql("postgres", "-c", f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
    try:
        psql(name, "-f", str(dump))
        migrate_and_check(
            manifest, "postgresql", django_env(tmp_path, f"postgres://postgres@{PG_HOST}:{PG_PORT}/{name}")
        )
    finally:
        psql("postgres", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
