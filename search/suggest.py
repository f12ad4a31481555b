"""Suggestions from the index vocabulary: pinyin, typos and homophones, autocomplete.

* ``pinyin_words("yanglao")`` → 养老 …: a query of Latin letters (spaces allowed) is
  compared with the toneless pinyin of every word, whole (yanglao, yang lao), as initials
  (ylfw) or as the start of a word's pinyin (yangl); most used words first.
* ``corrections("养老服物")`` → ["养老服务"]: the query cut into vocabulary words, each
  piece that is no word replaced by a word of the same pinyin (a homophone, as a pinyin
  input method mistypes) or, costing more, a word one character away.
* ``autocomplete(q)``: words starting with what was typed, and titles holding it.

Everything offered comes from public entries and is checked against the public index
(``vocabulary.still_public``).
"""

import re

from django.db import connection

from . import analysis, vocabulary

PINYIN_RE = re.compile(r"^[a-z][a-z' ]*$")
LIMIT = 8
TITLE_CANDIDATES = 100  # PostgreSQL: the title test reads this many tsvectors at most


def is_pinyin(query):
    return bool(PINYIN_RE.match(analysis.normalize(query).strip()))


def pinyin_words(query, limit=LIMIT):
    """Vocabulary words the pinyin spells, best first (only words the public index holds)."""
    key = re.sub(r"[^a-z]", "", analysis.normalize(query))
    if not key:
        return []
    vocab = vocabulary.current()
    found = []
    for candidates in (
        vocab.by_pinyin.get(key, []),
        vocab.by_initials.get(key, []) if len(key) <= 6 else [],
        vocab.pinyin_starting_with(key, limit * 2) if len(key) >= 2 else [],
    ):
        found.extend(t for t in candidates if t not in found)
        if len(found) >= limit * 2:
            break
    return vocabulary.still_public(found[: limit * 2], need=limit)


# Costs of a cover of the query: a piece kept as typed that is no word, a changed character.
UNKNOWN_CHAR, HOMOPHONE, NEAR_MISS = 1.0, 0.6, 1.5


def _candidates(piece, vocab):
    """(cost, word) for a piece of the query: itself when a word, homophones, one-off words."""
    if piece in vocab.entries:
        yield 0.0, piece
    full, _ = vocabulary.pinyin_of(piece)
    for word in vocab.by_pinyin.get(full, [])[:20]:
        if len(word) == len(piece) and word != piece:
            yield HOMOPHONE * sum(a != b for a, b in zip(word, piece)), word
    if len(piece) >= 2:
        for i in range(len(piece)):
            for word in vocab.by_mask.get(piece[:i] + "?" + piece[i + 1 :], [])[:20]:
                if word != piece and vocabulary.pinyin_of(word)[0] != full:
                    yield NEAR_MISS, word


def _correct_run(run, vocab):
    """The cheapest cover of one run by words (best[i] covers run[:i])."""
    n = len(run)
    best = [None] * (n + 1)
    best[0] = (0.0, 0, "")
    for j in range(1, n + 1):
        options = []
        if best[j - 1] is not None:
            c, k, text = best[j - 1]
            options.append((c + UNKNOWN_CHAR, k, text + run[j - 1]))
        for i in range(max(0, j - vocabulary.MAX_LEN), j - 1):
            if best[i] is None:
                continue
            for cost, word in _candidates(run[i:j], vocab):
                c, k, text = best[i]
                # Ties: fewer pieces, then the more used word.
                options.append((c + cost - vocab.entries.get(word, 0) * 1e-9, k + 1, text + word))
        best[j] = min(options, key=lambda o: (o[0], o[1])) if options else None
    return best[n][2] if best[n] else run


def corrections(query, limit=3):
    """Queries the typed one was probably meant to be (homophones and one-character typos),
    best first; [] when every piece is a word already or nothing better is known."""
    text = analysis.normalize(query)
    if not any(analysis.is_cjk(ch) for ch in text):
        return []
    vocab = vocabulary.current()
    out = []
    corrected = re.sub(r"[\u3400-\u9fff]+", lambda m: _correct_run(m.group(), vocab), text)
    if corrected != text:
        out.append(corrected)
    # The whole query as one word of the same pinyin (低宝 → 低保, 最低生活保帐 → 最低生活保障).
    compact = "".join(ch for ch in text if analysis.is_cjk(ch))
    for word in vocab.by_pinyin.get(vocabulary.pinyin_of(compact)[0], [])[:limit]:
        if word != compact and word not in out:
            out.append(word)
    changed = [q for q in out if q != text]
    public = set(vocabulary.still_public([w for q in changed for w in _words(q)]))
    return [q for q in changed if all(w in public for w in _words(q))][:limit]


def _words(query):
    """The changed query's words that must be public (every vocabulary word it holds)."""
    vocab = vocabulary.current()
    return [w for w in analysis.word_tokens(query) if w in vocab.entries] or [query]


def titles(query, limit=5):
    """Titles of public entries holding ``query`` (the newest first)."""
    from .backends.postgres import gin_only
    from .backends.sql import fts_all, pg_all

    phrase = analysis.gram_phrase(query)
    if phrase is None:
        return []
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute(
                "SELECT d.title FROM search_fts JOIN search_searchdocument d ON d.entry_id = search_fts.rowid "
                "WHERE search_fts MATCH %s ORDER BY search_fts.rowid DESC LIMIT %s",
                [fts_all([[phrase]], columns=("title_grams",)), limit],
            )
        else:
            # Among the entries holding it anywhere (GIN alone), raw titles holding it first, then
            # newest; the title test reads the tsvectors of TITLE_CANDIDATES of them at most.
            with gin_only(connection):
                cur.execute(
                    "SELECT title FROM (SELECT entry_id, title, grams, strpos(title, %s) > 0 AS raw "
                    "FROM search_searchdocument WHERE grams @@ %s::tsquery ORDER BY raw DESC, entry_id DESC "
                    "LIMIT %s) m WHERE grams @@ %s::tsquery ORDER BY raw DESC, entry_id DESC LIMIT %s",
                    [query, pg_all([[phrase]]), TITLE_CANDIDATES, pg_all([[phrase]], weight="A"), limit],
                )
        return [row[0] for row in cur.fetchall()]


def autocomplete(query, limit=LIMIT):
    """[{"text", "kind"}] for what has been typed so far: words, then titles; pinyin spells words."""
    query = (query or "").strip()[:50]
    if not query:
        return []
    if is_pinyin(query):
        return [{"text": w, "kind": "pinyin"} for w in pinyin_words(query, limit)]
    text = analysis.normalize(query)
    vocab = vocabulary.current()
    words = vocabulary.still_public(vocab.starting_with(text, limit * 2), need=limit // 2 or 1)
    out = [{"text": w, "kind": "word"} for w in words]
    out += [{"text": t, "kind": "title"} for t in titles(text, limit - len(out)) if t not in words]
    if not out:
        out = [{"text": q, "kind": "correction"} for q in corrections(query)]
    return out[:limit]
