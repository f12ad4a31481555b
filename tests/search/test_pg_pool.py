"""PostgreSQL ranks a bounded pool of matches (``search.backends.postgres``, issue 13): past
``POOL`` matches, the tiers are computed for the titles holding the typed words and the
newest only; totals and facets stay exact and every match is still reached, once."""

import pytest
from django.db import connection

from search.backends import base, get_backend, postgres

from .helpers import ids


@pytest.fixture
def small_pool(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's (SQLite ranks every match through FTS5)")
    monkeypatch.setattr(postgres, "POOL", 2)
    monkeypatch.setattr(base, "SHORTLIST", 2)


@pytest.mark.parametrize("backend_name", ["database"])
def test_pool_ranks_title_holders_and_newest_then_the_rest_newest_first(town, small_pool):
    backend = get_backend("database")
    res = backend.search("财政预算", page_size=50)
    # Pool: the title holding 财政 and 预算, the newest match; ranked there (metadata-only last).
    expected = [town[k].pk for k in ("title_words", "meta_only", "far", "near", "phrase")]
    assert ids(res) == expected and res.total == 5
    # One page at a time: the pool ranked alone (pages 1–2), then the others; each match once.
    assert [ids(backend.search("财政预算", page=p, page_size=1)) for p in range(1, 7)] == [[pk] for pk in expected] + [
        []
    ]


@pytest.mark.parametrize("backend_name", ["database"])
def test_pool_keeps_totals_and_facets_exact(town, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's")
    backend = get_backend("database")
    whole = backend.search("财政预算", page_size=50)
    monkeypatch.setattr(postgres, "POOL", 2)
    pooled = backend.search("财政预算", page_size=50)
    assert pooled.total == whole.total == 5
    assert pooled.facets == whole.facets and pooled.facets["genre"] == [("通知", 5)]
    assert set(ids(pooled)) == set(ids(whole))
