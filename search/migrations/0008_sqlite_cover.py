"""SQLite: a covering index of the search table's narrow columns (issue 13).

The facets, the total and the ranking pool of ``search.backends.sqlite`` read every match's
facets, date and title; from the table each read is an index lookup then a row holding the
body text (about twice the cost). The index holds just those columns, in entry_id order like
the FTS5 matches; the queries name it (``INDEXED BY``). PostgreSQL: nothing (0007).
"""

from django.db import migrations

NAME = "search_doc_cover"
COLUMNS = (
    "entry_id",
    "published_on",
    "title",
    "portal_id",
    "item",
    "department",
    "area",
    "topic",
    "genre",
    "year",
    "five_public",
    "validity",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON search_searchdocument ({', '.join(COLUMNS)})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_pg_narrow_rows")]

    operations = [migrations.RunPython(create, drop)]
