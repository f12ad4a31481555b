"""The database backend ranks a bounded pool of matches on both vendors (``postgres.py``,
``sqlite.py``; issue 13): past ``base.POOL`` matches, the tiers are computed for the titles
holding the typed words and the newest only; totals and facets stay exact and every match is
still reached, once. Run on SQLite and on PostgreSQL (the two CI passes)."""

import pytest

from search.backends import base, get_backend

from .helpers import ids


@pytest.fixture
def small_pool(monkeypatch):
    monkeypatch.setattr(base, "POOL", 2)
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
    backend = get_backend("database")
    whole = backend.search("财政预算", page_size=50)
    monkeypatch.setattr(base, "POOL", 2)
    pooled = backend.search("财政预算", page_size=50)
    assert pooled.total == whole.total == 5
    assert pooled.facets == whole.facets and pooled.facets["genre"] == [("通知", 5)]
    assert set(ids(pooled)) == set(ids(whole))
    # A filter narrows the matches before the pool is picked; its total and facets stay exact too.
    department = whole.facets["department"][0][0]
    narrowed = backend.search("财政预算", filters={"department": department}, page_size=50)
    assert narrowed.total == whole.facets["department"][0][1]
    assert narrowed.facets["department"] == [(department, narrowed.total)]


@pytest.mark.parametrize("backend_name", ["database"])
def test_pooled_single_word_scores_the_shortlist_and_puts_title_holders_first(town, small_pool):
    """One word (nothing to re-rank by proximity): the title holding it leads although four
    matches are newer; the shortlist gets a score (SQLite: from its texts, PostgreSQL: ts_rank)."""
    res = get_backend("database").search("财政", page_size=50)
    expected = [town[k].pk for k in ("title_words", "meta_only", "area_phrase", "far", "near", "phrase")]
    assert ids(res) == expected and res.total == 6
    assert res.hits[0].score > 0
