"""The index vocabulary: the words of the public entries, with their pinyin, for suggestions.

Words are the project tokenizer's (``analysis.word_tokens``), two to twelve Chinese
characters. ``rebuild()`` counts them over ``DisclosureEntry.objects.disclosed()``;
indexing adds the words of newly indexed entries (``add_documents``). A word is offered
only while the public index still holds it (``still_public``), so nothing from a withdrawn
entry is suggested between two rebuilds.
"""

import bisect
import contextlib
import functools
import threading
import time
from collections import Counter

from django.db import connection, transaction

from . import analysis

MIN_LEN, MAX_LEN = 2, 12
RELOAD_SECONDS = 300  # a process re-reads the table at most this often (rebuild() resets at once)


def is_term(word):
    return MIN_LEN <= len(word) <= MAX_LEN and all(analysis.is_cjk(ch) for ch in word)


def pinyin_of(text):
    """(toneless pinyin joined, initials) of Chinese text: 养老 → ("yanglao", "yl")."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="ignore", v_to_u=False)
    return "".join(syllables), "".join(s[0] for s in syllables if s)


def words_of(text):
    return {w for w in analysis.word_tokens(text) if is_term(w)}


def count_documents(counts, docs):
    """Add the words of indexed documents (SearchDoc, tokens already cut) to ``counts``."""
    for d in docs:
        tokens = d.tokens()
        counts.update({w for w in tokens["title_words"] + tokens["body_words"] if is_term(w)})


def rebuild(counts=None):
    """Recount the vocabulary over every public entry (or store ``counts`` a rebuild of the
    database index gathered with ``count_documents``); returns the number of words."""
    from .documents import public_queryset
    from .models import SearchTerm

    if counts is None:
        counts = Counter()
        for row in public_queryset().values("title", "body").iterator(chunk_size=500):
            counts.update(words_of(row["title"] + "\n" + analysis.html_to_text(row["body"])))
    rows = []
    for word, n in counts.items():
        full, initials = pinyin_of(word)
        rows.append(SearchTerm(term=word, pinyin=full[:200], initials=initials[:32], entries=n))
    with transaction.atomic():
        SearchTerm.objects.all().delete()
        SearchTerm.objects.bulk_create(rows, batch_size=2000)
    reset()
    return len(rows)


def add_documents(docs):
    """Words of freshly indexed public documents (SearchDoc) not yet in the vocabulary."""
    from .models import SearchTerm

    words = set()
    for d in docs:
        if d is not None:
            tokens = d.tokens()
            words.update(w for w in tokens["title_words"] + tokens["body_words"] if is_term(w))
    known = set(SearchTerm.objects.filter(term__in=words).values_list("term", flat=True)) if words else set()
    new = []
    for word in sorted(words - known):
        full, initials = pinyin_of(word)
        new.append(SearchTerm(term=word, pinyin=full[:200], initials=initials[:32], entries=1))
    SearchTerm.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)


class Vocabulary:
    """The vocabulary in memory: by word, by pinyin, by initials, sorted for prefixes."""

    def __init__(self, rows):
        self.entries = {}
        self.by_pinyin, self.by_initials = {}, {}
        for term, full, initials, n in rows:
            self.entries[term] = n
            self.by_pinyin.setdefault(full, []).append(term)
            self.by_initials.setdefault(initials, []).append(term)
        for index in (self.by_pinyin, self.by_initials):
            for terms in index.values():
                terms.sort(key=self.rank)
        self.terms = sorted(self.entries)
        self.pinyins = sorted(self.by_pinyin)

    def rank(self, term):
        return (-self.entries.get(term, 0), len(term), term)

    def starting_with(self, prefix, limit=10):
        i = bisect.bisect_left(self.terms, prefix)
        out = []
        while i < len(self.terms) and self.terms[i].startswith(prefix) and len(out) < 500:
            if self.terms[i] != prefix:
                out.append(self.terms[i])
            i += 1
        return sorted(out, key=self.rank)[:limit]

    def pinyin_starting_with(self, prefix, limit=10):
        i = bisect.bisect_left(self.pinyins, prefix)
        out = []
        while i < len(self.pinyins) and self.pinyins[i].startswith(prefix) and len(out) < 2000:
            out.extend(self.by_pinyin[self.pinyins[i]])
            i += 1
        return sorted(out, key=self.rank)[:limit]

    @functools.cached_property
    def by_mask(self):
        """Words by one character masked: 服? → [服务, 服装 …] (one-character typos)."""
        index = {}
        for term in self.terms:
            for i in range(len(term)):
                index.setdefault(term[:i] + "?" + term[i + 1 :], []).append(term)
        return index


_lock = threading.Lock()
_cache = {"vocabulary": None, "loaded": 0.0}


def reset():
    _cache["vocabulary"], _cache["loaded"] = None, 0.0


def current():
    """The vocabulary of this process (re-read from the table every RELOAD_SECONDS)."""
    from .models import SearchTerm

    with _lock:
        if _cache["vocabulary"] is None or time.monotonic() - _cache["loaded"] > RELOAD_SECONDS:
            rows = SearchTerm.objects.values_list("term", "pinyin", "initials", "entries")
            _cache["vocabulary"], _cache["loaded"] = Vocabulary(list(rows)), time.monotonic()
        return _cache["vocabulary"]


def still_public(words, need=None):
    """The words the public database index still holds (in a title or body), in order (the
    first ``need`` of them: the rest are not looked up)."""
    from .backends.postgres import gin_only
    from .backends.sql import CONTENT_FIELDS, fts_all, pg_all

    out = []
    # PostgreSQL: GIN only, so a word no entry holds any more costs no table scan.
    pg = gin_only(connection) if connection.vendor == "postgresql" else contextlib.nullcontext()
    with pg, connection.cursor() as cur:
        for word in words:
            if need is not None and len(out) >= need:
                break
            phrase = analysis.gram_phrase(word)
            if phrase is None:
                continue
            if connection.vendor == "sqlite":
                cur.execute(
                    "SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT 1",
                    [fts_all([[phrase]], columns=CONTENT_FIELDS)],
                )
            else:
                cur.execute(
                    "SELECT 1 FROM search_searchdocument WHERE grams @@ %s::tsquery LIMIT 1",
                    [pg_all([[phrase]], weight="AB")],
                )
            if cur.fetchone():
                out.append(word)
    return out
