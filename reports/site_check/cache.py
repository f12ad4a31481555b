"""The dashboard's 网站自查 panel shows a cached summary, not a fresh run on every view.

A full run reads every public entry of the portal (hundreds of ms at 5,000 entries), and the
office opens the dashboard many times a day. The summary (verdict, vetoing indicators, when it
was computed) is kept per portal and day in Django's cache for at most ``MAX_AGE`` seconds, and
dropped by any write that can change a finding: an entry's public state (``entries_changed``), a
catalog area or item, a published or unpublished page, a deleted document, a question of the
interaction app. All summaries share one generation token, replaced on each such write, so an
invalidation never needs to know which portal a write touched. The 网站自查 page itself always
runs fresh and refreshes the summary; the panel's 重新检查 does the same.
"""

import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .registry import run_site_check

MAX_AGE = getattr(settings, "SITE_CHECK_PANEL_MAX_AGE", 600)  # seconds
GENERATION = "site-check:generation"


def _generation():
    token = cache.get(GENERATION)
    if token is None:
        token = uuid.uuid4().hex
        cache.add(GENERATION, token, None)
        token = cache.get(GENERATION, token)
    return token


def _key(portal, on):
    return f"site-check:panel:{portal.pk}:{on.isoformat()}:{_generation()}"


def summarise(result):
    """What the dashboard panel shows of a ``SiteCheckResult``: small, picklable."""
    return {
        "portal_pk": result.portal.pk,
        "portal_title": result.portal.title,
        "passed": result.passed,
        "vetoed": [{"title": f.title, "count": f.count} for f in result.vetoed],
        "computed_at": timezone.now(),
    }


def store(result):
    """Keep ``result``'s summary (the 网站自查 page and 重新检查 call this after a fresh run)."""
    summary = summarise(result)
    cache.set(_key(result.portal, result.on), summary, MAX_AGE)
    return summary


def panel_summary(portal, refresh=False):
    """The cached summary of today's self-check of ``portal``, computed when missing or stale."""
    on = timezone.localdate()
    summary = None if refresh else cache.get(_key(portal, on))
    if summary is None:
        summary = store(run_site_check(portal, on=on))
    return summary


def invalidate(**kwargs):
    """Drop every cached summary, now and again when the writing transaction commits (a
    request reading before the commit would otherwise cache the old state under the new token)."""

    def replace():
        cache.set(GENERATION, uuid.uuid4().hex, None)

    replace()
    transaction.on_commit(replace)


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail.documents import get_document_model
    from wagtail.signals import page_published, page_unpublished

    from pages import signals
    from pages.models import CatalogArea, CatalogItem

    signals.entries_changed.connect(invalidate, dispatch_uid="site-check-entries-changed")
    page_published.connect(invalidate, dispatch_uid="site-check-page-published")
    page_unpublished.connect(invalidate, dispatch_uid="site-check-page-unpublished")
    watched = [CatalogArea, CatalogItem, get_document_model()]
    if apps.is_installed("interaction"):  # its check is registered through a hook (registry.py)
        watched.append(apps.get_model("interaction", "Question"))
    for model in watched:
        name = model._meta.label
        post_save.connect(invalidate, sender=model, dispatch_uid=f"site-check-saved-{name}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"site-check-deleted-{name}")
