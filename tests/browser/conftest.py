"""Shared fixtures of the browser tests: Debian's Chromium through Playwright, a live server
thread, and the rows migrations create (a transactional test starts after a flush)."""

import os
import shutil

import pytest

from tests.passes import postgres_pass

from .screens import ARTIFACTS, CHROMIUM, DESKTOP, PHONE, ROOT  # noqa: F401

# The journeys run once per `make test`, in the SQLite pass: the PostgreSQL pass checks the
# database layer, which the browser adds nothing to.
if postgres_pass():
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium")
        pytest.skip("Debian chromium not installed (make test installs it)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in
    # the tests stay synchronous and on the test's own connection.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def live_url():
    """A live server thread on 127.0.0.1 (the test database is shared, the test is transactional)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override={}, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait(10)
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


@pytest.fixture
def seeded(transactional_db):
    """What migrations put in the database, for a transactional test that runs after a flush."""
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal
    from wagtail.models import Collection, Locale

    ContentType.objects.clear_cache()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # content types, permissions
    Locale.objects.get_or_create(language_code="zh-hans")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    importlib.import_module("pages.migrations.0002_default_vocabularies").seed(apps, None)
    importlib.import_module("reports.migrations.0002_report_genres").add_genres(apps, None)


@pytest.fixture
def journey(browser, live_url):
    """``journey(name)`` opens a browser context (English by default: the system must be Chinese
    whatever the browser asks for) whose every step is checked and photographed (journey.py)."""
    from .journey import Journey

    for po in (ROOT / "locale").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, f"{mo} is stale: run `make setup`"
    journeys = []

    def start(name, locale="en-US", viewport=DESKTOP):
        journeys.append(Journey(browser.new_context(viewport=viewport, locale=locale), live_url, name, ARTIFACTS))
        return journeys[-1]

    yield start
    for each in journeys:
        each.close()
