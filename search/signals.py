"""Every change that can affect what is public queues the affected entries.

Entry: save (publish, unpublish, edit, validity change, retraction), delete,
page_published/unpublished, move. Catalog nodes and departments: rename or move
changes the area/item/department shown on the entries below them. View
restrictions: adding or removing one changes ``public()``.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from pages import signals as pages_signals

from . import indexing

_connected = {"entry": True}


def _entry_model():
    from pages.models import DisclosureEntry

    return DisclosureEntry


def entry_changed(sender, instance, raw=False, **kwargs):
    if raw or not _connected["entry"]:
        return
    indexing.enqueue([instance.pk])


def entries_below(page):
    return list(_entry_model().objects.descendant_of(page).values_list("pk", flat=True))


def node_changed(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return
    indexing.enqueue(entries_below(instance))


def page_moved(sender, instance, **kwargs):
    from wagtail.models import Page

    page = Page.objects.get(pk=instance.pk)  # the tree position after the move
    if issubclass(page.specific_class or Page, _entry_model()):
        indexing.enqueue([page.pk])
    else:
        indexing.enqueue(entries_below(page))


def department_changed(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return
    indexing.enqueue(instance.entries.values_list("pk", flat=True))


def restriction_changed(sender, instance, raw=False, **kwargs):
    page = instance.page
    ids = entries_below(page)
    if isinstance(page.specific_deferred, _entry_model()):
        ids.append(page.pk)
    indexing.enqueue(ids)


def connect():
    from wagtail.models import PageViewRestriction

    from pages.models import ENTRY_TYPES, CatalogArea, CatalogItem, Department

    # Signals carry the concrete class: every entry type (咨询答复, 解读, 回应 … too) is connected.
    for entry in ENTRY_TYPES:
        name = entry.__name__
        post_save.connect(entry_changed, sender=entry, dispatch_uid=f"search-entry-saved-{name}")
        post_delete.connect(entry_changed, sender=entry, dispatch_uid=f"search-entry-deleted-{name}")
        page_published.connect(entry_changed, sender=entry, dispatch_uid=f"search-entry-published-{name}")
        page_unpublished.connect(entry_changed, sender=entry, dispatch_uid=f"search-entry-unpublished-{name}")
    post_page_move.connect(page_moved, dispatch_uid="search-page-moved")
    from .hot_words import forget_cache
    from .models import HiddenHotWord

    post_save.connect(forget_cache, sender=HiddenHotWord, dispatch_uid="search-hot-words-hidden")
    post_delete.connect(forget_cache, sender=HiddenHotWord, dispatch_uid="search-hot-words-shown")
    # The 内容安全词库 is the one sensitive-word list: a term added or removed applies at once.
    from pages.models import ContentSafetyTerm

    post_save.connect(forget_cache, sender=ContentSafetyTerm, dispatch_uid="search-hot-words-term-saved")
    post_delete.connect(forget_cache, sender=ContentSafetyTerm, dispatch_uid="search-hot-words-term-deleted")
    for model in (CatalogArea, CatalogItem):
        post_save.connect(node_changed, sender=model, dispatch_uid=f"search-node-{model.__name__}")
    post_save.connect(department_changed, sender=Department, dispatch_uid="search-department")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-saved")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-deleted")
    pages_signals.bulk_write_started.connect(suspend_entry_indexing, dispatch_uid="search-bulk-started")
    pages_signals.bulk_write_finished.connect(resume_entry_indexing, dispatch_uid="search-bulk-finished")
    pages_signals.entries_bulk_written.connect(entries_written, dispatch_uid="search-bulk-written")


def entries_written(sender, pks, **kwargs):
    indexing.bulk_index(pks)


def suspend_entry_indexing(**kwargs):
    """For the import, which queues every entry once at the end (returns whether it was active)."""
    was = _connected["entry"]
    _connected["entry"] = False
    return was


def resume_entry_indexing(**kwargs):
    _connected["entry"] = True
