"""热词: the queries most searched in the last ``HOT_WORDS_DAYS`` days by at least
``SEARCH_HOT_WORDS_MIN_CLIENTS`` clients (a client counted once a day).

Only queries that found public results are recorded (``record``), never one that looks like
personal data (a run of digits like a phone, ID or card number, or anything
``pages.publishing.personal_data`` flags) or holds a word of the office's one 内容安全词库
(``pages.ContentSafetyTerm``: 敏感词 and 检索屏蔽词). A word the office hides (``HiddenHotWord``) or a
term added to the list later is filtered out when the list is read.
"""

import datetime
import functools
import hashlib
import hmac
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from cms.throttle import client_ip
from pages.models.content_safety import HOT_WORD_BLOCKING_KINDS, ContentSafetyTerm
from pages.publishing.personal_data import contains_personal_information

from . import analysis
from .models import HiddenHotWord, QueryLog

HOT_WORDS_DAYS = 30
MAX_LENGTH = 20
CACHE_KEY = "search:hot-words"
TERMS_CACHE_KEY = "search:blocked-terms"
CACHE_SECONDS = 300
# Five digits or more (a year is fine) could belong to a phone, ID or card number; "@" an address.
NUMBER_RE = re.compile(r"\d[\d\s\-]{3,}\d|[@＠]")


def sensitive_words():
    """The active 敏感词 and 检索屏蔽词 of the 内容安全词库, normalised as queries are (cached; a change
    to the list clears the cache, ``forget_cache``)."""
    words = cache.get(TERMS_CACHE_KEY)
    if words is None:
        terms = ContentSafetyTerm.objects.filter(active=True, kind__in=HOT_WORD_BLOCKING_KINDS)
        words = tuple(w for w in (analysis.normalize(t) for t in terms.values_list("term", flat=True)) if w)
        cache.set(TERMS_CACHE_KEY, words, CACHE_SECONDS)
    return words


def is_sensitive(text):
    return any(w in text for w in sensitive_words())


def loggable(query):
    """The query as it would be recorded (normalised, spaces collapsed), or None when it must
    not be: too short or long, quoted, number-like, personal data, a sensitive word."""
    text = " ".join(analysis.normalize(query or "").split())
    if not 2 <= len(text) <= MAX_LENGTH or not analysis.runs(text):
        return None
    if '"' in text or NUMBER_RE.search(text) or is_sensitive(text):
        return None
    if contains_personal_information(query) or contains_personal_information(text):
        return None
    return text


def client_key(request, day):
    """A hash of the client's address keyed by the secret key and the day: the same client
    counts once a day, and no address can be read back or followed from day to day."""
    key = hmac.new(settings.SECRET_KEY.encode(), f"hot-words:{day.isoformat()}".encode(), hashlib.sha256).digest()
    return hmac.new(key, client_ip(request).encode(), hashlib.sha256).hexdigest()[:16]


def record(request, results, today=None):
    """Count ``results.query`` for this client today, when it found public results as typed.
    Returns the recorded text or None."""
    if results is None or not results.total or results.partial or results.original_query or results.fallback:
        return None
    text = loggable(results.query)
    if text is None:
        return None
    today = today or timezone.localdate()
    QueryLog.objects.bulk_create(
        [QueryLog(query=text, day=today, client=client_key(request, today))], ignore_conflicts=True
    )
    if cache.add(f"search:hot-words-purged:{today.isoformat()}", 1, 86400):
        QueryLog.objects.filter(day__lt=today - datetime.timedelta(days=HOT_WORDS_DAYS)).delete()
    return text


def hot_words(limit=8, today=None, cached=True):
    """[(word, clients)], most searched first (ties by word)."""
    if cached and today is None:
        found = cache.get(CACHE_KEY)
        if found is not None:
            return found[:limit]
    today = today or timezone.localdate()
    minimum = max(1, int(getattr(settings, "SEARCH_HOT_WORDS_MIN_CLIENTS", 3)))
    rows = (
        QueryLog.objects.filter(day__gt=today - datetime.timedelta(days=HOT_WORDS_DAYS), day__lte=today)
        .values("query")
        .annotate(clients=Count("id"))
        .filter(clients__gte=minimum)
        .order_by("-clients", "query")[:200]
    )
    hidden = [analysis.normalize(w) for w in HiddenHotWord.objects.values_list("word", flat=True)]
    words = [
        (r["query"], r["clients"])
        for r in rows
        if not is_sensitive(r["query"]) and not any(h and h in r["query"] for h in hidden)
    ][:20]
    if cached and today == timezone.localdate():
        cache.set(CACHE_KEY, words, CACHE_SECONDS)
    return words[:limit]


def forget_cache(**kwargs):
    cache.delete_many([CACHE_KEY, TERMS_CACHE_KEY, "search:try-words"])


def try_words(limit=6):
    """Words to offer on the no-result page (“试试”): the hot words, then the government words
    of the public index most entries hold (``SearchTerm``); only words the public index still
    holds."""
    found = cache.get("search:try-words")
    if found is None:
        from .models import SearchTerm
        from .vocabulary import still_public

        gov = _gov_words()
        candidates = [w for w, _ in hot_words(limit=limit)]
        common = SearchTerm.objects.filter(term__in=gov).order_by("-entries", "term").values_list("term", flat=True)
        candidates += [w for w in common[: limit * 3] if w not in candidates]
        found = still_public(candidates)[:limit]
        cache.set("search:try-words", found, CACHE_SECONDS)
    return found[:limit]


@functools.lru_cache(maxsize=1)
def _gov_words():
    lines = (analysis.DICTIONARY_DIR / "gov_words.txt").read_text(encoding="utf-8").splitlines()
    return [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]
