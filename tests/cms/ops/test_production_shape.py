"""`make run-production` end to end: tools/run_production.sh runs the Procfile under honcho
(gunicorn, two Celery workers, Celery beat) against the loopback PostgreSQL, Redis and
Elasticsearch, in a database, Redis databases and an index of its own. Over HTTP only: an entry
goes through the workflow (submit → 部门审核 → 领导审批), a worker indexes it and the public
search finds it through Elasticsearch; a request is filed and beat's reminder job runs on a worker
and mails the office."""

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.factories import PERSON
from tests.search.helpers import ES_URL, es_script

ROOT = Path(__file__).resolve().parents[3]
PG_PORT = int(os.environ.get("PG_PORT", "54329"))
BOUND = 150  # seconds: the most any wait may take (a bound, not a performance figure)

SEED = """
import json
from rest_framework.authtoken.models import Token
from pages.catalog import create_portal, ensure_area, ensure_department, ensure_item
from pages.models import FivePublicType, Genre
from tests.factories import make_user
portal = create_portal("town", "冒烟镇政务公开", "冒烟镇人民政府", org_code="000014349", make_site_root=True)
finance = ensure_department(portal, "财政所", "财政", org_code="000014349")
item = ensure_item(ensure_area(portal, "财政预决算", kind="basic"), "部门预算", department=finance)
people = {
    "editor": make_user("smoke_editor", finance.editors_group),
    "reviewer": make_user("smoke_reviewer", finance.reviewers_group),
    "leader": make_user("smoke_leader", portal.leaders_group),
}
tokens = {role: Token.objects.get_or_create(user=user)[0].key for role, user in people.items()}
labels = {"genre": Genre.objects.get(name="预算").pk, "five_public": FivePublicType.objects.get(name="结果公开").pk}
print(json.dumps({"item": item.pk, "portal": portal.slug, "tokens": tokens, "labels": labels}))
"""


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, path, token=None, data=None):
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    body = None
    if data is not None:
        body, headers["Content-Type"] = json.dumps(data).encode(), "application/json"
    request = urllib.request.Request(base + path, data=body, headers=headers, method="POST" if body else "GET")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError as error:  # not listening yet
        return 0, repr(error)


def wait_until(predicate, what, log):
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(1)
    pytest.fail(f"not within {BOUND} s: {what}\n--- honcho output ---\n{log.read_text()[-6000:]}")


def pg_admin(sql):
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=PG_PORT, user="postgres", dbname="postgres", autocommit=True) as c:
        c.execute(sql)


@pytest.fixture
def production(tmp_path, redis_url):
    subprocess.run(["bash", str(ROOT / ".ci" / "postgres.sh"), "start", str(PG_PORT)], check=True, capture_output=True)
    es_script("start")
    tag = uuid.uuid4().hex[:8]
    port = free_port()
    redis = redis_url.rsplit("/", 1)[0]
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")},
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/gongkai_smoke_{tag}",
        "CELERY_BROKER_URL": f"{redis}/13",
        "CACHE_URL": f"{redis}/14",
        "SEARCH_URL": ES_URL,
        "SEARCH_INDEX": f"gongkai-smoke-{tag}",
        "BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": "1",
        "BEAT_SCHEDULE_FILE": str(tmp_path / "beat-schedule"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
        "SECRET_KEY": uuid.uuid4().hex * 2,
        # Every fresh request counts as due soon (20 working days ≤ 25), and beat runs the
        # daily job every 3 seconds instead of at 07:30.
        "DISCLOSURE_REMINDER_WORKING_DAYS": "25",
        "DISCLOSURE_REMINDERS_EVERY": "3",
        "DISCLOSURE_OFFICE_EMAILS": "smoke-office@example.invalid",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "PYTHONUNBUFFERED": "1",
        # The public API's response cache stays on, for one second: an empty answer cached
        # before the worker indexed the entry would otherwise hide it for a minute.
        "PUBLIC_CACHE_SECONDS": "1",
    }
    log = tmp_path / "honcho.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["bash", str(ROOT / "tools" / "run_production.sh")],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    try:
        wait_until(lambda: process.poll() is None and call(base, "/health/live/")[0] == 200, "gunicorn answers", log)
        print(f"production shape: migrated and serving after {time.monotonic() - started:.0f} s")
        seeded = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "-c", SEED],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=BOUND,
        )  # fmt: skip
        print(f"production shape: seeded after {time.monotonic() - started:.0f} s")
        yield {"base": base, "log": log, "env": env, **json.loads(seeded.stdout.strip().splitlines()[-1])}
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # honcho stops gunicorn, the workers and beat
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        from elasticsearch import Elasticsearch

        Elasticsearch(ES_URL).options(ignore_status=404).indices.delete(index=f"gongkai-smoke-{tag}-*")
        pg_admin(f'DROP DATABASE IF EXISTS "gongkai_smoke_{tag}" WITH (FORCE)')
        import redis as redis_client

        for db in (13, 14):
            redis_client.Redis.from_url(f"{redis}/{db}").flushdb()


def test_production_shape_publishes_indexes_and_reminds(production):
    base, log, tokens = production["base"], production["log"], production["tokens"]
    title = "冒烟镇2025年部门预算公开"
    fields = {
        "parent": production["item"],
        "title": title,
        "body": "<p>预算收入合计128.5万元。</p>",
        **production["labels"],
    }
    status, draft = call(base, "/api/v2/drafts/", tokens["editor"], fields)
    assert status == 201, draft
    for role, step in (("editor", "submit"), ("reviewer", "approve"), ("leader", "approve")):
        status, answer = call(
            base, f"/api/v2/entries/{draft['id']}/workflow/{step}/", tokens[role], {"comment": "同意"}
        )
        assert status == 200, (role, step, answer)

    # A worker indexes the published entry; the public search finds it in Elasticsearch.
    search = "/api/v2/search/?" + urllib.parse.urlencode({"q": "冒烟镇 部门预算"})

    def found():
        status, body = call(base, search)
        return status == 200 and body["backend"] == "elasticsearch" and title in {h["title"] for h in body["hits"]}

    started = time.monotonic()
    wait_until(found, "the published entry found through Elasticsearch", log)
    print(f"production shape: published and found in {time.monotonic() - started:.0f} s")
    status, body = call(base, search)
    assert body["fallback"] is False and body["hits"][0]["index_number"], body

    status, filed = call(base, "/api/v2/requests/", data=dict(PERSON, portal=production["portal"]))
    assert status == 201, filed
    code = filed["tracking_code"]

    def reminded():
        text = log.read_text()
        return code in text and "smoke-office@example.invalid" in text

    wait_until(reminded, "beat's reminder job mails the office about the new request", log)
    print(f"production shape: reminded after {time.monotonic() - started:.0f} s")
    text = log.read_text()
    for process in ("worker1@", "worker2@"):
        assert f"{process}" in text and "ready." in text, process
    assert "Task disclosure_requests.daily[" in text and "succeeded" in text
    assert "Sending due task disclosure-request-reminders" in text
