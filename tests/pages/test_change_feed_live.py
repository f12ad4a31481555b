"""The change feed against a live server and real concurrent transactions: a mirroring consumer
through publish, edit, retract and republish ends equal to the public set, and a change committed
after an older transaction that is still open waits for it (never skipped past)."""

import json
import threading
import time
import urllib.request

import pytest
from django.db import connection, transaction

from pages import changes
from pages.change_feed import parse_cursor
from pages.models import DisclosureEntry, public_entries
from workflows import services

from ..factories import make_user, new_entry

PATIENCE = 60  # seconds: on PostgreSQL another transaction of the cluster can hold the horizon back


class Mirror:
    """What a county platform keeps: entry id -> title, from the feed only."""

    def __init__(self, base):
        self.base, self.cursor, self.entries = base, "", {}

    def pull(self):
        while True:
            with urllib.request.urlopen(f"{self.base}/api/v2/changes/?since={self.cursor}&limit=3") as response:
                data = json.load(response)
            for item in data["changes"]:
                if item["change"] == "published":
                    self.entries[item["id"]] = item["entry"]["title"]
                else:
                    self.entries.pop(item["id"], None)
            self.cursor = data["cursor"]
            if not data["more"]:
                return

    def catch_up(self):
        """Pull until the mirror equals the public set (the horizon may hold a change back a moment)."""
        deadline = time.monotonic() + PATIENCE
        while True:
            self.pull()
            expected = dict(public_entries().values_list("pk", "title"))
            if self.entries == expected or time.monotonic() > deadline:
                return expected


def fresh(entry):
    return DisclosureEntry.objects.get(pk=entry.pk)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mirror_over_http_equals_the_public_set_at_every_step(catalog, portal, live_server):
    editor = make_user("live_feed_editor", catalog["finance"].editors_group)
    reviewer = make_user("live_feed_reviewer", catalog["finance"].reviewers_group)
    leader = make_user("live_feed_leader", portal.leaders_group)

    def review(entry, title=None):
        entry = fresh(entry)
        if title:
            entry.title = title
        entry.save_revision(user=editor)
        services.submit(fresh(entry), editor)
        services.approve(fresh(entry), reviewer)
        services.approve(fresh(entry), leader)
        return fresh(entry)

    mirror = Mirror(live_server.url)
    assert mirror.catch_up() == mirror.entries
    kept = review(new_entry(catalog["budget"], title="镜像：保留的预算公开"))
    entry = review(new_entry(catalog["budget"], title="镜像：低保名单"))
    draft = new_entry(catalog["budget"], title="镜像：草稿")
    draft.save_revision(user=editor)
    assert mirror.catch_up() == mirror.entries and set(mirror.entries) >= {kept.pk, entry.pk}

    entry = review(entry, title="镜像：低保名单（更正）")
    assert mirror.catch_up() == mirror.entries and mirror.entries[entry.pk] == "镜像：低保名单（更正）"

    services.retract(fresh(entry), leader, "名单有误")
    assert mirror.catch_up() == mirror.entries and entry.pk not in mirror.entries

    entry = review(entry, title="镜像：低保名单（重新发布）")
    assert mirror.catch_up() == mirror.entries and mirror.entries[entry.pk] == "镜像：低保名单（重新发布）"
    assert draft.pk not in mirror.entries


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_later_commit_waits_for_an_older_open_transaction(catalog):
    older = new_entry(catalog["budget"], title="并发：先开始的事务")
    later = new_entry(catalog["budget"], title="并发：后提交的事务")
    start = changes.changes_after((0, 0), 10**6)[-1]
    cursor = (start["txid"], start["pk"])
    recorded, release = threading.Event(), threading.Event()

    def open_transaction():
        try:
            with transaction.atomic():
                changes.record([older.pk])  # takes its transaction id and row first
                recorded.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=open_transaction)
    thread.start()
    try:
        assert recorded.wait(30)
        assert older.pk not in [r["entry_id"] for r in changes.changes_after(cursor, 100)]  # not committed
        if connection.vendor == "postgresql":
            # SQLite has one writer at a time, so there a later write waits for the lock instead.
            changes.record([later.pk])  # committed now, after the open one took its id
            served = [r["entry_id"] for r in changes.changes_after(cursor, 100)]
            assert later.pk not in served, "a consumer would move its cursor past the open transaction's change"
    finally:
        release.set()
        thread.join(30)
    deadline = time.monotonic() + PATIENCE
    while True:
        served = [r["entry_id"] for r in changes.changes_after(cursor, 100)]
        expected = [older.pk, later.pk] if connection.vendor == "postgresql" else [older.pk]
        if served == expected or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert served == expected
    assert parse_cursor(f"{start['txid']}-{start['pk']}") == cursor
