"""Wagtail's own search (the admin's, via modelsearch) in Chinese, with the same analysis.

SQLite FTS5 and PostgreSQL treat a run of Chinese characters as one token, so
"预算" never matches "部门预算公开". ``ChineseText`` fields index the character
bigrams of ``search.analysis`` beside the raw text; the backend rewrites a
Chinese query to "the raw terms, or all their bigrams". Configured as
``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.wagtail_search"``; the
database backend underneath is modelsearch's own (SQLite FTS5 / PostgreSQL).
"""

import functools

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import Or, PlainText

from . import analysis
from .fields import ChineseAutocomplete, ChineseText  # noqa: F401 - re-exported


def has_cjk(text):
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def query_grams(query):
    grams = []
    for term in query.split():
        for run in analysis.runs(term):
            grams.extend([run[i : i + 2] for i in range(len(run) - 1)] or [run])
    return " ".join(grams)


def is_chinese(query):
    text = query if isinstance(query, str) else getattr(query, "query_string", None)
    return isinstance(query, (str, PlainText)) and bool(text) and has_cjk(text)


def rewrite(query, operator=None):
    """A Chinese query → the query as typed, or all bigrams of its terms (the admin parses
    the search box into a PlainText before it gets here)."""
    if not is_chinese(query):
        return query
    text = query if isinstance(query, str) else query.query_string
    original = PlainText(text, operator=operator or "and") if isinstance(query, str) else query
    grams = query_grams(text)
    return Or([original, PlainText(grams, operator="and")]) if grams else original


@functools.lru_cache(maxsize=None)
def _chinese_class(base):
    class ChineseSearchBackend(base):
        def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
            if is_chinese(query):
                query, operator = rewrite(query, operator), None
            return super().search(
                query, model_or_queryset, fields=fields, operator=operator, order_by_relevance=order_by_relevance
            )

        def autocomplete(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
            if is_chinese(query):
                query, operator = rewrite(query, operator), None
            return super().autocomplete(
                query, model_or_queryset, fields=fields, operator=operator, order_by_relevance=order_by_relevance
            )

    ChineseSearchBackend.__name__ = f"Chinese{base.__name__}"
    return ChineseSearchBackend


def SearchBackend(params):  # noqa: N802 - modelsearch looks up this name
    base = type(database_backend(params))
    return _chinese_class(base)(params)
