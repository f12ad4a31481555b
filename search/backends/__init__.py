"""Backend registry and the public entry point with database fallback."""

from django.conf import settings

from .base import SearchUnavailable

FALLBACK_NOTICE = "全文检索引擎暂时不可用，以下结果来自数据库检索，可能不够完整或排序有所不同。"


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
    try:
        return get_backend(name).search(query, filters, sort, page, page_size)
    except SearchUnavailable:
        if name == "database":
            raise
        results = get_backend("database").search(query, filters, sort, page, page_size)
        results.fallback = True
        results.notice = FALLBACK_NOTICE
        return results
