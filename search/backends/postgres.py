"""PostgreSQL search of the database backend (``DatabaseBackend`` mixes it in).

GIN finds the matches, but a phrase or a field (title, body) is checked on the row's
``grams`` tsvector, which is large and stored out of line: reading it for every match of a
common word costs far more than the rest of a query. So:

* the total and the facets read the matches once, without the tsvector (GIN decides a
  match of plain words alone), and in the same statement pick the **pool**: when there are
  more than ``base.POOL`` matches, the ``base.POOL`` ones that look best without reading the
  tsvector — titles holding the typed terms or words first, then the newest;
* the tiers and the title flag (the engine order, ``base.Request.page_of`` re-ranks its
  first ``SHORTLIST``) are computed for the pool only, reading each tsvector once
  (``ONCE``); the matches outside the pool follow, newest first. Up to ``base.POOL`` matches
  the order is the exact one of the contract.

The planner does not count reading a tsvector, so for a common word it would rather scan the
whole table and read every tsvector (1.4 s at 100,000 entries) than use GIN: a query runs
with sequential scans off (``gin_only``), in its own transaction.
"""

import contextlib

from django.db import transaction

from . import base
from .base import FACETS
from .sql import PG_FLAG, PG_SCORE, order_sql, pg_all, pg_ranked, pg_words_query, tier_expressions

DOC_TABLE = "search_searchdocument"
# The tsvector read and decompressed once per row (every flag would read it again).
ONCE = "LEFT JOIN LATERAL (SELECT d.grams || ''::tsvector AS g{pool} OFFSET 0) x ON true"


def title_guess(plan, holds="(strpos(d.title, %s) > 0)::int"):
    """(SQL, params): how many typed terms and words the raw title holds (no tsvector read);
    ``holds``: 1 when the title holds the text %s, else 0."""
    texts = list(dict.fromkeys([c.text for c in plan.clauses] + [u.text for u in plan.units]))
    return " + ".join([holds] * len(texts)), texts


@contextlib.contextmanager
def gin_only(connection):
    """Statements inside use indexes (GIN for ``@@``) wherever they can."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        yield


class PostgresSearch:
    def _search_pg(self, req, where, fparams):
        with gin_only(self.connection):
            return self._matches_pg(req, where, fparams)

    def _matches_pg(self, req, where, fparams):
        facet_cols = ", ".join(f"d.{f}" for f in FACETS)
        hit_cols = self._hit_cols(req, scored_later=True)
        plan = req.plan
        q = pg_all(plan.unit_alternatives())
        guess, guess_params = title_guess(plan)
        total, facets, pool = self._facets_and_total(
            f"SELECT d.entry_id, d.published_on, {guess} AS guess, {facet_cols} "
            f"FROM {DOC_TABLE} d WHERE d.grams @@ %s::tsquery{where}",
            guess_params + [q] + fparams,
            pool=base.POOL if req.ranked else None,
        )
        if total == 0 and len(plan.units) > 1:
            return self._partial_pg(req, plan, where, fparams, facet_cols, hit_cols)
        tiers = tier_expressions(plan, pg_all) if req.ranked else []
        flags = [(flag.replace("d.grams", "x.g"), p) for flag, p in tiers]
        if req.ranked:
            flags.append((PG_FLAG.replace("d.grams", "x.g"), pg_all(plan.unit_alternatives(), weight="A")))
        cols = "".join(f", coalesce({flag}, false) AS tier_{i}" for i, (flag, _) in enumerate(flags[: len(tiers)]))
        title = f"coalesce({flags[-1][0]}, false)" if req.ranked else "false"
        start, limit = req.window(True)
        order = [f"tier_{i} DESC" for i in range(len(tiers))] + ["title_hit DESC"]
        once = ""
        pool_params, cond, cond_params = [], f"d.grams @@ %s::tsquery{where}", [q] + fparams
        if pool is not None and start + limit <= base.POOL:  # this page lies in the pool: rank just the pool
            cond, cond_params = "d.entry_id = ANY(%s)", [pool]
        elif pool is not None:  # past the pool: the pool first, the other matches newest first
            pool_params = [pool]
            order.insert(0, "in_pool DESC")
        if flags:
            once = ONCE.format(pool=" WHERE d.entry_id = ANY(%s)" if pool_params else "")
        sql = (
            f"SELECT {hit_cols}, 0 AS score{cols}, {title} AS title_hit, {'x.g IS NOT NULL' if pool_params else 'true'} "
            f"AS in_pool FROM {DOC_TABLE} d {once} WHERE {cond} ORDER BY {order_sql(req, order)} LIMIT %s OFFSET %s"
        )
        params = [p for _, p in flags] + pool_params + cond_params
        score = self._scores(PG_SCORE, [pg_ranked(plan, q), pg_words_query(req.clauses)]) if req.ranked else None
        rows = self._page(req, sql, params, score)
        return total, rows, facets, False

    def _partial_pg(self, req, plan, where, fparams, facet_cols, hit_cols):
        req.partial = True
        units = [pg_all([alts]) for alts in plan.unit_alternatives()]
        content = [pg_all([alts], weight="AB") for alts in plan.unit_alternatives()]
        anything = " | ".join(units)
        held = " + ".join(["(d.grams @@ %s::tsquery)::int"] * len(units))
        k = plan.partial_minimum()
        total, facets, _ = self._facets_and_total(
            f"SELECT {facet_cols} FROM {DOC_TABLE} d WHERE d.grams @@ %s::tsquery AND ({held}) >= %s{where}",
            [anything] + units + [k] + fparams,
        )
        if not total:
            return 0, [], facets, False
        order = order_sql(req, ["tier_0 DESC", "tier_1 DESC"]).replace("d.", "x.")
        sql = (
            f"SELECT * FROM (SELECT {hit_cols}, 0 AS score, ({held}) AS tier_0, ({held}) AS tier_1, "
            f"false AS title_hit FROM {DOC_TABLE} d WHERE d.grams @@ %s::tsquery{where}) x "
            f"WHERE tier_0 >= %s ORDER BY {order} LIMIT %s OFFSET %s"
        )
        score = self._scores("ts_rank(d.grams, %s::tsquery)", [anything]) if req.ranked else None
        rows = self._page(req, sql, units + content + [anything] + fparams + [k], score)
        return total, rows, facets, True
