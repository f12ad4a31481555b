"""Wagtail's own search (the admin's, via modelsearch) in Chinese, with the same analysis.

SQLite FTS5 and PostgreSQL treat a run of Chinese characters as one token, so
"预算" never matches "部门预算公开". ``ChineseText`` fields index the character
bigrams of ``search.analysis`` beside the raw text; the backend rewrites a
Chinese query to "the raw terms, or all their bigrams". Configured as
``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.wagtail_search"``; the
database backend underneath is modelsearch's own (SQLite FTS5 / PostgreSQL).
"""

import functools
import time

from django.db.models import Avg, F
from django.db.models.functions import Length
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


# The average title length modelsearch's ranking divides by: one more entry barely moves it, so
# it is read at most every TITLE_AVERAGE_SECONDS per process instead of on every save.
TITLE_AVERAGE_SECONDS = 600
_title_average = {}


def title_average(index):
    alias = index.write_connection.alias
    value, read_at = _title_average.get(alias, (None, 0.0))
    if value is None or time.monotonic() - read_at > TITLE_AVERAGE_SECONDS:
        value = (
            index.entries.annotate(title_length=Length("title"))
            .filter(title_length__gt=0)
            .aggregate(Avg("title_length"))["title_length__avg"]
        )
        _title_average[alias] = (value, time.monotonic())
    return value


@functools.lru_cache(maxsize=None)
def _index_class(base):
    """modelsearch refreshes ``title_norm`` after every save with an average over the whole index
    table and an update that scans it: 0.3 s per publication at 100,000 entries (issue 19's
    county bench). This index sets the norm of the rows just written only, from the cached
    average; a full refresh (``update_index``) stays as it was."""

    class SavedRowsTitleNormIndex(base):
        _written = None

        def add_items(self, model, objs):
            from modelsearch.utils import get_content_type_pk

            self._written = (get_content_type_pk(model), [str(obj.pk) for obj in objs])
            try:
                return super().add_items(model, objs)
            finally:
                self._written = None

        def _refresh_title_norms(self, full=False):
            if full or not self._written:
                return super()._refresh_title_norms(full=full)
            average = title_average(self)
            if average is None:
                return None
            content_type, object_ids = self._written
            self.entries.filter(content_type_id=content_type, object_id__in=object_ids).annotate(
                title_length=Length("title")
            ).filter(title_length__gt=0).update(title_norm=average / F("title_length"))
            return None

    SavedRowsTitleNormIndex.__name__ = f"SavedRowsTitleNorm{base.__name__}"
    return SavedRowsTitleNormIndex


@functools.lru_cache(maxsize=None)
def _chinese_class(base):
    class ChineseSearchBackend(base):
        if hasattr(base.index_class, "_refresh_title_norms"):
            index_class = _index_class(base.index_class)

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

    if base.__module__ == "modelsearch.backends.database.sqlite.sqlite":  # importable on SQLite only
        from .wagtail_ranking import RANKED_CLASSES

        for name, value in RANKED_CLASSES.items():
            setattr(ChineseSearchBackend, name, value)
    ChineseSearchBackend.__name__ = f"Chinese{base.__name__}"
    return ChineseSearchBackend


def SearchBackend(params):  # noqa: N802 - modelsearch looks up this name
    base = type(database_backend(params))
    return _chinese_class(base)(params)
