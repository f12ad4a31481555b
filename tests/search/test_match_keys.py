"""SQLite reads every match of a query from the narrow index of ``search.0010`` and reads a title
for the ranking pool only where the FTS5 title column says it may hold a typed word
(``search.backends.sqlite.title_guess_sql``; issue 13). The answers must be those of the reads
before (the covering index and ``instr`` on every match's title): same totals, facets and hits,
on every page, in and past a small pool, with filters and each sort. Titles here hold the typed
words as written, only once folded (traditional, upper case, full width) or not at all; the
pool picks among them. On PostgreSQL nothing changed (skipped)."""

import datetime

import pytest
from django.db import connection

from search.backends import base, get_backend
from search.backends.database import DatabaseBackend
from search.backends.postgres import title_guess
from search.backends.sqlite import COVER, DOC_TABLE, KEYS
from search.documents import SearchDoc

pytestmark = pytest.mark.django_db

TITLES = (
    "财政预算公开",
    "財政預算公開",  # traditional: holds 财政 only folded
    "关于财政资金的通知",
    "预算执行情况",
    "GDP与财政收入",  # upper case: holds gdp only folded
    "ＧＤＰ统计公报",  # full width
    "财政，预算：说明",
    "社会救助办法",
    "2025年财政预算",
    "低保标准",
)
# Every unit held, one term or several, traditional, Latin, quoted, digits; and 部分匹配.
QUERIES = ("财政", "财政预算", "预算 财政", "財政", "gdp", "gdp 财政", '"财政预算"', "救助", "2025年财政", "财政交通")


class BeforeMatchKeys(DatabaseBackend):
    """The reads of commit b8e102c: the covering index and the title of every match."""

    @staticmethod
    def _matched(where):
        return f"FROM search_fts JOIN {DOC_TABLE} d INDEXED BY {COVER} ON d.entry_id = search_fts.rowid"

    @staticmethod
    def _title_guess(plan):
        return title_guess(plan, "(instr(d.title, %s) > 0)")


@pytest.fixture
def backend():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's read path (PostgreSQL reads no index of 0010)")
    b = get_backend("database")
    b.clear()
    docs = []
    for n in range(60):
        title = TITLES[n % len(TITLES)]
        docs.append(
            SearchDoc(
                entry_id=7_000 + n,
                portal_id=None,
                index_number=f"000014349/2025-{n:05d}",
                source_id=f"keys-{n}",
                title=title,
                url=f"/keys/{n}/",
                doc_number="",
                department=("财政所", "民政办", "统计站")[n % 3],
                area=("财政预决算", "社会救助")[n % 2],
                item=("预算", "低保")[n % 2],
                topic=("财政", "民政")[n % 2],
                genre=("通知", "公告", "办法", "报告")[n % 4],
                five_public="结果公开",
                validity=("有效", "")[n % 2],
                # Dates repeat (ties by id) and some are missing.
                published_on=None if n % 11 == 0 else datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 7),
                body_text=("本文说明财政预算和GDP。", "低保与救助。", "2025年财政预算执行。")[n % 3],
            )
        )
    b.index_documents(docs)
    return b


def answer(res):
    return res.total, res.facets, res.partial, [h.entry_id for h in res.hits]


@pytest.mark.parametrize("pool", [3, 8, base.POOL])
def test_same_answers_as_the_reads_before(backend, monkeypatch, pool):
    monkeypatch.setattr(base, "POOL", pool)
    monkeypatch.setattr(base, "SHORTLIST", 4)
    before = BeforeMatchKeys()
    compared = 0
    for q in QUERIES:
        for sort in base.SORTS:
            for filters in ({}, {"department": ["财政所"]}, {"genre": ["通知", "办法"], "year": [2024]}):
                for page in range(1, 6):
                    new = backend.search(q, filters=filters, sort=sort, page=page, page_size=5)
                    old = before.search(q, filters=filters, sort=sort, page=page, page_size=5)
                    assert answer(new) == answer(old), (q, sort, filters, page)
                    compared += bool(new.hits)
    assert compared > 250  # the pages compared hold hits
    assert backend.search("财政交通").partial


def test_the_pool_counts_titles_as_written(backend, monkeypatch):
    """With room for three, the pool of 财政 takes titles holding 财政 as written, newest
    first — not 財政預算公開 (folded) nor a body-only match — and ranks them first."""
    monkeypatch.setattr(base, "POOL", 3)
    res = backend.search("财政", page_size=3)
    assert res.total > 40
    titles = [h.title for h in res.hits]
    assert all("财政" in t for t in titles), titles


def test_unfiltered_matches_are_read_from_the_narrow_index():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cur:
        cur.execute(f"SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '{KEYS}'")
        (ddl,) = cur.fetchone()
        cur.execute(
            f"EXPLAIN QUERY PLAN SELECT d.published_on, d.facet_set FROM search_fts JOIN {DOC_TABLE} d "
            f"INDEXED BY {KEYS} ON d.entry_id = search_fts.rowid WHERE search_fts MATCH 'x'"
        )
        plan = " ".join(str(row[-1]) for row in cur.fetchall())
    assert "(entry_id, published_on, facet_set)" in ddl
    assert f"COVERING INDEX {KEYS}" in plan
