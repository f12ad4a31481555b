"""The one search contract every backend implements.

``search(query, filters, sort, page, page_size)`` → ``SearchResults`` with the
total, one page of hits and facet counts. Matching and ranking rules, the same
for every backend:

* every space-separated term must match (as a substring of title, body, or the
  meta fields 索引号/发文字号/关键词), a synonym of the term counts too; a quoted
  phrase matches exactly as written;
* order (``sort="relevance"``): entries matching every term literally before
  those matching only through a synonym, then entries whose title matches every
  term before body-only matches, then the engine's score; ties by 发布日期
  (newest first) and id, so pagination is stable;
* ``sort="date"`` (newest first) or ``"date_asc"``; ties by id.
"""

import html
import re
from dataclasses import dataclass, field

from .. import analysis

FACETS = ("department", "area", "topic", "genre", "year", "five_public", "validity")
# Filters on exact field values (a list means any of them).
FILTER_FIELDS = ("department", "area", "item", "topic", "genre", "year", "five_public", "validity", "portal_id")
SORTS = ("relevance", "date", "date_asc")
MAX_PAGE_SIZE = 100


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
    extra: dict = field(default_factory=dict)

    def as_dict(self):
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "backend": self.backend,
            "fallback": self.fallback,
            "notice": self.notice,
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

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


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
    return Request(query or "", analysis.parse_query(query), clean, sort, page, page_size)


def sort_facets(counts):
    """Facet values by count (desc), then value, as [(value, count)]."""
    return sorted(((v, c) for v, c in counts if v not in (None, "")), key=lambda vc: (-vc[1], str(vc[0])))


def snippet(text, clauses, width=120):
    """HTML-safe excerpt of ``text`` around the first match, matches in <em>.

    Matching is on the normalised text (full-width/half-width and case folded),
    so the excerpt shows the original characters.
    """
    text = text or ""
    norm = analysis.normalize(text)
    if len(norm) != len(text):  # NFKC changed lengths (rare ligatures): fall back to the normalised text
        text = norm
    needles = sorted({a for c in clauses for a in c.alternatives if a}, key=len, reverse=True)
    spans = []
    for needle in needles:
        for m in re.finditer(re.escape(needle), norm):
            spans.append((m.start(), m.end()))
    if not spans:
        return html.escape(text[:width]) + ("…" if len(text) > width else "")
    spans.sort()
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
