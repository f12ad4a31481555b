"""The change record: one row per change that may alter what the public sees of an entry.

Written in the transaction that made the change (``pages.changes.record``), so a rolled-back
publication leaves no row and a committed one is never missed. The search index's outbox is
filled from it (``pages.signals.entries_changed``) and the public change feed
(``/api/v2/changes/``) reads it.
"""

from django.db import models
from django.db.models import Func


class CurrentTransactionId(Func):
    """The writing transaction's id on PostgreSQL (64-bit, never wraps); 0 on SQLite, whose
    writers run one at a time, so row ids already follow commit order there."""

    output_field = models.BigIntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        return "0", []

    def as_postgresql(self, compiler, connection, **extra_context):
        return "pg_current_xact_id()::text::bigint", []


class EntryChange(models.Model):
    entry_id = models.BigIntegerField(db_index=True)
    # See CurrentTransactionId. The feed orders by (txid, id) and serves a row only once every
    # transaction that could still add a lower one has ended (pages.changes.horizon).
    txid = models.BigIntegerField(default=0)
    # The entry was public after this change or an earlier one (sticky): only those are ever
    # named as removed, so the feed never reveals a draft or an entry never disclosed.
    was_public = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "公开信息变更记录"
        indexes = [models.Index(fields=["txid", "id"], name="pages_entrychange_order")]

    def __str__(self):
        return f"{self.entry_id}@{self.txid}.{self.pk}"
