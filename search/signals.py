"""The search index follows ``pages``' change record: every entry it records as changed (in the
writing transaction: saves, deletes, publication, moves, catalog and department renames, view
restrictions, the import's bulk write) is queued in the outbox in that same transaction."""

from django.db.models.signals import post_delete, post_save

from pages import signals as pages_signals

from . import indexing


def entries_changed(sender, pks, **kwargs):
    indexing.enqueue(pks)


def connect():
    from .hot_words import forget_cache
    from .models import HiddenHotWord

    pages_signals.entries_changed.connect(entries_changed, dispatch_uid="search-entries-changed")
    post_save.connect(forget_cache, sender=HiddenHotWord, dispatch_uid="search-hot-words-hidden")
    post_delete.connect(forget_cache, sender=HiddenHotWord, dispatch_uid="search-hot-words-shown")
    # The 内容安全词库 is the one sensitive-word list: a term added or removed applies at once.
    from pages.models import ContentSafetyTerm

    post_save.connect(forget_cache, sender=ContentSafetyTerm, dispatch_uid="search-hot-words-term-saved")
    post_delete.connect(forget_cache, sender=ContentSafetyTerm, dispatch_uid="search-hot-words-term-deleted")
