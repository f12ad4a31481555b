"""Database backend: SQLite FTS5 (embedded default) or PostgreSQL full-text search.

Both get the tokens of ``search.analysis`` pre-computed; neither uses the
database's own word breaking, which does not know Chinese.
"""

import time

from django.db import connection, transaction
from django.utils import timezone

from .base import FACETS, Backend, Hit, SearchResults, make_request, snippet, sort_facets

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
HIT_COLUMNS = (
    "entry_id",
    "index_number",
    "title",
    "url",
    "department",
    "area",
    "item",
    "published_on",
    "validity",
    "source_id",
    "body_text",
)
GRAM_FIELDS = ("title_grams", "body_grams", "meta_grams")
WORD_FIELDS = ("title_words", "body_words")
# Lower rank value = better for FTS5 bm25(); column order of search_fts.
FTS_WEIGHTS = (5.0, 1.0, 0.3, 5.0, 1.0)
# PostgreSQL: title = A, body = B, meta = C.
PG_WEIGHT = {"title": "A", "body": "B", "meta": "C"}
PG_MAX_POS = 16383  # tsvector positions stop here


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


def _order_sql(req, relevance_terms):
    tail = ["d.published_on DESC", "d.entry_id DESC"]
    if req.sort == "date":
        return ", ".join(tail)
    if req.sort == "date_asc":
        return "d.published_on ASC, d.entry_id ASC"
    return ", ".join(relevance_terms + tail)


class DatabaseBackend(Backend):
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
            else:
                cur.executemany(
                    f"UPDATE {DOC_TABLE} SET grams = %s::tsvector, words = %s::tsvector WHERE entry_id = %s",
                    [[pg_tsvector(d, "grams"), pg_tsvector(d, "words"), d.entry_id] for d in docs],
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

    def clear(self):
        with transaction.atomic(), self.connection.cursor() as cur:
            cur.execute(f"DELETE FROM {DOC_TABLE}")
            if self.vendor == "sqlite":
                cur.execute("DELETE FROM search_fts")

    def count(self):
        with self.connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {DOC_TABLE}")
            return cur.fetchone()[0]

    # -- searching ----------------------------------------------------------

    def search(self, query, filters=None, sort="relevance", page=1, page_size=10):
        started = time.perf_counter()
        req = make_request(query, filters, sort, page, page_size)
        if self.vendor == "sqlite":
            total, rows, facet_rows = self._search_sqlite(req)
        else:
            total, rows, facet_rows = self._search_pg(req)
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
                published_on=_date(r["published_on"]),
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
        return SearchResults(
            total=total,
            hits=hits,
            facets=facets,
            page=req.page,
            page_size=req.page_size,
            backend=self.name,
            query=req.query,
            took_ms=(time.perf_counter() - started) * 1000,
        )

    def _run(self, sql, params):
        with self.connection.cursor() as cur:
            cur.execute(sql, params)
            cols = [c[0] for c in cur.description]
            return [dict(zip(cols, row)) for row in cur.fetchall()]

    def _facets_and_total(self, matched_sql, params):
        """One statement: the matching rows once (materialised), then total and every facet."""
        parts = ["SELECT 'total' AS name, NULL AS value, count(*) AS n FROM f"]
        for name in FACETS:
            value = f"CAST({name} AS TEXT)" if name == "year" else name
            parts.append(f"SELECT '{name}', {value}, count(*) FROM f GROUP BY {name}")
        sql = f"WITH f AS MATERIALIZED ({matched_sql}) " + " UNION ALL ".join(parts)
        with self.connection.cursor() as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
        total = next(n for name, _, n in rows if name == "total")
        facets = [
            (name, int(value) if name == "year" and value is not None else value, n)
            for name, value, n in rows
            if name != "total"
        ]
        return total, facets

    # SQLite FTS5

    def _search_sqlite(self, req):
        fsql, fparams = _filter_sql(req)
        where = (" AND " + " AND ".join(fsql)) if fsql else ""
        facet_cols = ", ".join(f"d.{f}" for f in FACETS)
        hit_cols = ", ".join(f"d.{c}" for c in HIT_COLUMNS)
        if not req.clauses:
            matched = f"SELECT {facet_cols} FROM {DOC_TABLE} d WHERE 1=1{where}"
            total, facets = self._facets_and_total(matched, fparams)
            order = _order_sql(req, []) if req.sort != "relevance" else "d.published_on DESC, d.entry_id DESC"
            rows = self._run(
                f"SELECT {hit_cols}, 0 AS score FROM {DOC_TABLE} d WHERE 1=1{where} ORDER BY {order} "
                f"LIMIT %s OFFSET %s",
                fparams + [req.page_size, req.offset],
            )
            return total, rows, facets
        match = fts_match(req.clauses)
        matched = (
            f"SELECT {facet_cols} FROM search_fts JOIN {DOC_TABLE} d ON d.entry_id = search_fts.rowid "
            f"WHERE search_fts MATCH %s{where}"
        )
        total, facets = self._facets_and_total(matched, [match] + fparams)
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        literal = fts_match(req.clauses, synonyms=False)
        flag = "(d.entry_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)) DESC"
        # Literal matches first only matters when synonyms widened the query.
        relevance = ([flag] if literal != match else []) + [flag, "m.r ASC"]
        order = _order_sql(req, relevance)
        order_params = []
        if req.sort == "relevance":
            order_params = ([literal] if literal != match else []) + [fts_match(req.clauses, columns=("title_grams",))]
        rows = self._run(
            f"WITH m AS MATERIALIZED (SELECT rowid AS id, bm25(search_fts, {weights}) AS r FROM search_fts "
            f"WHERE search_fts MATCH %s) "
            f"SELECT {hit_cols}, -m.r AS score FROM m JOIN {DOC_TABLE} d ON d.entry_id = m.id "
            f"WHERE 1=1{where} ORDER BY {order} LIMIT %s OFFSET %s",
            [fts_ranked_match(req.clauses)] + fparams + order_params + [req.page_size, req.offset],
        )
        return total, rows, facets

    # PostgreSQL

    def _search_pg(self, req):
        fsql, fparams = _filter_sql(req)
        where = (" AND " + " AND ".join(fsql)) if fsql else ""
        facet_cols = ", ".join(f"d.{f}" for f in FACETS)
        hit_cols = ", ".join(f"d.{c}" for c in HIT_COLUMNS)
        if not req.clauses:
            total, facets = self._facets_and_total(f"SELECT {facet_cols} FROM {DOC_TABLE} d WHERE TRUE{where}", fparams)
            order = _order_sql(req, []) if req.sort != "relevance" else "d.published_on DESC, d.entry_id DESC"
            rows = self._run(
                f"SELECT {hit_cols}, 0 AS score FROM {DOC_TABLE} d WHERE TRUE{where} ORDER BY {order} "
                f"LIMIT %s OFFSET %s",
                fparams + [req.page_size, req.offset],
            )
            return total, rows, facets
        q = pg_query(req.clauses)
        total, facets = self._facets_and_total(
            f"SELECT {facet_cols} FROM {DOC_TABLE} d WHERE d.grams @@ %s::tsquery{where}", [q] + fparams
        )
        literal = pg_query(req.clauses, synonyms=False)
        title = pg_query(req.clauses, weight="A")
        words = pg_words_query(req.clauses)
        relevance = [
            "(d.grams @@ %s::tsquery) DESC",
            "(d.grams @@ %s::tsquery) DESC",
            "(ts_rank('{0.05, 0.2, 0.4, 1.0}', d.grams, %s::tsquery)"
            " + coalesce(ts_rank('{0.05, 0.2, 0.4, 1.0}', d.words, %s::tsquery), 0)) DESC",
        ]
        order = _order_sql(req, relevance)
        order_params = [literal, title, q, words] if req.sort == "relevance" else []
        rows = self._run(
            f"SELECT {hit_cols}, ts_rank(d.grams, %s::tsquery) AS score FROM {DOC_TABLE} d "
            f"WHERE d.grams @@ %s::tsquery{where} ORDER BY {order} LIMIT %s OFFSET %s",
            [q, q] + fparams + order_params + [req.page_size, req.offset],
        )
        return total, rows, facets


def _date(value):
    if isinstance(value, str):
        import datetime

        return datetime.date.fromisoformat(value)
    return value


# -- FTS5 expressions -----------------------------------------------------------


def _fts_phrase(phrase):
    return '"' + " ".join(phrase.tokens) + '"' + (" *" if phrase.prefix else "")


def _fts_clause(clause, columns, synonyms=True):
    phrases = clause.grams() if synonyms else clause.grams()[:1]
    cols = "{" + " ".join(columns) + "}"
    return "(" + " OR ".join(f"{cols} : {_fts_phrase(p)}" for p in phrases) + ")"


def fts_match(clauses, columns=GRAM_FIELDS, synonyms=True):
    """Every clause must match (as a gram phrase) in one of ``columns``."""
    return " AND ".join(_fts_clause(c, columns, synonyms) for c in clauses)


def fts_ranked_match(clauses):
    """Same rows as ``fts_match``; the word phrases only add to bm25 (jieba ranking)."""
    parts = []
    for c in clauses:
        grams = _fts_clause(c, GRAM_FIELDS)
        words = c.words()
        if words:
            parts.append(f'{grams} AND ({grams} OR {{{" ".join(WORD_FIELDS)}}} : "{" ".join(words)}")')
        else:
            parts.append(grams)
    return " AND ".join(f"({p})" for p in parts)


# -- PostgreSQL tsvector / tsquery literals -----------------------------------------
# Tokens are letters and digits only (analysis.runs), so quoting is safe.


def pg_tsvector(doc, stream):
    tokens = doc.tokens()
    fields = (
        (("title", "title_grams"), ("body", "body_grams"), ("meta", "meta_grams"))
        if stream == "grams"
        else (("title", "title_words"), ("body", "body_words"))
    )
    positions, pos = {}, 0
    for weight_name, key in fields:
        w = PG_WEIGHT[weight_name]
        for token in tokens[key]:
            pos += 1
            if pos > PG_MAX_POS:
                break
            entry = positions.setdefault(token, [])
            if len(entry) < 256:  # PostgreSQL keeps at most 256 positions per lexeme
                entry.append(f"{pos}{w}")
        pos += 10
    return " ".join(f"'{lex}':{','.join(p)}" for lex, p in positions.items())


def _pg_phrase(phrase, weight=""):
    toks = [f"'{t}'" + (":" + weight if weight else "") for t in phrase.tokens]
    if phrase.prefix:
        toks[-1] = f"'{phrase.tokens[-1]}':*{weight}"
    return "(" + " <-> ".join(toks) + ")"


def pg_query(clauses, synonyms=True, weight=""):
    parts = []
    for c in clauses:
        phrases = c.grams() if synonyms else c.grams()[:1]
        parts.append("(" + " | ".join(_pg_phrase(p, weight) for p in phrases) + ")")
    return " & ".join(parts)


def pg_words_query(clauses):
    parts = ["(" + " <-> ".join(f"'{w}'" for w in c.words()) + ")" for c in clauses if c.words()]
    return " | ".join(parts) or "''"
