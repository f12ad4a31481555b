"""One Chinese analyzer for indexing and querying, shared by every backend.

Two token streams are computed in Python and handed to the engines pre-tokenized,
so SQLite FTS5, PostgreSQL and Elasticsearch all see exactly the same tokens:

* ``grams``: character bigrams of every run of letters/digits (plus the last
  character of the run as a unigram). A query term becomes a phrase of bigrams,
  which matches exactly where the term occurs as a substring, whatever jieba
  makes of the sentence — this is the recall fallback, and it is what matching
  is decided on.
* ``words``: jieba segmentation with the government dictionary shipped here.
  Used for ranking: a document where the query is a whole word scores higher
  than one where it only occurs inside another word.

Text is normalised first: NFKC (full-width letters, digits and punctuation to
half-width), traditional characters to simplified (OpenCC ``t2s``), then lower case.
Punctuation and spaces separate runs. The query side (terms, units, the plan every
backend runs) is ``search.query``.
"""

import functools
import logging
import re
import time
import unicodedata
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from django.conf import settings

DICTIONARY_DIR = Path(__file__).resolve().parent / "dictionaries"

TAG_RE = re.compile(r"<[^>]+>")
BLOCK_TAG_RE = re.compile(r"</?(p|div|br|li|h[1-6]|tr|td|th|table|ul|ol|blockquote)\b[^>]*>", re.I)


def html_to_text(html):
    """Plain text of a rich-text body, block elements as line breaks."""
    if not html:
        return ""
    text = BLOCK_TAG_RE.sub("\n", html)
    text = unescape(TAG_RE.sub("", text))
    return re.sub(r"\n\s*\n+", "\n", text).strip()


@functools.lru_cache(maxsize=1)
def converter():
    """OpenCC's traditional → simplified conversion (phrase-aware; its dictionaries ship in the wheel)."""
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text):
    """Traditional characters folded to simplified; text without any is returned as it is."""
    if not text or text.isascii():
        return text
    return converter().convert(text)


def normalize(text):
    """Full-width → half-width, compatibility forms folded, traditional → simplified, lower case."""
    return to_simplified(unicodedata.normalize("NFKC", text or "")).lower()


FULL_WIDTH_ALNUM_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def fold(text):
    """A cheap ``normalize`` for ranking: full-width letters and digits folded, lower case —
    the part of NFKC that matters for words, at a fraction of its cost (re-ranking folds a
    hundred bodies a query)."""
    text = (text or "").lower()
    if FULL_WIDTH_ALNUM_RE.search(text):
        text = FULL_WIDTH_ALNUM_RE.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    return text


def is_word_char(ch):
    # Same classes as SQLite's unicode61 tokenizer: letters, numbers, private use.
    cat = unicodedata.category(ch)
    return cat[0] in "LN" or cat == "Co"


def normalize_as_written(text):
    """``normalize`` without the traditional → simplified step: the characters as written."""
    return unicodedata.normalize("NFKC", text or "").lower()


def runs(text, folded=True):
    """Maximal runs of word characters of the normalised text (``folded=False``: as written)."""
    out, current = [], []
    for ch in normalize(text) if folded else normalize_as_written(text):
        if is_word_char(ch):
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def run_grams(run):
    """Bigrams of a run, then its last character (so single characters are findable)."""
    grams = [run[i : i + 2] for i in range(len(run) - 1)]
    grams.append(run[-1])
    return grams


def gram_tokens(text, folded=True):
    tokens = []
    for run in runs(text, folded):
        tokens.extend(run_grams(run))
    return tokens


def fold_marks(*texts):
    """The gram tokens the texts hold only once traditional characters are folded ("财政" for a
    text that writes 財政 and never 财政), sorted; empty for text written in simplified characters.
    An entry whose match needs one of them holds the query only folded, and ranks after the
    entries holding it as written (``query.Plan.folded_grams``)."""
    changed = [t for t in texts if t and not t.isascii() and to_simplified(t) != t]
    if not changed:
        return []
    folded = {g for t in changed for g in gram_tokens(t)}
    return sorted(folded.difference(*(gram_tokens(t, folded=False) for t in texts if t)))


# -- jieba ---------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def segmenter():
    """A private jieba tokenizer with the government dictionary (global jieba is left alone)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(str(DICTIONARY_DIR / "gov_words.txt"))
    for extra in getattr(settings, "SEARCH_USER_DICTIONARIES", []):
        tokenizer.load_userdict(str(extra))
    return tokenizer


def word_tokens(text):
    """jieba words of the normalised text, punctuation dropped."""
    tokens = []
    seg = segmenter()
    for run in runs(text):
        tokens.extend(w for w in seg.cut(run, HMM=False) if w)
    return tokens


# -- synonyms --------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _synonym_groups(path):
    groups = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        members = [normalize(m.strip()) for m in re.split(r"[,，、]", line) if m.strip()]
        for member in members:
            groups.setdefault(member, [])
            groups[member].extend(m for m in members if m != member and m not in groups[member])
    return groups


def synonyms_of(term):
    path = getattr(settings, "SEARCH_SYNONYMS_FILE", "") or DICTIONARY_DIR / "synonyms.txt"
    return list(_synonym_groups(str(path)).get(normalize(term), []))


# -- gram phrases: a term as a substring --------------------------------------------


@dataclass(frozen=True)
class GramPhrase:
    """A phrase of gram tokens; ``prefix`` when the last token must only start with it."""

    tokens: tuple
    prefix: bool = False


def gram_phrase(text):
    """The gram phrase that matches ``text`` as a substring (None when it has no word characters).

    Every run but the last ends where a run of the document ends (a separator
    follows), so it contributes its bigrams and its closing unigram; the last run
    may continue in the document, so only its bigrams — or, when it is a single
    character, a prefix token.
    """
    parts = runs(text)
    if not parts:
        return None
    tokens = []
    for run in parts[:-1]:
        tokens.extend(run_grams(run))
    last = parts[-1]
    if len(last) == 1:
        return GramPhrase(tuple(tokens + [last]), prefix=True)
    tokens.extend(last[i : i + 2] for i in range(len(last) - 1))
    return GramPhrase(tuple(tokens))


# Single-character words a query may drop (function words; the phrase still ranks first).
STOP_WORDS = frozenset("的地得了着和与及或之等")


def is_cjk(ch):
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def warm_up():
    """Load the jieba dictionaries and synonyms now, so the first search of a worker does not
    wait for them. Called when a web worker (gunicorn ``post_worker_init``, gunicorn.conf.py) or a
    Celery worker process (``worker_process_init``, cms/celery.py) starts; not at import or in
    AppConfig.ready, which every management command and test run would pay for. Returns the
    seconds it took."""
    started = time.perf_counter()
    from .query import parse_query

    segmenter()
    converter()
    synonyms_of("")
    parse_query("政務公开")
    return time.perf_counter() - started
