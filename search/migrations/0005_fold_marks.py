"""Fold marks: the grams an entry holds only once its traditional characters are folded
(``analysis.fold_marks``), so an entry holding the query as written ranks first. SQLite keeps
them in a small FTS5 table ``search_folds`` (rowid = entry_id), PostgreSQL in a ``folds``
tsvector column; every indexed entry is queued again to fill them. Elasticsearch needs
``rebuild_search_index`` for the new ``fold_grams`` field (until then nothing is demoted)."""

from django.conf import settings
from django.db import migrations


def create_fold_storage(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE search_folds USING fts5(fold_grams, tokenize = 'unicode61 remove_diacritics 0')"
        )
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchdocument ADD COLUMN folds tsvector")
    SearchDocument = apps.get_model("search", "SearchDocument")
    IndexOutbox = apps.get_model("search", "IndexOutbox")
    targets = ["database"] + (["elasticsearch"] if getattr(settings, "SEARCH_URL", "") else [])
    ids = list(SearchDocument.objects.values_list("entry_id", flat=True))
    IndexOutbox.objects.bulk_create(
        [IndexOutbox(entry_id=pk, target=t) for pk in ids for t in targets], batch_size=1000
    )


def drop_fold_storage(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_folds")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS folds")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_requeue_folded_tokens")]

    operations = [migrations.RunPython(create_fold_storage, drop_fold_storage)]
