"""A three-node Elasticsearch cluster (.ci/search-cluster.sh, ``make search-cluster``) loses a node
while the public searches: every answer still comes from Elasticsearch, nothing published
during the loss is lost, the cluster is green again once the node is back, and a rebuild with
the alias swap runs while the searches go on.

The public searches go through the live server's API from a thread; the test's own writes are
committed (``transaction=True``) so that thread sees them."""

import io
import json
import subprocess
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from search import indexing
from search.backends import get_backend
from search.backends.elastic import make_client
from search.management.commands import rebuild_search_index
from tests.search.helpers import publish

CLUSTER = Path(__file__).resolve().parents[3] / ".ci" / "search-cluster.sh"
QUERY = "农村低保"
BOUND = 150  # seconds: the most any wait below may take (a bound, not a performance figure)


def cluster(*args):
    return subprocess.run(["bash", str(CLUSTER), *args], check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def cluster_urls():
    """The cluster, started here unless `make search-cluster` already runs it; stopped at the end
    if it was started here."""
    urls = cluster("urls")
    running = subprocess.run(["bash", str(CLUSTER), "status"], capture_output=True).returncode == 0
    if not running:
        cluster("start")
    yield urls
    if not running:
        cluster("stop")


@pytest.fixture
def cluster_settings(settings, cluster_urls):
    settings.SEARCH_URL = cluster_urls
    settings.SEARCH_REPLICAS = 1
    settings.SEARCH_INDEX = f"gongkai-cluster-{uuid.uuid4().hex[:8]}"
    yield settings
    try:
        make_client().options(ignore_status=404).indices.delete(index=f"{settings.SEARCH_INDEX}-*")
    except Exception:  # noqa: BLE001 - a failed test may leave a node down; the cluster stops anyway
        pass


class Searcher(threading.Thread):
    """Public searches, one after another, each recorded with the phase it started in."""

    def __init__(self, base_url):
        super().__init__(daemon=True)
        self.url = f"{base_url}/api/v2/search/?" + urllib.parse.urlencode({"q": QUERY, "page_size": 50})
        self.phase = "before"
        self.started = {"before": time.monotonic()}
        self.answers = []
        self.done = threading.Event()

    def enter(self, phase):
        self.phase = phase
        self.started[phase] = time.monotonic()

    def timeline(self):
        t0 = self.started["before"]
        return ", ".join(f"{p} +{t - t0:.0f} s ({self.answered(p)} searches)" for p, t in self.started.items())

    def run(self):
        deadline = time.monotonic() + 4 * BOUND
        while not self.done.is_set() and time.monotonic() < deadline:
            phase = self.phase
            try:
                with urllib.request.urlopen(self.url, timeout=30) as resp:
                    body = json.load(resp)
                self.answers.append((phase, resp.status, body["fallback"], body["backend"], _titles(body)))
            except Exception as exc:  # noqa: BLE001 - recorded: a failed search fails the test
                self.answers.append((phase, 0, None, None, repr(exc)))
            time.sleep(0.2)

    def answered(self, phase):
        return sum(1 for a in self.answers if a[0] == phase)

    def wait_for(self, phase, n):
        deadline = time.monotonic() + BOUND
        while self.answered(phase) < n and time.monotonic() < deadline:
            time.sleep(0.1)


def _titles(body):
    return {h["title"] for h in body["hits"]}


def wait_until(predicate, what):
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    pytest.fail(f"not within {BOUND} s: {what}")


def drained():
    try:
        indexing.drain("elasticsearch")
    except Exception:  # noqa: BLE001 - the rows stay queued; tried again
        return False
    return not indexing.pending("elasticsearch").exists()


def primary_port(index):
    shards = make_client().cat.shards(index=index, format="json")
    node = next(s["node"] for s in shards if s["prirep"] == "p" and s["state"] == "STARTED")
    return node.removeprefix("gongkai-")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_survives_a_node_loss_and_a_rebuild(catalog, cluster_settings, live_server, monkeypatch):
    dibao = catalog["dibao"]
    before = {publish(dibao, f"{QUERY}标准调整（第{i}批）", f"<p>{QUERY}资金</p>").title for i in range(1, 4)}
    assert drained()
    es = get_backend("elasticsearch")
    es.refresh()
    index = es.alias_targets()[0]
    assert make_client().indices.get_settings(index=index)[index]["settings"]["index"]["number_of_replicas"] == "1"
    assert make_client().cluster.health(index=index, wait_for_status="green", timeout="60s")["status"] == "green"

    searcher = Searcher(live_server.url)
    searcher.start()
    try:
        searcher.wait_for("before", 3)
        lost = primary_port(index)  # the node holding the primary copy: its writes must move
        searcher.enter("outage")
        cluster("kill-node", lost)

        during = publish(dibao, f"{QUERY}资金发放（节点故障期间）", f"<p>{QUERY}</p>")
        wait_until(drained, "the update published during the node loss reaches the cluster")
        es.refresh()
        wait_until(lambda: during.pk in {h.entry_id for h in es.search(QUERY).hits}, "found during the loss")
        searcher.wait_for("outage", 5)

        searcher.enter("return")
        cluster("start-node", lost)  # returns once the cluster is green with three nodes
        health = make_client().cluster.health(wait_for_status="green", timeout="60s")
        assert (health["status"], health["number_of_nodes"]) == ("green", 3)

        # A rebuild into a new index, swapped in by the alias, while the public keeps searching:
        # two searches between batches (they read the old index), and one entry published mid-way.
        batches = rebuild_search_index.doc_batches
        mid = []

        def interleaved(ids, size=500):
            for batch in batches(ids, size=1):
                yield batch
                if not mid:
                    mid.append(publish(dibao, f"{QUERY}名单（重建期间发布）", f"<p>{QUERY}</p>"))
                seen = searcher.answered("rebuild")
                searcher.wait_for("rebuild", seen + 2)

        monkeypatch.setattr(rebuild_search_index, "doc_batches", interleaved)
        searcher.enter("rebuild")
        call_command("rebuild_search_index", backend="elasticsearch", stdout=io.StringIO())
        searcher.enter("after")
        assert es.alias_targets() != [index] and not make_client().indices.exists(index=index)
        wait_until(drained, "the update published during the rebuild reaches the new index")
        es.refresh()
        searcher.wait_for("after", searcher.answered("after") + 2)
    finally:
        searcher.done.set()
        searcher.join(timeout=60)
        print(f"search cluster: {searcher.timeline()}")  # shown with -s, or on failure

    everything = before | {during.title, mid[0].title}
    last = searcher.answers[-1]
    assert last[4] == everything, "after the rebuild the public finds every entry, none lost"
    for phase in ("before", "outage", "return", "rebuild", "after"):
        assert searcher.answered(phase) >= 2, f"too few searches while {phase}: {searcher.answers}"
    failed = [a for a in searcher.answers if a[1:4] != (200, False, "elasticsearch") or not before <= a[4]]
    assert not failed, f"{len(failed)} of {len(searcher.answers)} searches not answered in full by Elasticsearch"
    health = make_client().cluster.health(wait_for_status="green", timeout="60s")
    assert (health["status"], health["number_of_nodes"]) == ("green", 3)
