"""Facet counts of the database backend stay exact however the documents' values combine
(issue 13). On SQLite the facets are counted per combination of the seven facet values
(``facet_set``, migration ``search.0009_sqlite_facet_sets``, kept by triggers); these tests
compare every facet with counts taken in Python from the documents themselves, through
indexing, re-indexing, deleting, a row written outside the backend, filters, the pool and
部分匹配. They run on SQLite and on PostgreSQL (the two CI passes)."""

import datetime
import itertools
from collections import Counter

import pytest
from django.db import connection

from search.backends import base, get_backend
from search.backends.base import FACETS, sort_facets
from search.documents import SearchDoc
from search.models import SearchDocument

pytestmark = pytest.mark.django_db

DEPARTMENTS = ("财政所", "民政办", "")
GENRES = ("通知", "公告", "办法")
YEARS = (datetime.date(2024, 3, 1), datetime.date(2025, 6, 2), None)


def make_docs():
    """36 documents: every combination of department, genre and year (no date included), the
    first nine twice (a combination of values shared by two documents), with the other facets
    cycling so the combinations share some values and differ in others."""
    docs = []
    combinations = list(enumerate(itertools.product(DEPARTMENTS, GENRES, YEARS)))
    for n, (i, (department, genre, day)) in enumerate(combinations + combinations[:9], start=1):
        docs.append(
            SearchDoc(
                entry_id=9_000 + n,
                portal_id=None,
                index_number=f"000014349/2025-{n:05d}",
                source_id=f"facet-{n}",
                title=f"财政资金公开第{n}号",
                url=f"/facet/{n}/",
                doc_number="",
                department=department,
                area=("财政预决算", "社会救助")[i % 2],
                item=("预算", "低保")[i % 2],
                topic=("财政", "民政", "")[i % 3],
                genre=genre,
                five_public=("结果公开", "决策公开")[i % 2],
                validity=("有效", "", "废止")[i % 3],
                published_on=day,
                body_text=f"本通知说明财政资金的使用。{'养老服务补贴。' if n % 4 == 0 else ''}",
            )
        )
    return docs


def expected(docs, **only):
    """The facets ``search()`` must give for ``docs`` (those with the values of ``only``)."""
    kept = [d for d in docs if all(getattr(d, k) in v for k, v in only.items())]
    return len(kept), {name: sort_facets(Counter(getattr(d, name) for d in kept).items()) for name in FACETS}


@pytest.fixture
def indexed():
    backend = get_backend("database")
    backend.clear()
    docs = make_docs()
    backend.index_documents(docs)
    return backend, docs


def assert_facets(res, docs, **only):
    total, facets = expected(docs, **only)
    assert res.total == total
    assert res.facets == facets


@pytest.mark.parametrize("pool", [base.POOL, 2])
def test_facets_match_the_documents_with_and_without_the_pool(indexed, monkeypatch, pool):
    backend, docs = indexed
    monkeypatch.setattr(base, "POOL", pool)
    res = backend.search("财政资金", page_size=50)
    assert_facets(res, docs)
    assert res.facets["year"] == [(2024, 12), (2025, 12)]  # the 12 undated documents have no year
    assert dict(res.facets["department"]) == {"财政所": 18, "民政办": 9}
    assert_facets(backend.search("财政资金", filters={"genre": ["通知", "办法"]}), docs, genre={"通知", "办法"})
    assert_facets(backend.search("财政资金", filters={"year": [2025]}), docs, year={2025})


def test_facets_of_no_query_and_of_partial_matches(indexed):
    backend, docs = indexed
    assert_facets(backend.search("", page_size=50), docs)
    # No document holds both words: the documents holding one of them (部分匹配), all 36.
    partial = backend.search("财政交通", page_size=50)
    assert partial.partial
    assert_facets(partial, docs)


def test_facets_follow_reindexing_and_deleting(indexed):
    backend, docs = indexed
    # Two documents move: one to a combination nobody had, one to another document's.
    docs[0].department, docs[0].genre, docs[0].published_on = "新设局", "意见", datetime.date(2019, 1, 1)
    for name in ("department", "area", "topic", "genre", "five_public", "validity", "published_on"):
        setattr(docs[1], name, getattr(docs[10], name))
    backend.index_documents(docs[:2])
    gone = [d.entry_id for d in docs[20:30]]
    backend.delete_documents(gone)
    docs = docs[:20] + docs[30:]
    res = backend.search("财政资金", page_size=50)
    assert_facets(res, docs)
    assert ("新设局", 1) in res.facets["department"] and ("意见", 1) in res.facets["genre"]
    assert (2019, 1) in res.facets["year"]
    # Indexed again unchanged: the same counts (a combination is never counted twice).
    backend.index_documents(docs)
    assert_facets(backend.search("财政资金", page_size=50), docs)


def test_a_row_written_outside_the_backend_is_counted_by_its_new_values(indexed):
    """SQLite keeps each row's combination by triggers, so any write of a facet column counts."""
    backend, docs = indexed
    moved = [d.entry_id for d in docs if d.genre == "公告"]
    SearchDocument.objects.filter(entry_id__in=moved).update(genre="规划", validity="失效")
    for d in docs:
        if d.entry_id in moved:
            d.genre, d.validity = "规划", "失效"
    assert_facets(backend.search("财政资金", page_size=50), docs)
    assert_facets(backend.search("财政资金", filters={"genre": ["规划"]}), docs, genre={"规划"})


def test_sqlite_rows_carry_the_id_of_their_combination(indexed):
    backend, docs = indexed
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL counts the facet columns themselves (GROUPING SETS)")
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*), count(d.facet_set), count(DISTINCT d.facet_set) FROM search_searchdocument d "
            "JOIN search_facetset s ON s.id = d.facet_set WHERE s.department IS d.department AND s.area IS d.area "
            "AND s.topic IS d.topic AND s.genre IS d.genre AND s.year IS d.year "
            "AND s.five_public IS d.five_public AND s.validity IS d.validity"
        )
        rows, with_set, sets = cur.fetchone()
    combinations = {tuple(getattr(d, f) for f in FACETS) for d in docs}
    assert rows == with_set == len(docs) and sets == len(combinations)
