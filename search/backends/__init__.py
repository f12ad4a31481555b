"""Backend registry and the public entry point with database fallback."""

from django.conf import settings

from ..query import parse_query
from .base import SearchResults, SearchUnavailable

FALLBACK_NOTICE = "全文检索引擎暂时不可用，以下结果来自数据库检索，可能不够完整或排序有所不同。"
NOTHING_TO_SEARCH_NOTICE = "检索词中没有可检索的文字（只有表情符号或标点），请输入汉字、字母或数字。"


def get_backend(name=None):
    name = name or default_backend_name()
    if name == "database":
        from .database import DatabaseBackend

        return DatabaseBackend()
    if name == "elasticsearch":
        from .elastic import ElasticsearchBackend

        return ElasticsearchBackend.from_settings()
    raise ValueError(f"未知的检索后端：{name}（可用：database、elasticsearch）")


def default_backend_name():
    return "elasticsearch" if getattr(settings, "SEARCH_URL", "") else "database"


def search(query, filters=None, sort="relevance", page=1, page_size=10, backend=None):
    """Public search: the configured engine, or the database when the engine is down."""
    name = backend or default_backend_name()
    if query and query.strip() and not parse_query(query):
        # Only emoji or punctuation: nothing to match, so nothing is found (not every entry).
        return SearchResults(
            total=0,
            hits=[],
            facets={},
            page=page,
            page_size=page_size,
            backend=name,
            query=query,
            notice=NOTHING_TO_SEARCH_NOTICE,
        )
    try:
        return get_backend(name).search(query, filters, sort, page, page_size)
    except SearchUnavailable:
        if name == "database":
            raise
        results = get_backend("database").search(query, filters, sort, page, page_size)
        results.fallback = True
        results.notice = FALLBACK_NOTICE
        return results
