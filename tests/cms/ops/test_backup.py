"""manage.py backup / restore: everything back in a fresh database and fresh folders."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.documents import get_document_model

from disclosure_requests import services
from pages.publishing.pipeline import publish_entry
from tests.factories import PERSON, make_user, new_entry

ROOT = Path(__file__).resolve().parents[3]

# What a restored installation must show, read the same way in this process and in the restored one.
SNAPSHOT = """
import json
from wagtail.documents import get_document_model
from disclosure_requests.models import DisclosureRequest
from pages.models import DisclosureEntry
print(json.dumps({
    "entries": sorted([e.title, e.index_number, e.live] for e in DisclosureEntry.objects.all()),
    "requests": sorted(
        [r.tracking_code, r.state, r.answer_type, r.answer_text, r.answer_document.read().hex(),
         [a.file.read().hex() for a in r.attachments.all()]]
        for r in DisclosureRequest.objects.all()
    ),
    "documents": sorted([d.title, d.file.read().hex()] for d in get_document_model().objects.all()),
}, ensure_ascii=False))
"""


def snapshot():
    namespace = {}
    from contextlib import redirect_stdout
    from io import StringIO

    out = StringIO()
    with redirect_stdout(out):
        exec(SNAPSHOT, namespace)
    return json.loads(out.getvalue())


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def content(catalog, portal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "logo.png").write_bytes(b"\x89PNG public image")
    entry = new_entry(catalog["budget"], title="2025年部门预算公开")
    get_document_model().objects.create(title="预算表", file=ContentFile(b"%PDF-1.4 budget table", name="预算表.pdf"))
    assert publish_entry(entry).passed
    new_entry(catalog["dibao"], title="低保名单（草稿）")
    office = make_user("office", superuser=True)
    filed = services.submit_request(
        portal,
        dict(PERSON, description="申请公开本镇2025年低保资金发放明细"),
        attachments=[SimpleUploadedFile("身份证明.pdf", b"%PDF-1.4 id card", content_type="application/pdf")],
    )[0]
    services.answer(filed, office, "disclose", text="予以公开，见附件。")
    return settings


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_into_a_fresh_database_and_folders(content, tmp_path):
    before = snapshot()
    assert len(before["entries"]) == 2 and len(before["requests"]) == 1 and len(before["documents"]) == 1
    assert before["requests"][0][2] == "disclose" and before["requests"][0][5]  # answered, with the applicant's file
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), no_progress=True, stdout=open(os.devnull, "w"))

    fresh = tmp_path / "fresh"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{fresh / 'db.sqlite3'}",
        "MEDIA_ROOT": str(fresh / "media"),
        "DOCUMENTS_PRIVATE_ROOT": str(fresh / "documents"),
        "DISCLOSURE_PRIVATE_ROOT": str(fresh / "requests"),
        "IMPORT_PRIVATE_ROOT": str(fresh / "imports"),
    }
    fresh.mkdir()
    restored = manage("restore", str(archive), env=env)
    assert restored.returncode == 0, restored.stderr
    assert "恢复完成" in restored.stdout
    after = manage("shell", "-c", SNAPSHOT, env=env)
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout.strip().splitlines()[-1]) == before
    assert (fresh / "media" / "images" / "logo.png").read_bytes() == b"\x89PNG public image"

    # Into a database that is not fresh (this test's own): refused before anything is touched.
    with pytest.raises(CommandError, match="恢复目标须为全新的数据库和目录"):
        call_command("restore", str(archive), no_progress=True)
    assert snapshot() == before


def test_an_archive_that_is_not_a_backup_is_refused(tmp_path, db):
    import tarfile

    bogus = tmp_path / "other.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.add(__file__, arcname="notes.txt")
    with pytest.raises(CommandError, match="manifest.json"):
        call_command("restore", str(bogus), no_progress=True)


PG_PORT = int(os.environ.get("PG_PORT", "54329"))


def test_postgresql_dump_and_restore_with_debian_tools(tmp_path):
    """pg_dump -Fc / pg_restore into a fresh database (run here, in the SQLite pass, on the
    loopback server `make test` starts: the full restore above covers the application's data)."""
    import psycopg

    from cms.backup import databases

    admin = f"postgresql://postgres@127.0.0.1:{PG_PORT}/postgres"
    try:
        psycopg.connect(admin, connect_timeout=3).close()
    except psycopg.OperationalError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not running on 127.0.0.1:{PG_PORT} (make test starts it)")
    names = [f"ops_backup_{os.getpid()}_{suffix}" for suffix in ("source", "fresh")]
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        urls = [f"postgresql://postgres@127.0.0.1:{PG_PORT}/{name}" for name in names]
        with psycopg.connect(urls[0]) as conn:
            conn.execute("CREATE TABLE entry (id serial PRIMARY KEY, title text NOT NULL, body bytea)")
            conn.execute("INSERT INTO entry (title, body) VALUES ('2025年部门预算公开', '\\x00ff'), ('低保名单', NULL)")
        settings_dicts = [
            {"NAME": name, "HOST": "127.0.0.1", "PORT": PG_PORT, "USER": "postgres", "PASSWORD": ""} for name in names
        ]
        steps = []
        dump = tmp_path / "db.pgdump"
        databases.dump_database("postgresql", settings_dicts[0], dump, lambda done, line: steps.append(line))
        assert any("entry" in line for line in steps)  # pg_dump's progress reached the caller
        databases.load_database("postgresql", settings_dicts[1], dump, lambda done, line: steps.append(line))
        with psycopg.connect(urls[1]) as conn:
            rows = conn.execute("SELECT id, title, body FROM entry ORDER BY id").fetchall()
            assert rows == [(1, "2025年部门预算公开", b"\x00\xff"), (2, "低保名单", None)]
            assert conn.execute("SELECT nextval('entry_id_seq')").fetchone() == (3,)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
