"""SQL text of the database backend: FTS5 MATCH expressions (SQLite) and tsvector / tsquery
literals (PostgreSQL) built from the gram phrases of ``search.query.Plan``."""

from .. import analysis

GRAM_FIELDS = ("title_grams", "body_grams", "meta_grams")
WORD_FIELDS = ("title_words", "body_words")
# Lower rank value = better for FTS5 bm25(); column order of search_fts.
FTS_WEIGHTS = (5.0, 1.0, 0.3, 5.0, 1.0)
# PostgreSQL: title = A, body = B, meta = C.
PG_WEIGHT = {"title": "A", "body": "B", "meta": "C"}
PG_MAX_POS = 16383  # tsvector positions stop here
CONTENT_FIELDS = ("title_grams", "body_grams")
FTS_FLAG = "(d.entry_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"
PG_FLAG = "(d.grams @@ %s::tsquery)"
PG_SCORE = (
    "(ts_rank('{0.05, 0.2, 0.4, 1.0}', d.grams, %s::tsquery)"
    " + coalesce(ts_rank('{0.05, 0.2, 0.4, 1.0}', d.words, %s::tsquery), 0))"
)


# The last tier: the entry holds the words as written, not only once its traditional
# characters are folded (``query.Plan.folded_grams``; the fold marks of ``analysis.fold_marks``).
FTS_WRITTEN = "(d.entry_id NOT IN (SELECT rowid FROM search_folds WHERE search_folds MATCH %s))"
PG_WRITTEN = "(d.folds IS NULL OR NOT d.folds @@ %s::tsquery)"


def order_sql(req, relevance_terms):
    """ORDER BY of the database backend: ``relevance_terms`` first (relevance), ties newest first."""
    tail = ["d.published_on DESC", "d.entry_id DESC"]
    if req.sort == "date":
        return ", ".join(tail)
    if req.sort == "date_asc":
        return "d.published_on ASC, d.entry_id ASC"
    return ", ".join(relevance_terms + tail)


def tier_expressions(plan, build):
    """The relevance tiers of ``query.Plan.tiers`` as (SQL flag, parameter), best first, then
    the as-written tier."""
    pg = build is pg_all
    out = []
    for _, requirements, content_only in plan.tiers():
        if pg:
            out.append((PG_FLAG, pg_all(requirements, weight="AB" if content_only else "")))
        else:
            out.append((FTS_FLAG, fts_all(requirements, columns=CONTENT_FIELDS if content_only else GRAM_FIELDS)))
    grams = plan.folded_grams()
    if grams:
        if pg:
            out.append((PG_WRITTEN, " | ".join(f"'{t}'" for t in grams)))
        else:
            out.append((FTS_WRITTEN, " OR ".join(f'"{t}"' for t in grams)))
    return out


def pg_folds(doc):
    """The fold marks of a document as a tsvector literal (None when it has none)."""
    marks = doc.tokens()["fold_grams"]
    return " ".join(f"'{t}'" for t in marks) or None


# -- FTS5 expressions -----------------------------------------------------------


def _fts_phrase(phrase):
    return '"' + " ".join(phrase.tokens) + '"' + (" *" if phrase.prefix else "")


def fts_all(requirements, columns=GRAM_FIELDS):
    """Every requirement (a list of alternative gram phrases) matches in one of ``columns``."""
    cols = "{" + " ".join(columns) + "}"
    return " AND ".join("(" + " OR ".join(f"{cols} : {_fts_phrase(p)}" for p in alts) + ")" for alts in requirements)


def fts_ranked_match(plan, match):
    """Same rows as ``match``; neighbouring units side by side and the jieba word phrases
    only add to bm25."""
    extra = [f"{{title_grams body_grams}} : {_fts_phrase(analysis.gram_phrase(p))}" for p in plan.pairs()]
    for c in plan.clauses:
        words = c.words()
        if words:
            extra.append(f'{{{" ".join(WORD_FIELDS)}}} : "{" ".join(words)}"')
    if not extra:
        return match
    return f"({match}) AND (({match}) OR " + " OR ".join(extra) + ")"


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


def pg_all(requirements, weight=""):
    """Every requirement (a list of alternative gram phrases) matches (``weight``: in those fields)."""
    return " & ".join("(" + " | ".join(_pg_phrase(p, weight) for p in alts) + ")" for alts in requirements)


def pg_ranked(plan, q):
    """The match plus neighbouring units side by side, for ts_rank."""
    pairs = [_pg_phrase(analysis.gram_phrase(p), "AB") for p in plan.pairs()]
    return " | ".join([f"({q})"] + pairs)


def pg_words_query(clauses):
    parts = ["(" + " <-> ".join(f"'{w}'" for w in c.words()) + ")" for c in clauses if c.words()]
    return " | ".join(parts) or "''"
