"""The one search contract every backend implements.

``search(query, filters, sort, page, page_size)`` → ``SearchResults`` with the
total, one page of hits and facet counts. Matching and ranking rules, the same
for every backend:

* a query is cut into terms at spaces, and every term into units by the
  project tokenizer (``query.parse_query``: jieba, long words split further,
  "财政预算" → 财政 + 预算). An entry matches when it holds every unit as a
  substring of its title, body or metadata (索引号, 发文字号, keywords, area,
  item, 发布机构, 主题分类, 体裁分类); a synonym of a unit counts too; a quoted
  phrase is one literal unit;
* order (``sort="relevance"``), by tiers (``query.Plan``): every term as typed
  in title/body, then every jieba word, then every unit literally, then with
  synonyms, then matches that need the metadata; within a tier, entries whose
  title holds every unit first; then, over the first ``SHORTLIST`` hits only,
  units standing side by side and closer together; then the engine's score;
  ties by 发布日期 (newest first) and id, so pagination is stable;
* past ``POOL`` (1,000) matches, the order above is that of a pool of them (titles holding
  the typed words, then the newest; the database backend, ``postgres.py`` and ``sqlite.py``);
  the other matches follow, newest first; total and facets stay exact;
* when no entry holds every unit (and there are two units or more), entries
  holding most of them (``Plan.partial_minimum``), most first, with
  ``partial=True`` (部分匹配);
* ``sort="date"`` (newest first) or ``"date_asc"``; ties by id.
"""

import collections
import functools
import html
import re
import time
from dataclasses import dataclass, field

from .. import analysis
from ..query import Plan, parse_query

FACETS = ("department", "area", "topic", "genre", "year", "five_public", "validity")
# Filters on exact field values (a list means any of them).
FILTER_FIELDS = ("department", "area", "item", "topic", "genre", "year", "five_public", "validity", "portal_id")
SORTS = ("relevance", "date", "date_asc")
# The stored fields a Hit is built from: both backends read just these for a page of hits.
HIT_FIELDS = (
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
MAX_PAGE_SIZE = 100
# Relevance: the engine orders every match by tier, title and its score; the first
# SHORTLIST hits are re-ranked here by word proximity (``rerank``).
SHORTLIST = 100
# The database backend ranks at most POOL matches of a query (``postgres.py``, ``sqlite.py``).
POOL = 1000


class SearchUnavailable(Exception):
    """The engine cannot be reached (the caller may fall back to the database)."""


@dataclass
class Hit:
    entry_id: int
    index_number: str
    title: str
    url: str
    snippet: str
    department: str
    area: str
    item: str
    published_on: object
    validity: str
    score: float
    source_id: str = ""

    def as_dict(self):
        d = dict(self.__dict__)
        d["published_on"] = self.published_on.isoformat() if self.published_on else None
        return d


@dataclass
class SearchResults:
    total: int
    hits: list
    facets: dict
    page: int
    page_size: int
    backend: str
    took_ms: float = 0.0
    fallback: bool = False
    notice: str = ""
    query: str = ""
    partial: bool = False  # 部分匹配: no entry holds every word; hits hold most of them
    extra: dict = field(default_factory=dict)
    original_query: str = ""  # the query as typed, when these are the results of a suggestion
    did_you_mean: list = field(default_factory=list)  # suggested queries (pinyin, typos)

    def as_dict(self):
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "backend": self.backend,
            "fallback": self.fallback,
            "notice": self.notice,
            "partial": self.partial,
            "original_query": self.original_query,
            "did_you_mean": list(self.did_you_mean),
            "took_ms": round(self.took_ms, 2),
            "hits": [h.as_dict() for h in self.hits],
            "facets": {k: [[v, c] for v, c in items] for k, items in self.facets.items()},
        }


@dataclass
class Request:
    """A validated search request."""

    query: str
    clauses: list
    filters: dict
    sort: str
    page: int
    page_size: int
    partial: bool = False  # set by a backend answering with partial matches (tiers = units held)

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    @functools.cached_property
    def plan(self):
        return Plan(self.clauses)

    @property
    def ranked(self):
        """Relevance order over a query."""
        return self.sort == "relevance" and bool(self.clauses)

    def shortlisted(self, scored_later=False):
        """The first SHORTLIST engine rows are re-ranked here: by proximity (two units or
        more), or by a score the engine computes for them only (``scored_later``)."""
        return self.ranked and (len(self.plan.units) > 1 or scored_later)

    def window(self, scored_later=False):
        """(offset, limit) of the engine rows to fetch for this page: the whole shortlist
        when the page starts inside it."""
        if self.shortlisted(scored_later) and self.offset < SHORTLIST:
            return 0, max(SHORTLIST, self.offset + self.page_size)
        return self.offset, self.page_size

    def page_of(self, rows, start, load, score=None):
        """This page from engine rows fetched from ``start``, the shortlist re-ranked.

        ``rows``: dicts with ``entry_id``, ``tier``, ``title_hit``, ``score``,
        ``published_on`` (and the display fields, when the engine returned them);
        ``load(ids)`` → {entry_id: display fields with ``title`` and ``body_text``},
        called only for the entries whose proximity decides this page and for the
        page's own entries; ``score(ids)`` → {entry_id: score} for an engine that
        scores the shortlist only.
        """
        texts = {r["entry_id"]: r for r in rows if "body_text" in r}
        if start == 0 and self.shortlisted(score is not None):
            head = rows[:SHORTLIST]
            if score is not None:
                scores = score([r["entry_id"] for r in head])
                head = [dict(r, score=scores.get(r["entry_id"], 0.0)) for r in head]
            head.sort(key=_group)
            whole = not self.partial and _whole_phrase(self.plan)
            near = {}  # the texts proximity is measured on: only groups this page reaches
            if len(self.plan.units) > 1:
                groups = {_group(r) for r in head[self.offset : self.offset + self.page_size]}
                needed = [r["entry_id"] for r in head if _group(r) in groups and not (whole and r["tier"][:1] == (1,))]
                texts.update(load([pk for pk in needed if pk not in texts]))
                near = {pk: texts[pk] for pk in needed if pk in texts}
            rows = rerank(self.plan, head, near, whole) + rows[SHORTLIST:]
        page = rows[self.offset - start : self.offset - start + self.page_size]
        missing = [r["entry_id"] for r in page if r["entry_id"] not in texts]
        if missing:
            texts.update(load(missing))
        # An entry removed between the engine's answer and the load is left out, not an error.
        return [{**texts[r["entry_id"]], **r} for r in page if r["entry_id"] in texts]


def make_request(query, filters=None, sort="relevance", page=1, page_size=10):
    if sort not in SORTS:
        raise ValueError(f"不支持的排序方式：{sort}（可用：{'、'.join(SORTS)}）")
    clean = {}
    for key, value in (filters or {}).items():
        if key in ("date_from", "date_to"):
            if value:
                clean[key] = value
            continue
        if key not in FILTER_FIELDS:
            raise ValueError(f"不支持的筛选条件：{key}")
        if value in (None, "", []):
            continue
        values = list(value) if isinstance(value, (list, tuple, set)) else [value]
        if key in ("year", "portal_id"):
            values = [int(v) for v in values]
        clean[key] = values
    page = max(1, int(page))
    page_size = max(1, min(MAX_PAGE_SIZE, int(page_size)))
    return Request(query or "", parse_query(query), clean, sort, page, page_size)


def sort_facets(counts):
    """Facet values by count (desc), then value, as [(value, count)]."""
    return sorted(((v, c) for v, c in counts if v not in (None, "")), key=lambda vc: (-vc[1], str(vc[0])))


# -- re-ranking the shortlist by word proximity -------------------------------------


def _occurrences(text, alternatives, cap=200):
    out = []
    for alt in alternatives:
        start = text.find(alt)
        while start >= 0 and len(out) < cap:
            out.append((start, start + len(alt)))
            start = text.find(alt, start + 1)
    return out


def min_span(text, units):
    """Length of the shortest stretch of ``text`` holding every unit (None if one is missing)."""
    events = []
    for i, unit in enumerate(units):
        occ = _occurrences(text, unit.alternatives)
        if not occ:
            return None
        events.extend((s, e, i) for s, e in occ)
    events.sort()
    need, have, best = len(units), {}, None
    ends = collections.deque()  # indexes of events in the window, ends decreasing
    left = 0
    for right, (_, end, i) in enumerate(events):
        have[i] = have.get(i, 0) + 1
        while ends and events[ends[-1]][1] <= end:
            ends.pop()
        ends.append(right)
        while len(have) == need:
            while ends[0] < left:
                ends.popleft()
            span = events[ends[0]][1] - events[left][0]
            best = span if best is None or span < best else best
            i0 = events[left][2]
            have[i0] -= 1
            if not have[i0]:
                del have[i0]
            left += 1
    return best


def proximity(plan, title, body):
    """(neighbouring units found side by side, span class): higher first, then lower."""
    title, body = analysis.fold(title), analysis.fold(body)
    side_by_side = sum(1 for p in plan.pairs() if p in title or p in body)
    units = [u for u in plan.units if any(a in title or a in body for a in u.alternatives)]
    if len(units) < 2:
        return side_by_side, 0
    spans = [s for s in (min_span(title, units), min_span(body, units)) if s is not None]
    if not spans:
        return side_by_side, 5
    tight = sum(len(u.text) for u in units)
    span = min(spans)
    return side_by_side, next(i for i, limit in enumerate((tight + 2, 12, 30, 80, 10**9)) if span <= limit)


def _group(row):
    """Engine order before proximity: tier, then title."""
    return tuple(-t for t in row["tier"]), -int(row["title_hit"])


def _whole_phrase(plan):
    """One term, and its phrase is the first tier: there its words stand side by side."""
    tiers = plan.tiers()
    return len(plan.clauses) == 1 and bool(tiers) and tiers[0][0] == "phrase"


def rerank(plan, rows, texts, whole=False):
    """Sort engine rows by tier, title, proximity (for rows in ``texts``, {entry_id: fields
    with ``title`` and ``body_text``}), score, date, id. With ``whole``, a row holding the
    one term as typed (phrase tier) gets the best proximity without looking."""
    best = (len(plan.pairs()), 0)

    def key(r):
        if whole and r["tier"][:1] == (1,):
            near, span = best
        elif r["entry_id"] in texts:
            t = texts[r["entry_id"]]
            near, span = proximity(plan, t["title"], t["body_text"])
        else:
            near, span = 0, 0  # a group this page does not reach: engine order
        published = r["published_on"]
        return (
            _group(r),
            -near,
            span,
            -float(r["score"] or 0),
            -(published.toordinal() if published else 0),
            -r["entry_id"],
        )

    return sorted(rows, key=key)


def snippet(text, clauses, width=120):
    """HTML-safe excerpt of ``text`` around the first match, matches in <em>.

    Matching is on the normalised text (full-width/half-width and case folded),
    so the excerpt shows the original characters.
    """
    text = text or ""
    norm = analysis.normalize(text)
    if len(norm) != len(text):  # NFKC changed lengths (rare ligatures): fall back to the normalised text
        text = norm
    needles = sorted(
        {a for c in clauses for a in c.alternatives + [x for u in c.units for x in u.alternatives] if a},
        key=len,
        reverse=True,
    )
    spans = []
    for needle in needles:
        for m in re.finditer(re.escape(needle), norm):
            spans.append((m.start(), m.end()))
    if not spans:
        return html.escape(text[:width]) + ("…" if len(text) > width else "")
    spans.sort(key=lambda se: (se[0], -se[1]))  # the longest needle at a position wins
    first = spans[0][0]
    start = max(0, first - width // 4)
    end = min(len(text), start + width)
    out, pos = [], start
    for s, e in spans:
        if s < pos or e > end:
            continue
        out.append(html.escape(text[pos:s]))
        out.append("<em>" + html.escape(text[s:e]) + "</em>")
        pos = e
    out.append(html.escape(text[pos:end]))
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")


class Backend:
    name = "base"

    def results(self, req, total, hits, facets, started, partial=False):
        """This backend's answer to ``req``, timed from ``started`` (a ``time.perf_counter()``)."""
        return SearchResults(
            total=total,
            hits=hits,
            facets=facets,
            page=req.page,
            page_size=req.page_size,
            backend=self.name,
            query=req.query,
            partial=partial,
            took_ms=(time.perf_counter() - started) * 1000,
        )

    def search(self, query, filters=None, sort="relevance", page=1, page_size=10):
        raise NotImplementedError

    def index_documents(self, docs):
        """Insert or replace SearchDoc objects."""
        raise NotImplementedError

    def delete_documents(self, entry_ids):
        raise NotImplementedError

    def apply(self, documents):
        """Apply {entry_id: SearchDoc or None} (None deletes)."""
        docs = [d for d in documents.values() if d is not None]
        gone = [pk for pk, d in documents.items() if d is None]
        if docs:
            self.index_documents(docs)
        if gone:
            self.delete_documents(gone)
