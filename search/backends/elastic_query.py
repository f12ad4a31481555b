"""Elasticsearch mapping and query clauses, built from the gram phrases of ``search.query.Plan``.

The mapping uses core features only: token fields are ``text`` with the built-in
``whitespace`` analyzer over the tokens ``search.analysis`` computed.
"""

from elasticsearch_dsl import Date, Document, Integer, Keyword, Long, Q, Text

from .. import analysis

# Tiers are nested (each implies the next), so their boosts add up to the tier order;
# the last one (the phrase in metadata) counts half. Title and BM25 stay below one tier.
TIER_BOOST = 100_000.0
WRITTEN_BOOST = 25_000.0  # the words as written, not only folded (the last tier, below phrase_any)
TITLE_BOOST = 10_000.0  # every unit in the title
PARTIAL_BOOST = 100_000.0  # per unit held, partial matches
WORDS_BOOST = 2.0  # jieba word phrase (ranking only)
PAIR_BOOST = 2.0  # neighbouring units side by side (ranking only)
SYNONYM_BOOST = 0.5


class EntryDocument(Document):
    entry_id = Long()
    portal_id = Long()
    index_number = Keyword()
    source_id = Keyword()
    title = Keyword(index=False)
    url = Keyword(index=False)
    doc_number = Keyword()
    body_text = Text(index=False)
    department = Keyword(eager_global_ordinals=True)
    area = Keyword(eager_global_ordinals=True)
    item = Keyword(eager_global_ordinals=True)
    topic = Keyword(eager_global_ordinals=True)
    genre = Keyword(eager_global_ordinals=True)
    five_public = Keyword(eager_global_ordinals=True)
    validity = Keyword(eager_global_ordinals=True)
    published_on = Date()
    year = Integer()
    title_grams = Text(analyzer="whitespace")
    body_grams = Text(analyzer="whitespace")
    meta_grams = Text(analyzer="whitespace")
    title_words = Text(analyzer="whitespace")
    body_words = Text(analyzer="whitespace")
    fold_grams = Text(analyzer="whitespace")  # analysis.fold_marks

    class Index:
        name = "gongkai-entries"  # replaced per call (alias / concrete index)


GRAM_FIELDS = ("title_grams", "body_grams", "meta_grams")
# Indexed, never read back: kept out of the stored source, so fetching hits reads ~4× less.
TOKEN_FIELDS = (*GRAM_FIELDS, "title_words", "body_words", "fold_grams")
CONTENT_FIELDS = ("title_grams", "body_grams")
FIELD_BOOST = {"title_grams": 3.0, "body_grams": 1.0, "meta_grams": 0.3}


def _phrase(field, phrase, boost=1.0):
    text = " ".join(phrase.tokens)
    if phrase.prefix:
        if len(phrase.tokens) == 1:
            return Q("prefix", **{field: {"value": text, "boost": boost}})
        return Q("match_phrase_prefix", **{field: {"query": text, "boost": boost, "max_expansions": 200}})
    return Q("match_phrase", **{field: {"query": text, "boost": boost}})


def requirement_query(alternatives, fields=GRAM_FIELDS, scoring=True):
    """One requirement: any of its gram phrases in any of ``fields``."""
    should = []
    for i, p in enumerate(alternatives):
        for f in fields:
            boost = (FIELD_BOOST.get(f, 1.0) * (1.0 if i == 0 else SYNONYM_BOOST)) if scoring else 1.0
            should.append(_phrase(f, p, boost))
    return Q("bool", should=should, minimum_should_match=1)


def all_of(requirements, fields=GRAM_FIELDS):
    """Every requirement holds (no scoring)."""
    return Q("bool", filter=[requirement_query(alts, fields, scoring=False) for alts in requirements])


def flag(requirements, fields, boost, name=None):
    """A constant score when every requirement holds; ``name``d, the hit lists it (partial
    matches only: a named query is run again for every hit fetched)."""
    named = {"_name": name} if name else {}
    return Q("constant_score", filter=all_of(requirements, fields), boost=boost, **named)


def written_flag(plan):
    """The as-written tier: no gram of the query held only through folding (None: no grams).
    A ``terms`` query, so an index made before the field existed just never demotes."""
    grams = plan.folded_grams()
    if not grams:
        return None
    return Q("constant_score", filter=Q("bool", must_not=[Q("terms", fold_grams=grams)]), boost=WRITTEN_BOOST)


def tier_reader(plan):
    """score → (tier flags, title held) of a hit: the flags' boosts are apart enough
    (multiples of WRITTEN_BOOST, then TITLE_BOOST, the engine's own score below that) for
    the sum to say which were held. The content tiers are nested (each implies the next),
    so holding k of them is holding the last k; then the phrase in metadata, then the
    as-written flag — the order of ``Plan.tiers()`` and of the flags' tuple."""
    tiers = plan.tiers()
    content = sum(1 for _, _, content_only in tiers if content_only)
    anywhere = len(tiers) > content
    written = bool(plan.folded_grams())

    def read(score):
        quarters = int(score // WRITTEN_BOOST)
        held = quarters // 4  # TIER_BOOST = 4 × WRITTEN_BOOST
        flags = [int(i >= content - held) for i in range(content)]
        if anywhere:
            flags.append(quarters % 4 // 2)  # phrase_any: TIER_BOOST / 2
        if written:
            flags.append(quarters % 2)
        return tuple(flags), score - quarters * WRITTEN_BOOST >= TITLE_BOOST

    return read


def ranking_clauses(plan):
    """Pairs of neighbouring units side by side and the jieba word phrases (ranking only)."""
    should = []
    for pair in plan.pairs():
        phrase = analysis.gram_phrase(pair)
        should.append(_phrase("title_grams", phrase, PAIR_BOOST * 3))
        should.append(_phrase("body_grams", phrase, PAIR_BOOST))
    for c in plan.clauses:
        words = " ".join(c.words())
        if words:
            should.append(Q("match_phrase", title_words={"query": words, "boost": WORDS_BOOST * 3}))
            should.append(Q("match_phrase", body_words={"query": words, "boost": WORDS_BOOST}))
    return should
