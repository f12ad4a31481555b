"""Every change that can affect what is public is recorded here, in the writing transaction.

Entry: save (publish, unpublish, edit, validity change, retraction), delete,
page_published/unpublished, move. Catalog nodes and departments: a rename or move changes the
area/item/department shown on the entries below them. View restrictions: adding or removing one
changes ``disclosed()``.

``record`` writes ``EntryChange`` rows and sends ``entries_changed``: the search index queues
the same entries from it, and the change feed (``pages.change_feed``) reads the rows.
"""

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import signals
from .models.changes import CurrentTransactionId, EntryChange

_recording = {"entry": True}


def _entry_model():
    from .models import DisclosureEntry

    return DisclosureEntry


def record(entry_ids):
    """Record a change of each entry (in the current transaction, after the write)."""
    ids = sorted({int(pk) for pk in entry_ids if pk is not None})
    if not ids:
        return
    public = set(_entry_model().objects.disclosed().filter(pk__in=ids).values_list("pk", flat=True))
    public |= set(EntryChange.objects.filter(entry_id__in=ids, was_public=True).values_list("entry_id", flat=True))
    EntryChange.objects.bulk_create(
        [EntryChange(entry_id=pk, txid=CurrentTransactionId(), was_public=pk in public) for pk in ids],
        batch_size=1000,
    )
    signals.entries_changed.send(sender=EntryChange, pks=ids)


def entry_changed(sender, instance, raw=False, **kwargs):
    if raw or not _recording["entry"]:
        return
    record([instance.pk])
    if kwargs.get("signal") is post_save and connection.in_atomic_block:
        instance._change_recorded = _public_state(instance)


def record_saved(instances):
    """``entry_changed`` for many entries saved in bulk (no post_save): the same rows and marks."""
    if not _recording["entry"]:
        return
    record([instance.pk for instance in instances])
    if connection.in_atomic_block:
        for instance in instances:
            instance._change_recorded = _public_state(instance)


def _public_state(instance):
    fields = ("pk", "live", "index_number", "openness", "classification", "retracted_at")
    return tuple(getattr(instance, name, None) for name in fields)


def entry_published(sender, instance, **kwargs):
    """page_published comes right after the publication's own save, in its transaction: already
    recorded then, unless the object changed since (the mark is used once)."""
    if getattr(instance, "__dict__", {}).pop("_change_recorded", None) == _public_state(instance):
        return
    entry_changed(sender, instance, **kwargs)


def entries_below(page):
    return list(_entry_model().objects.descendant_of(page).values_list("pk", flat=True))


def node_changed(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return
    record(entries_below(instance))


def page_moved(sender, instance, **kwargs):
    from wagtail.models import Page

    page = Page.objects.get(pk=instance.pk)  # the tree position after the move
    if issubclass(page.specific_class or Page, _entry_model()):
        record([page.pk])
    else:
        record(entries_below(page))


def department_changed(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return
    record(instance.entries.values_list("pk", flat=True))


def restriction_changed(sender, instance, raw=False, **kwargs):
    page = instance.page
    ids = entries_below(page)
    if isinstance(page.specific_deferred, _entry_model()):
        ids.append(page.pk)
    record(ids)


def suspend_entry_recording(**kwargs):
    """For the import, which records every entry once at the end (``entries_bulk_written``)."""
    _recording["entry"] = False


def resume_entry_recording(**kwargs):
    _recording["entry"] = True


def entries_written(sender, pks, **kwargs):
    record(pks)


def connect():
    from wagtail.models import PageViewRestriction

    from .models import ENTRY_TYPES, CatalogArea, CatalogItem, Department

    # Signals carry the concrete class: every entry type (咨询答复, 解读, 回应 … too) is connected.
    for entry in ENTRY_TYPES:
        name = entry.__name__
        post_save.connect(entry_changed, sender=entry, dispatch_uid=f"change-entry-saved-{name}")
        post_delete.connect(entry_changed, sender=entry, dispatch_uid=f"change-entry-deleted-{name}")
        page_published.connect(entry_published, sender=entry, dispatch_uid=f"change-entry-published-{name}")
        page_unpublished.connect(entry_changed, sender=entry, dispatch_uid=f"change-entry-unpublished-{name}")
    post_page_move.connect(page_moved, dispatch_uid="change-page-moved")
    for model in (CatalogArea, CatalogItem):
        post_save.connect(node_changed, sender=model, dispatch_uid=f"change-node-{model.__name__}")
    post_save.connect(department_changed, sender=Department, dispatch_uid="change-department")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="change-restriction-saved")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="change-restriction-deleted")
    signals.bulk_write_started.connect(suspend_entry_recording, dispatch_uid="change-bulk-started")
    signals.bulk_write_finished.connect(resume_entry_recording, dispatch_uid="change-bulk-finished")
    signals.entries_bulk_written.connect(entries_written, dispatch_uid="change-bulk-written")


# Reading ------------------------------------------------------------------------------------

NO_HORIZON = 2**62


def horizon():
    """(horizon, own): rows with ``txid < horizon`` come from ended transactions, so no row
    below them can still appear; ``own`` is the reading transaction's id, whose rows it sees.

    PostgreSQL: the oldest transaction still running. SQLite: no limit (one writer at a time)."""
    if connection.vendor != "postgresql":
        return NO_HORIZON, None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, pg_current_xact_id_if_assigned()::text::bigint"
        )
        return cursor.fetchone()


def settled():
    """Rows no lower row can still appear before: from ended transactions, or the reader's own
    (a request that only reads has none; a test reading in its writing transaction has)."""
    limit_txid, own = horizon()
    return Q(txid__lt=limit_txid) | (Q(txid=own) if own is not None else Q(pk__in=[]))


def changes_after(cursor, limit):
    """The next ``limit`` rows after ``cursor`` ((txid, id), (0, 0) = the beginning), in order."""
    txid, pk = cursor
    after = Q(txid__gt=txid) | Q(txid=txid, pk__gt=pk)
    return list(
        EntryChange.objects.filter(settled(), after).order_by("txid", "pk").values("pk", "txid", "entry_id")[:limit]
    )


def compact(recent=None):
    """Keep only each entry's latest change (a consumer needs no older one); returns rows deleted.
    ``recent`` (a timedelta): only entries changed that recently (the periodic sweep's cheap pass).

    "Latest" in feed order, (txid, id): on PostgreSQL row ids of one entry need not follow it."""
    rows = EntryChange.objects.filter(settled())
    if recent is not None:
        since = timezone.now() - recent
        rows = rows.filter(entry_id__in=EntryChange.objects.filter(created_at__gte=since).values("entry_id"))
    newer = rows.filter(entry_id=OuterRef("entry_id")).filter(
        Q(txid__gt=OuterRef("txid")) | Q(txid=OuterRef("txid"), pk__gt=OuterRef("pk"))
    )
    deleted, _ = rows.filter(Exists(newer)).delete()
    return deleted
