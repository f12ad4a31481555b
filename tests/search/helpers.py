"""Helpers for the search tests: the test node's address, publishing, refreshing, result ids."""

import os
import subprocess
from pathlib import Path

from pages.publishing.pipeline import publish_entry
from search import indexing
from tests.factories import new_entry

ROOT = Path(__file__).resolve().parents[2]
ES_PORT = int(os.environ.get("SEARCH_TEST_PORT", "59200"))
ES_URL = os.environ.get("SEARCH_TEST_URL", f"http://127.0.0.1:{ES_PORT}")


def es_script(action):
    subprocess.run(
        ["bash", str(ROOT / ".ci" / "elasticsearch.sh"), action, str(ES_PORT)], check=True, stdout=subprocess.DEVNULL
    )


def refresh(name):
    if name == "elasticsearch":
        from search.backends import get_backend

        get_backend("elasticsearch").refresh()


def publish(parent, title, body, **fields):
    entry = new_entry(parent, title=title, body=body, **fields)
    check = publish_entry(entry)
    assert check.passed, check.summary()
    entry.refresh_from_db()
    return entry


def ids(results):
    return [h.entry_id for h in results.hits]


def drain_all():
    for target in indexing.targets():
        indexing.drain(target)
