"""SQLite FTS5 search of the database backend (``DatabaseBackend`` mixes it in).

FTS5 finds the matches of a common word fast (a few ms at 100,000 entries); what costs is the
work done per match: reading its row for the facets and the date, and ``bm25()``, which FTS5
computes for every row the MATCH returns (it cannot score a chosen few: a MATCH limited to
one rowid costs milliseconds). So, as on PostgreSQL (``postgres.py``):

* the total and the facets read the matches once, grouped once by their combination of facet
  values (``FACET_SET``, ``search.0009_sqlite_facet_sets``), and in the same statement pick the
  **pool**: when there are more than ``base.POOL`` matches, titles holding the typed terms or
  words first, then the newest. Per match they read the index ``KEYS`` (date and facet set,
  ``search.0010_sqlite_match_keys``), or the covering index ``COVER`` (``search.0008_sqlite_cover``)
  when filters need its columns; the title is read (from ``COVER``) only for the matches whose
  title the FTS5 index says holds a typed word (``title_guess_sql``);
* a pooled query ranks the pool only, without ``bm25()``: the tiers and the title flag are
  FTS5 sets (cheap), and the shortlist ``base.Request.page_of`` re-ranks gets its score from
  its texts (``text_score``); the matches outside the pool follow, newest first. Up to
  ``base.POOL`` matches the order is the exact one of the contract, with ``bm25()``.
"""

import json

from .. import analysis
from . import base
from .postgres import title_guess
from .sql import CONTENT_FIELDS, FTS_FLAG, FTS_WEIGHTS, fts_all, fts_ranked_match, order_sql, tier_expressions

DOC_TABLE = "search_searchdocument"
# Narrow: what the facets, the filters, the pool and the ranking of a pool read per match.
COVER = "search_doc_cover"  # its columns: migration 0008
# The facets: a match selects the id of its combination of facet values (migration 0009), the
# matches ``f`` are grouped once by it, and each facet is summed over the combinations found
# (``g``: a few hundred rows where ``f`` has tens of thousands).
FACET_SET = "d.facet_set"
SETS = (
    ", g AS MATERIALIZED (SELECT s.*, c.n FROM (SELECT facet_set, count(*) AS n FROM f GROUP BY facet_set) c "
    "JOIN search_facetset s ON s.id = c.facet_set)"
)

# Narrower still: what every match of an unfiltered search reads (entry_id, published_on,
# facet_set; migration 0010).
KEYS = "search_doc_match_keys"


def matched(where):
    """FROM … of the matches of ``search_fts MATCH``: the filters ``where`` need ``COVER``."""
    return (
        f"FROM search_fts JOIN {DOC_TABLE} d INDEXED BY {KEYS if not where else COVER} ON d.entry_id = search_fts.rowid"
    )


def title_guess_sql(plan):
    """(SQL, params): ``postgres.title_guess`` — how many typed terms and words the raw title
    holds — with the title read only where it may hold one. The FTS5 title column holds the
    grams of every (folded) text the raw title holds, as folding leaves simplified characters,
    lower case and half width as they are; so the matches outside that set hold none and count
    0 without a read (``tests/search/test_match_keys.py`` compares with reading every title)."""
    guess, texts = title_guess(plan, "(instr(t.title, %s) > 0)")
    anywhere = fts_all([[p for p in map(analysis.gram_phrase, texts) if p]], columns=("title_grams",))
    sql = (
        "(CASE WHEN d.entry_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) "
        f"THEN (SELECT {guess} FROM {DOC_TABLE} t INDEXED BY {COVER} WHERE t.entry_id = d.entry_id) ELSE 0 END)"
    )
    return sql, [anywhere] + texts


def text_score(plan, title, body, average_length):
    """A bm25-like score from the texts (units and neighbouring pairs, title weighted as in
    ``FTS_WEIGHTS``, saturating, shorter texts higher) for a pooled shortlist."""
    title, body = analysis.fold(title), analysis.fold(body)
    norm = 0.25 + 0.75 * (len(title) + len(body)) / max(average_length, 1)
    terms = [u.alternatives for u in plan.units] + [[p] for p in plan.pairs()]
    score = 0.0
    for alternatives in terms:
        tf = sum(FTS_WEIGHTS[0] * title.count(a) + FTS_WEIGHTS[1] * body.count(a) for a in alternatives if a)
        score += tf / (tf + 1.2 * norm)
    return score


class SqliteSearch:
    # What the statements of matches read; ``bench/match_keys_bench.py`` swaps both for the
    # reads of before (``COVER`` for every match, the title of every match).
    @staticmethod
    def _matched(where):
        return matched(where)

    @staticmethod
    def _title_guess(plan):
        return title_guess_sql(plan)

    def _search_sqlite(self, req, where, fparams):
        facet_cols = self._facet_cols()
        plan = req.plan
        match = fts_all(plan.unit_alternatives())
        guess, guess_params = self._title_guess(plan) if req.ranked else ("0", [])
        total, facets, pool = self._facets_and_total(
            f"SELECT d.entry_id, d.published_on, {guess} AS guess, {facet_cols} {self._matched(where)} "
            f"WHERE search_fts MATCH %s{where}",
            guess_params + [match] + fparams,
            pool=base.POOL if req.ranked else None,
        )
        if total == 0 and len(plan.units) > 1:
            return self._partial_sqlite(req, plan, where, fparams, facet_cols)
        if pool is not None:
            return total, self._pooled_sqlite(req, plan, match, where, fparams, pool), facets, False
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        tiers = tier_expressions(plan, fts_all) if req.ranked else []
        cols = "".join(f", {flag} AS tier_{i}" for i, (flag, _) in enumerate(tiers))
        order = order_sql(req, [f"tier_{i} DESC" for i in range(len(tiers))] + ["title_hit DESC", "m.r ASC"])
        sql = (
            f"WITH m AS MATERIALIZED (SELECT rowid AS id, bm25(search_fts, {weights}) AS r FROM search_fts "
            f"WHERE search_fts MATCH %s) "
            f"SELECT {self._hit_cols(req)}, -m.r AS score{cols}, {FTS_FLAG if req.ranked else '0'} AS title_hit "
            f"FROM m JOIN {DOC_TABLE} d ON d.entry_id = m.id WHERE 1=1{where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        title = [fts_all(plan.unit_alternatives(), columns=("title_grams",))] if req.ranked else []
        rows = self._page(req, sql, [fts_ranked_match(plan, match)] + [p for _, p in tiers] + title + fparams)
        return total, rows, facets, False

    def _pooled_sqlite(self, req, plan, match, where, fparams, pool):
        """Rows of this page when there are more than ``base.POOL`` matches: the pool ranked
        (tiers, title, then the shortlist by proximity and ``text_score``), the rest newest first."""
        flags = tier_expressions(plan, fts_all)
        flags.append((FTS_FLAG, fts_all(plan.unit_alternatives(), columns=("title_grams",))))
        start, limit = req.window(True)
        names = [f"tier_{i}" for i in range(len(flags) - 1)] + ["title_hit"]
        if start + limit <= base.POOL:  # this page lies in the pool: rank just the pool
            cols = "".join(f", {flag} AS {name}" for (flag, _), name in zip(flags, names))
            source, cond, cond_params, order = f"{DOC_TABLE} d INDEXED BY {KEYS}", "d.entry_id IN p", [], []
        else:  # past the pool: the pool first, the other matches newest first
            cols = ", (d.entry_id IN p) AS in_pool" + "".join(
                f", ((d.entry_id IN p) AND {flag}) AS {name}" for (flag, _), name in zip(flags, names)
            )
            source, order = self._matched(where).removeprefix("FROM "), ["in_pool DESC"]
            cond, cond_params = f"search_fts MATCH %s{where}", [match] + fparams
        order += [f"{name} DESC" for name in names]
        sql = (
            f"WITH p(id) AS (SELECT value FROM json_each(%s)) SELECT d.entry_id, d.published_on, 0 AS score{cols} "
            f"FROM {source} WHERE {cond} ORDER BY {order_sql(req, order)} LIMIT %s OFFSET %s"
        )
        texts = {}

        def load(ids):
            missing = [pk for pk in ids if pk not in texts]
            texts.update(self._load(missing))
            return {pk: texts[pk] for pk in ids if pk in texts}

        def score(ids):
            found = load(ids)
            average = sum(len(t["title"]) + len(t["body_text"]) for t in found.values()) / max(len(found), 1)
            return {pk: text_score(plan, t["title"], t["body_text"], average) for pk, t in found.items()}

        params = [json.dumps(pool)] + [p for _, p in flags] + cond_params
        return self._page(req, sql, params, score, load)

    def _partial_sqlite(self, req, plan, where, fparams, facet_cols):
        """Nothing holds every unit: entries holding most of them, most first."""
        req.partial = True
        units = [fts_all([alts]) for alts in plan.unit_alternatives()]
        content = [fts_all([alts], columns=CONTENT_FIELDS) for alts in plan.unit_alternatives()]
        anything = " OR ".join(f"({u})" for u in units)
        held = " + ".join([FTS_FLAG] * len(units))
        held_content = " + ".join([FTS_FLAG] * len(units))
        k = plan.partial_minimum()
        total, facets, _ = self._facets_and_total(
            f"SELECT {facet_cols} {self._matched(where)} WHERE search_fts MATCH %s AND ({held}) >= %s{where}",
            [anything] + units + [k] + fparams,
        )
        if not total:
            return 0, [], facets, False
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        order = order_sql(req, ["tier_0 DESC", "tier_1 DESC", "score DESC"]).replace("d.", "x.")
        sql = (
            f"SELECT * FROM (SELECT {self._hit_cols(req)}, -m.r AS score, ({held}) AS tier_0, "
            f"({held_content}) AS tier_1, 0 AS title_hit FROM (SELECT rowid AS id, bm25(search_fts, {weights}) AS r "
            f"FROM search_fts WHERE search_fts MATCH %s) m JOIN {DOC_TABLE} d ON d.entry_id = m.id WHERE 1=1{where}) x "
            f"WHERE tier_0 >= %s ORDER BY {order} LIMIT %s OFFSET %s"
        )
        rows = self._page(req, sql, units + content + [anything] + fparams + [k])
        return total, rows, facets, True
