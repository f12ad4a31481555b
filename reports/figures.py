"""Figures over published entries, computed once per change of what is public.

A county-wide count over 100,000 entries takes the better part of a second, and the dashboard,
统计分析 and 考核 ask for the same ones on every view. Every change that can alter what is
public (a publication, a retraction, an edit, a move, a rename) writes an ``EntryChange`` row in
its own transaction (``pages.changes``): the latest one is part of each figure's cache key, so the
first read after any such change computes afresh and the others read the kept value. Only plain
counts and ids are kept; names and objects are read fresh by the caller.
"""

import hashlib

from django.core.cache import cache

# Bounds how long a figure outlives its inputs should a change escape the record (a raw SQL
# write): ten minutes, like the public pages' cache.
TIMEOUT = 600


def cached_figures(name, parts, compute):
    """``compute()``, or its value kept under (``name``, ``parts``, the public version)."""
    from pages import public_version

    digest = hashlib.sha256(repr((name, parts, public_version.recorded())).encode()).hexdigest()[:32]
    key = f"figures:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def scope_key(scope):
    """A stable, hashable description of a ``dashboard.Scope``."""
    return (scope.everything, tuple(sorted(scope.portal_ids)), tuple(sorted(scope.department_ids)))
