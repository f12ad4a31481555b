"""The public content version: a counter every publication, unpublication, deletion and view
restriction bumps, so caches keyed on it (the public API cache in cms.middleware, the list
count cache in pages.api) never serve content older than the last change."""

from django.core.cache import cache

VERSION_KEY = "public-content-version"


def current():
    return cache.get(VERSION_KEY, 0)


def bump(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)
