"""SQLite: a narrow index of what every match of a query reads (issue 13).

A common word matches tens of thousands of documents; the total, the facets and the ranking
pool read, per match, its date and its combination of facet values (``facet_set``, 0009). They
read them from the covering index of 0008, whose rows also hold the title and the filter
columns: about 200 bytes a row, 20 MB at 100,000 documents, so the lookups of one query miss
SQLite's page cache. This index holds just those three columns (a tenth of the size), and
``search.backends.sqlite`` reads it for an unfiltered search; the title is read from the
covering index only for the matches whose title holds a typed word. PostgreSQL: nothing.
"""

from django.db import migrations

NAME = "search_doc_match_keys"
COLUMNS = ("entry_id", "published_on", "facet_set")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON search_searchdocument ({', '.join(COLUMNS)})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("search", "0009_sqlite_facet_sets")]

    operations = [migrations.RunPython(create, drop)]
