"""Figures over published entries, computed once per change of what is public.

A county-wide count over 100,000 entries takes the better part of a second, and the dashboard,
统计分析 and 考核 ask for the same ones on every view. Every change that can alter what is
public (a publication, a retraction, an edit, a move, a rename) writes an ``EntryChange`` row in
its own transaction (``pages.changes``): the latest one is part of each figure's cache key, so the
first read after any such change computes afresh and the others read the kept value. Only plain
counts and ids are kept; names and objects are read fresh by the caller.
"""

import contextvars
import hashlib

from django.core.cache import cache

# Bounds how long a figure outlives its inputs should a change escape the record (a raw SQL
# write): ten minutes, like the public pages' cache.
TIMEOUT = 600

# The public version read once per request (``OneVersionPerRequest``): a dashboard view asks for
# five figures, and each read is a query (two on PostgreSQL).
_request_version = contextvars.ContextVar("figures_request_version", default=None)


class OneVersionPerRequest:
    """Middleware: the figures of one request are all keyed on the version read at its first
    figure. A change made later in the same request is seen by the next one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set({})
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)


def request_version():
    from pages import public_version as versions

    memo = _request_version.get()
    if memo is None:
        return versions.recorded()
    if "version" not in memo:
        memo["version"] = versions.recorded()
    return memo["version"]


def cached_figures(name, parts, compute):
    """``compute()``, or its value kept under (``name``, ``parts``, the public version)."""
    digest = hashlib.sha256(repr((name, parts, request_version())).encode()).hexdigest()[:32]
    key = f"figures:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def scope_key(scope):
    """A stable, hashable description of a ``dashboard.Scope``."""
    return (scope.everything, tuple(sorted(scope.portal_ids)), tuple(sorted(scope.department_ids)))
