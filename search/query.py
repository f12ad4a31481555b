"""The query side of the one tokenizer: a query cut into terms, words and units, and the plan
every backend runs (``Plan``: what an entry must hold and the relevance tiers).

A term is cut by jieba (``analysis.segmenter``), consecutive single characters joined, long
words split further into dictionary words (``split_word``); each unit is matched as a
substring through its gram phrase (``analysis.gram_phrase``), so cutting only widens recall.
"""

import math
import re
from dataclasses import dataclass, field

from .analysis import STOP_WORDS, gram_phrase, is_cjk, normalize, runs, segmenter, synonyms_of, word_tokens

QUOTED_RE = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」')


def split_word(word):
    """The finest cover of ``word`` by dictionary words of two characters or more.

    "财政预算" → ["财政", "预算"], "财政预决算" → ["财政", "预决算"]; a word no such
    cover exists for stays whole ("城镇化"). Each piece is still matched as a
    substring, so the split only widens recall; the whole word ranks first.
    """
    n = len(word)
    if n < 4 or not all(is_cjk(ch) for ch in word):
        return [word]
    freq = segmenter().FREQ
    best = [None] * (n + 1)  # best[i]: (pieces, -log-frequency, cover of word[i:])
    best[n] = (0, 0.0, [])
    for i in range(n - 2, -1, -1):
        for j in range(i + 2, n + 1):
            piece = word[i:j]
            f = freq.get(piece) if j - i < n else None
            if f and best[j] is not None:
                cand = (best[j][0] - 1, best[j][1] - math.log(f), [piece] + best[j][2])
                if best[i] is None or cand[:2] < best[i][:2]:
                    best[i] = cand
    return best[0][2] if best[0] else [word]


def coarse_words(run):
    """jieba's words of one run, consecutive single characters joined (an unknown word)."""
    words = []
    for w in segmenter().cut(run, HMM=False):
        if (
            words
            and len(w) == 1
            and is_cjk(w)
            and w not in STOP_WORDS
            and len(words[-1]) == 1
            and is_cjk(words[-1])
            and words[-1] not in STOP_WORDS
        ):
            words[-1] += w
        else:
            words.append(w)
    return words


@dataclass
class Unit:
    """One word a matching entry must hold, as a substring, or one of its synonyms."""

    text: str
    synonyms: list = field(default_factory=list)
    run: int = 0  # units of the same run (no space or punctuation between) may stand side by side

    @property
    def alternatives(self):
        return [self.text] + self.synonyms

    def literal(self):
        return gram_phrase(self.text)

    def grams(self):
        return [p for p in (gram_phrase(t) for t in self.alternatives) if p]


@dataclass
class Clause:
    """One query term (or quoted phrase), cut into units that must all match."""

    text: str
    quoted: bool = False
    synonyms: list = field(default_factory=list)
    units: list = field(default_factory=list)
    coarse: list = field(default_factory=list)  # jieba's words before splitting (ranking)
    sequence: list = field(default_factory=list)  # (text, run) of units and dropped function words, in order

    @property
    def alternatives(self):
        """The literal term first, then its synonyms."""
        return [self.text] + self.synonyms

    def grams(self):
        return [p for p in (gram_phrase(t) for t in self.alternatives) if p]

    def literal(self):
        return gram_phrase(self.text)

    def words(self):
        return word_tokens(self.text)


def _merge(*lists):
    out = []
    for items in lists:
        out.extend(x for x in items if x not in out)
    return out


def cut_clause(clause, run_base=0):
    """Fill ``clause.units``, ``clause.coarse`` and ``clause.sequence``.

    A quoted phrase, and a code with punctuation and digits (发文字号, 索引号,
    dates), stay one literal unit. Otherwise each run is cut by jieba and each
    word split further (``split_word``); a unit carries the synonyms of itself,
    of the word it comes from and of the whole term. Single-character function
    words (``STOP_WORDS``) are not required when other words remain.
    """
    parts = runs(clause.text)
    if clause.quoted or (len(parts) > 1 and any(ch.isdigit() for ch in clause.text)):
        clause.units = [Unit(clause.text, list(clause.synonyms), run_base)]
        clause.coarse = [clause.text]
        clause.sequence = [(clause.text, run_base)]
        return clause
    cut = [(r, coarse_words(run)) for r, run in enumerate(parts)]
    droppable = any(w not in STOP_WORDS for _, words in cut for w in words)
    units, coarse, sequence = [], [], []
    for r, words in cut:
        for word in words:
            if droppable and word in STOP_WORDS:
                sequence.append((word, run_base + r))
                continue
            coarse.append(word)
            for piece in split_word(word):
                syns = _merge(
                    synonyms_of(piece) if piece != word else [],
                    synonyms_of(word),
                    clause.synonyms if word != clause.text else [],
                )
                units.append(Unit(piece, [s for s in syns if s != piece], run_base + r))
                sequence.append((piece, run_base + r))
    clause.units, clause.coarse, clause.sequence = units, coarse, sequence
    return clause


def parse_query(query):
    """Space-separated terms must all match; a quoted phrase matches as written (no synonyms).

    Every term is cut into units (``cut_clause``): an entry matches when it holds
    every unit of every term.
    """
    clauses = []
    query = query or ""

    def add(text, quoted):
        text = normalize(text).strip()
        if text and runs(text):
            clause = Clause(text, quoted, [] if quoted else synonyms_of(text))
            clauses.append(cut_clause(clause, run_base=sum(len(runs(c.text)) + 1 for c in clauses)))

    pos = 0
    for m in QUOTED_RE.finditer(query):
        for term in query[pos : m.start()].split():
            add(term, False)
        add(next(g for g in m.groups() if g is not None), True)
        pos = m.end()
    for term in query[pos:].split():
        add(term, False)
    return clauses


# -- the query plan shared by every backend ------------------------------------------


@dataclass
class Plan:
    """What a parsed query asks of an entry, as lists of gram phrases per requirement.

    Matching: every unit (literal or synonym) in any field. Relevance tiers, best
    first (each implies the next but the last): ``phrase`` every term literally in
    title/body; ``coarse`` every jieba word literally in title/body; ``literal``
    every unit literally in title/body; ``content`` every unit or synonym in
    title/body; then ``phrase_any`` every term literally in any field (metadata).
    """

    clauses: list

    @property
    def units(self):
        return [u for c in self.clauses for u in c.units]

    def unit_alternatives(self, synonyms=True):
        """Per unit, its gram phrases (the literal first)."""
        return [u.grams() if synonyms else [u.literal()] for u in self.units]

    def phrases(self):
        return [[c.literal()] for c in self.clauses]

    def coarse(self):
        return [[gram_phrase(w)] for c in self.clauses for w in c.coarse]

    def tiers(self):
        """[(name, requirements, content_only)], best first; a tier asking the same as a
        better one, or as the match itself (every unit anywhere), is left out."""
        candidates = [
            ("phrase", self.phrases(), True),
            ("coarse", self.coarse(), True),
            ("literal", self.unit_alternatives(synonyms=False), True),
            ("content", self.unit_alternatives(), True),
            ("phrase_any", self.phrases(), False),
        ]
        seen = {(_key(self.unit_alternatives()), False)}
        out = []
        for name, requirements, content_only in candidates:
            key = (_key(requirements), content_only)
            if key not in seen:
                seen.add(key)
                out.append((name, requirements, content_only))
        return out

    def pairs(self):
        """Neighbouring words of one run joined: "财政预算" for 财政 + 预算 (ranking only)."""
        out = []
        for c in self.clauses:
            for (a, ra), (b, rb) in zip(c.sequence, c.sequence[1:]):
                if ra == rb and a + b not in out:
                    out.append(a + b)
        return out

    def folded_grams(self):
        """The gram tokens of every unit as typed (folded like the index): an entry holding one
        of them only through folding (``analysis.fold_marks``) ranks after the entries of its
        tier that hold the words as written — the last tier of every backend."""
        out = []
        for unit in self.units:
            phrase = unit.literal()
            for token in phrase.tokens if phrase else ():
                if token not in out and not (phrase.prefix and token == phrase.tokens[-1]):
                    out.append(token)
        return out

    def partial_minimum(self):
        """Units an entry must hold to be a partial match: most of them (more than half)."""
        n = len(self.units)
        return max(1, min(n - 1, n // 2 + 1))


def _key(requirements):
    return frozenset(tuple(alts) for alts in requirements if alts)
