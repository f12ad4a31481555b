"""Database backend: SQLite FTS5 (embedded default) or PostgreSQL full-text search.

Both get the tokens of ``search.analysis`` pre-computed; neither uses the
database's own word breaking, which does not know Chinese.
"""

import datetime
import time

from django.db import connection, transaction
from django.utils import timezone

from .base import FACETS, HIT_FIELDS, Backend, Hit, make_request, snippet, sort_facets
from .postgres import PostgresSearch
from .sql import (
    GRAM_FIELDS,
    WORD_FIELDS,
    order_sql,
    pg_folds,
    pg_tsvector,
)
from .sqlite import FACET_SET, SETS, SqliteSearch

DOC_TABLE = "search_searchdocument"
DOC_COLUMNS = (
    "entry_id",
    "portal_id",
    "index_number",
    "source_id",
    "title",
    "url",
    "doc_number",
    "department",
    "area",
    "item",
    "topic",
    "genre",
    "five_public",
    "validity",
    "published_on",
    "year",
    "body_text",
)


def _filter_sql(req, alias="d"):
    sql, params = [], []
    for key, values in req.filters.items():
        if key == "date_from":
            sql.append(f"{alias}.published_on >= %s")
            params.append(values)
        elif key == "date_to":
            sql.append(f"{alias}.published_on <= %s")
            params.append(values)
        else:
            sql.append(f"{alias}.{key} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)
    return sql, params


class DatabaseBackend(PostgresSearch, SqliteSearch, Backend):
    name = "database"

    def __init__(self, using=None):
        self.connection = connection

    @property
    def vendor(self):
        return self.connection.vendor

    # -- writing ----------------------------------------------------------

    def index_documents(self, docs):
        if not docs:
            return
        now = timezone.now()
        rows = []
        for d in docs:
            src = d.as_source()
            rows.append([src[c] for c in DOC_COLUMNS] + [now])
        cols = DOC_COLUMNS + ("indexed_at",)
        ids = [d.entry_id for d in docs]
        with transaction.atomic(), self.connection.cursor() as cur:
            placeholders = ", ".join(["%s"] * len(cols))
            updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c != "entry_id")
            cur.executemany(
                f"INSERT INTO {DOC_TABLE} ({', '.join(cols)}) VALUES ({placeholders}) "
                f"ON CONFLICT (entry_id) DO UPDATE SET {updates}",
                rows,
            )
            if self.vendor == "sqlite":
                cur.execute(f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids)
                cur.executemany(
                    "INSERT INTO search_fts (rowid, title_grams, body_grams, meta_grams, title_words, body_words) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    [[d.entry_id] + [" ".join(d.tokens()[f]) for f in GRAM_FIELDS + WORD_FIELDS] for d in docs],
                )
                cur.execute(f"DELETE FROM search_folds WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids)
                cur.executemany(
                    "INSERT INTO search_folds (rowid, fold_grams) VALUES (%s, %s)",
                    [[d.entry_id, " ".join(d.tokens()["fold_grams"])] for d in docs if d.tokens()["fold_grams"]],
                )
            else:
                cur.executemany(
                    f"UPDATE {DOC_TABLE} SET grams = %s::tsvector, words = %s::tsvector, folds = %s::tsvector "
                    "WHERE entry_id = %s",
                    [[pg_tsvector(d, "grams"), pg_tsvector(d, "words"), pg_folds(d), d.entry_id] for d in docs],
                )

    def delete_documents(self, entry_ids):
        ids = list(entry_ids)
        if not ids:
            return
        marks = ", ".join(["%s"] * len(ids))
        with transaction.atomic(), self.connection.cursor() as cur:
            cur.execute(f"DELETE FROM {DOC_TABLE} WHERE entry_id IN ({marks})", ids)
            if self.vendor == "sqlite":
                cur.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", ids)
                cur.execute(f"DELETE FROM search_folds WHERE rowid IN ({marks})", ids)

    def clear(self):
        with transaction.atomic(), self.connection.cursor() as cur:
            cur.execute(f"DELETE FROM {DOC_TABLE}")
            if self.vendor == "sqlite":
                cur.execute("DELETE FROM search_fts")
                cur.execute("DELETE FROM search_folds")

    def optimize(self):
        """Merge SQLite's full-text segments into one (after a rebuild, and nightly): each
        write adds a segment and FTS5 merges them only part way, and a common word's matches
        read from many segments cost about a third more (``bench/pg_latency_bench.py``).
        PostgreSQL: fresh planner statistics."""
        with self.connection.cursor() as cur:
            if self.vendor == "sqlite":
                for table in ("search_fts", "search_folds"):
                    cur.execute(f"INSERT INTO {table}({table}) VALUES('optimize')")
            else:
                cur.execute(f"ANALYZE {DOC_TABLE}")

    def count(self):
        with self.connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {DOC_TABLE}")
            return cur.fetchone()[0]

    # -- searching ----------------------------------------------------------

    def search(self, query, filters=None, sort="relevance", page=1, page_size=10):
        started = time.perf_counter()
        req = make_request(query, filters, sort, page, page_size)
        fsql, fparams = _filter_sql(req)
        where = (" AND " + " AND ".join(fsql)) if fsql else ""
        if not req.clauses:
            total, rows, facet_rows, partial = self._unfiltered(req, where, fparams)
        elif self.vendor == "sqlite":
            total, rows, facet_rows, partial = self._search_sqlite(req, where, fparams)
        else:
            total, rows, facet_rows, partial = self._search_pg(req, where, fparams)
        hits = [
            Hit(
                entry_id=r["entry_id"],
                index_number=r["index_number"],
                title=r["title"],
                url=r["url"],
                snippet=snippet(r["body_text"], req.clauses),
                department=r["department"],
                area=r["area"],
                item=r["item"],
                published_on=r["published_on"],
                validity=r["validity"],
                score=float(r["score"] or 0),
                source_id=r["source_id"],
            )
            for r in rows
        ]
        facets = {name: [] for name in FACETS}
        grouped = {}
        for name, value, n in facet_rows:
            grouped.setdefault(name, []).append((value, n))
        for name in FACETS:
            facets[name] = sort_facets(grouped.get(name, []))
        return self.results(req, total, hits, facets, started, partial)

    def _run(self, sql, params):
        with self.connection.cursor() as cur:
            cur.execute(sql, params)
            cols = [c[0] for c in cur.description]
            rows = [dict(zip(cols, row)) for row in cur.fetchall()]
        for r in rows:
            if "published_on" in r:
                r["published_on"] = _date(r["published_on"])
            r["tier"] = tuple(int(r[c]) for c in cols if c.startswith("tier_"))
            if "title_hit" not in r:
                r["title_hit"] = 0
        return rows

    def _facets_and_total(self, matched_sql, params, pool=None):
        """One statement: the matching rows once (materialised), then total and every facet;
        with ``pool``, also the ids of that many matches, the best ``guess`` and newest first,
        when there are more (None otherwise; ``matched_sql`` selects entry_id, published_on
        and guess then). ``matched_sql`` selects the facets as ``_facet_cols()`` names them."""
        values = [f"CAST({name} AS TEXT)" if name == "year" else name for name in FACETS]
        if self.vendor == "postgresql":  # one pass over the matches for all of them
            full = (1 << len(FACETS)) - 1
            grouping = f"GROUPING({', '.join(FACETS)})"
            bits = [full ^ (1 << (len(FACETS) - 1 - i)) for i in range(len(FACETS))]
            names = " ".join(f"WHEN {b} THEN '{name}'" for b, name in zip(bits, FACETS))
            picked = " ".join(f"WHEN {b} THEN {value}" for b, value in zip(bits, values))
            parts = [
                f"SELECT CASE {grouping} {names} ELSE 'total' END AS name, CASE {grouping} {picked} END AS value, "
                f"count(*) AS n FROM f GROUP BY GROUPING SETS ((), {', '.join(f'({n})' for n in FACETS)})"
            ]
        else:  # the matches grouped once by their combination of facet values (``facet_set``)
            parts = ["SELECT 'total' AS name, NULL AS value, count(*) AS n FROM f"]
            parts += [f"SELECT '{n}', {v}, sum(n) FROM g GROUP BY {n}" for n, v in zip(FACETS, values)]
        if pool:
            parts.append(
                f"SELECT 'pool', CAST(entry_id AS TEXT), 0 FROM (SELECT entry_id FROM f ORDER BY guess DESC, "
                f"published_on DESC NULLS LAST, entry_id DESC LIMIT {int(pool)}) p "
                f"WHERE (SELECT count(*) FROM f) > {int(pool)}"
            )
        sql = f"WITH f AS MATERIALIZED ({matched_sql}){SETS if self.vendor == 'sqlite' else ''} " + " UNION ALL ".join(
            parts
        )
        with self.connection.cursor() as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
        total = next(n for name, _, n in rows if name == "total")
        facets = [
            (name, int(value) if name == "year" and value is not None else value, n)
            for name, value, n in rows
            if name not in ("total", "pool")
        ]
        return total, facets, [int(value) for name, value, _ in rows if name == "pool"] or None

    def _facet_cols(self):
        """What a statement of matches selects for ``_facets_and_total``: on SQLite the id of
        the entry's combination of facet values (migration ``search.0009``), else the values."""
        return FACET_SET if self.vendor == "sqlite" else ", ".join(f"d.{f}" for f in FACETS)

    def _unfiltered(self, req, where, fparams):
        """No query: every indexed entry (filtered), newest first."""
        hit_cols = ", ".join(f"d.{c}" for c in HIT_FIELDS)
        total, facets, _ = self._facets_and_total(
            f"SELECT {self._facet_cols()} FROM {DOC_TABLE} d WHERE 1=1{where}", fparams
        )
        order = order_sql(req, []) if req.sort != "relevance" else "d.published_on DESC, d.entry_id DESC"
        rows = self._run(
            f"SELECT {hit_cols}, 0 AS score FROM {DOC_TABLE} d WHERE 1=1{where} ORDER BY {order} LIMIT %s OFFSET %s",
            fparams + [req.page_size, req.offset],
        )
        return total, rows, facets, False

    def _page(self, req, sql, params, score=None, load=None):
        """Rows of this page from ``sql`` (ending in LIMIT %s OFFSET %s), shortlist re-ranked
        (``score``: scores the shortlist, when the engine order has none; ``load``: instead of
        ``_load``)."""
        start, limit = req.window(score is not None)
        rows = self._run(sql, params + [limit, start])
        return req.page_of(rows, start, load or self._load, score)

    def _scores(self, expression, params):
        """``score(ids)`` for ``page_of``: ``expression`` (SQL over d) for some entries."""

        def score(ids):
            if not ids:
                return {}
            rows = self._run(
                f"SELECT d.entry_id, {expression} AS s FROM {DOC_TABLE} d WHERE d.entry_id = ANY(%s)",
                params + [list(ids)],
            )
            return {r["entry_id"]: float(r["s"] or 0) for r in rows}

        return score

    def _load(self, ids):
        """Display fields (with the body) of some entries, by id."""
        if not ids:
            return {}
        cols = ", ".join(HIT_FIELDS)
        rows = self._run(f"SELECT {cols} FROM {DOC_TABLE} WHERE entry_id IN ({', '.join(['%s'] * len(ids))})", ids)
        return {r["entry_id"]: r for r in rows}

    @staticmethod
    def _hit_cols(req, scored_later=False):
        """Shortlisted: only what orders it (the texts come later for the few that need them)."""
        if req.shortlisted(scored_later):
            return "d.entry_id, d.published_on"
        return ", ".join(f"d.{c}" for c in HIT_FIELDS)


def _date(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value
