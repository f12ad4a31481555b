"""Search-index updates for entries run after the publishing transaction commits.

Two indexes follow an entry:

* the public Chinese search (``search`` app, which listens to ``pages.signals``): the save
  queues the entry in the transactional outbox, drained after commit;
* Wagtail's own search (modelsearch, used by the admin): indexed after commit.
  modelsearch indexes inside ``post_save``, i.e. inside the transaction that
  publishes the entry. On PostgreSQL its database backend then rewrites
  ``title_norm`` across the index table while holding the publication's row
  locks, and concurrent publications deadlock. Indexing after commit keeps the
  publishing transaction short and means a rolled-back publication never
  reaches the index.

``disconnect``/``reconnect`` suspend both for the import, which indexes every
entry once at the end (``pages.importing.writer._bulk_index``).
"""

from django.db import transaction
from django.db.models.signals import post_save

from .signals import bulk_write_finished, bulk_write_started, entries_bulk_written


def _index_after_commit(sender, instance, raw=False, **kwargs):
    if raw:
        return
    model, pk = type(instance), instance.pk

    def run():
        from modelsearch import index

        obj = model.objects.filter(pk=pk).first()
        if obj is not None:
            index.insert_or_update_object(obj)

    transaction.on_commit(run)


def connect(model):
    from modelsearch.signal_handlers import post_save_signal_handler

    post_save.disconnect(post_save_signal_handler, sender=model)
    post_save.connect(_index_after_commit, sender=model, dispatch_uid=f"index-after-commit-{model.__name__}")


def disconnect(model):
    """Returns True when the handler was connected (see pages.importing.deferred_indexing)."""
    bulk_write_started.send(sender=model)
    return post_save.disconnect(_index_after_commit, sender=model, dispatch_uid=f"index-after-commit-{model.__name__}")


def reconnect(model):
    bulk_write_finished.send(sender=model)
    post_save.connect(_index_after_commit, sender=model, dispatch_uid=f"index-after-commit-{model.__name__}")


def bulk_index(model, pks):
    """The public search's part of the import's bulk indexing (search queues them, applied after commit)."""
    entries_bulk_written.send(sender=model, pks=pks)
