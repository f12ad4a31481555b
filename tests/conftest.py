import os
import subprocess
from pathlib import Path

import pytest

from disclosure_requests import services
from pages.catalog import create_portal, ensure_area, ensure_department, ensure_item

from .factories import PERSON, make_user, travel


@pytest.fixture(autouse=True)
def _no_public_api_cache(settings):
    """Tests roll the database back; a response cache would outlive it (tested on its own)."""
    settings.PUBLIC_API_CACHE = False


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Tests roll the database back: figures kept until the next public change (reports.figures)
    and throttle counters would otherwise outlive the rows they were computed from."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _private_documents(settings, tmp_path_factory):
    """Wagtail documents go to a throw-away private root (beside, never inside, a test's MEDIA_ROOT)."""
    settings.DOCUMENTS_PRIVATE_ROOT = tmp_path_factory.mktemp("private-documents")
    return settings.DOCUMENTS_PRIVATE_ROOT


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 costs ~0.6 s per test user on the 2-core machine; no test is about the hash.
    PBKDF2 stays second so a password hashed outside a test still verifies."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def portal(db):
    portal = create_portal("town", "测试镇政务公开", "测试镇人民政府", org_code="000014349", make_site_root=True)
    ensure_department(portal, "财政所", "财政", org_code="000014349")
    ensure_department(portal, "民政办", "民政", org_code="000014350")
    return portal


@pytest.fixture
def catalog(portal):
    finance = portal.departments.get(name="财政所")
    civil = portal.departments.get(name="民政办")
    budget_area = ensure_area(portal, "财政预决算", kind="basic")
    relief_area = ensure_area(portal, "社会救助", kind="basic")
    return {
        "budget": ensure_item(budget_area, "部门预算", department=finance),
        "dibao": ensure_item(relief_area, "最低生活保障", department=civil),
        "finance": finance,
        "civil": civil,
    }


@pytest.fixture
def users(catalog, portal):
    return {
        "finance_editor": make_user("finance_editor", catalog["finance"].editors_group),
        "finance_reviewer": make_user("finance_reviewer", catalog["finance"].reviewers_group),
        "civil_editor": make_user("civil_editor", catalog["civil"].editors_group),
        "admin": make_user("admin", superuser=True),
    }


# -- disclosure on request: an applicant, a submitted request, private files ----------------------


@pytest.fixture
def applicant():
    return dict(PERSON)


@pytest.fixture
def submit(portal):
    """submit(on="YYYY-MM-DD", **overrides) → a stored online request received that day."""

    def _submit(on="2025-03-03", channel="online", received_on=None, key=None, files=(), **overrides):
        data = dict(PERSON, **overrides)
        with travel(on):
            disclosure_request, created = services.submit_request(
                portal, data, attachments=files, channel=channel, received_on=received_on, idempotency_key=key
            )
        return disclosure_request

    return _submit


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path_factory):
    """Applicants' files go to a throw-away directory."""
    settings.DISCLOSURE_PRIVATE_ROOT = tmp_path_factory.mktemp("private")
    return settings.DISCLOSURE_PRIVATE_ROOT


def pytest_collection_modifyitems(items):
    """Browser tests last: the live server's own connections leave rows behind after the
    test's flush, which a later serialized-rollback test would load on top of."""

    def order(item):
        live = bool({"live_url", "live_server"} & set(getattr(item, "fixturenames", ())))
        marker = item.get_closest_marker("django_db")
        serialized = bool(marker and marker.kwargs.get("serialized_rollback"))
        # Live tests that restore the serialized database go first among the live ones, before
        # any live server has left rows behind. Among the others pytest-django's order stands:
        # transactional tests flush the migrated rows (the default Locale) at teardown, so they
        # must stay after the plain database tests.
        return (live, live and not serialized)

    items.sort(key=order)


# -- a real Redis-backed Celery worker (``make test`` starts Redis on loopback) -----------------

REDIS_PORT = int(os.environ.get("REDIS_TEST_PORT", "56379"))
# `make test` runs the SQLite and PostgreSQL passes side by side: each pass has its own Redis
# database, so one pass's worker never takes the other's tasks.
REDIS_DB = int(os.environ.get("REDIS_TEST_DB", "15"))


@pytest.fixture
def redis_url():
    # Per test and idempotent: a suite that restarts services must not leave later tests without one.
    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        ["bash", str(root / ".ci" / "redis.sh"), "start", str(REDIS_PORT)], check=True, stdout=subprocess.DEVNULL
    )
    return f"redis://127.0.0.1:{REDIS_PORT}/{REDIS_DB}"


def reset_celery_connections(app):
    """Celery caches its connection and producer pools with the broker of first use (the default
    amqp:// when an earlier test sent a task without a broker); a changed broker_url needs fresh ones."""
    # Dropped, not closed: a producer still holding the old pool would fail with "closed pool".
    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)  # the result backend is cached per thread


@pytest.fixture
def celery_worker_redis(settings, redis_url):
    """The project's Celery app with Redis as broker and a worker in a thread of this process.
    Tests using it need committed data: ``django_db(transaction=True)``."""
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.db import connections

    from cms.celery import app

    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend")}
    settings.CELERY_BROKER_URL = redis_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=redis_url, task_always_eager=False, result_backend=None)
    reset_celery_connections(app)
    with app.connection_for_write() as conn:  # nothing left over from an earlier run
        conn.default_channel.queue_purge(app.conf.task_default_queue)

    def close_worker_connections(**kwargs):
        connections.close_all()  # runs in the worker thread: leave no session open on the test database

    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
            yield app
    finally:
        task_postrun.disconnect(close_worker_connections)
        app.conf.update(saved)
        reset_celery_connections(app)
