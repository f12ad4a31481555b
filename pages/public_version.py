"""The public content version: a counter every publication, unpublication, deletion and view
restriction bumps, so caches keyed on it (the public API cache in cms.middleware, the list
count cache in pages.api) never serve content older than the last change.

``current()`` is a cache counter: free to read, but with the default per-process cache another
worker's change reaches it only through the callers' max-age. ``recorded()`` is read from the
change record in the database (one indexed query): the same in every process, for figures the
office acts on (``reports.figures``).
"""

from django.core.cache import cache

VERSION_KEY = "public-content-version"


def current():
    return cache.get(VERSION_KEY, 0)


def bump(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def recorded():
    """The latest settled change record's id and time (``pages.changes``): it moves with every
    change that can alter what is public, in every process.

    Settled rows only, as for the change feed: on PostgreSQL a transaction still running may
    commit a lower id after a higher one was read, and the version must move when it does. The
    time is there because SQLite gives a rolled-back row's id to the next one."""
    from .changes import settled
    from .models import EntryChange

    latest = EntryChange.objects.filter(settled()).order_by("-pk").values_list("pk", "created_at").first()
    return (latest[0], latest[1].isoformat()) if latest else (0, "")
