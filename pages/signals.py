"""Signals ``pages`` sends for the layers above it (search listens): pages never imports them."""

from django.dispatch import Signal

# The import writes many entries and indexes each once at the end: listeners that react to
# every entry save pause between these two.
bulk_write_started = Signal()
bulk_write_finished = Signal()
# ``pks``: entries written by the import, to be indexed now (after commit).
entries_bulk_written = Signal()
# ``pks``: entries whose public state may have changed, recorded in the current transaction
# (pages.changes); the search index queues them.
entries_changed = Signal()
