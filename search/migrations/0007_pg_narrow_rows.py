"""PostgreSQL: keep the search table's rows narrow (issue 13).

The facets, the total and the ranking pool read every matching row; with the body text and
the ``words``/``folds`` tsvectors inline a row took about 1.5 kB, so 100,000 entries did not
stay in shared buffers. With ``toast_tuple_target = 512`` those columns go to the TOAST table,
and the short text columns (filters, facets, title; storage MAIN: moved out last) stay in the
row, about 400 bytes. Rows written before this migration keep their layout until they are
written again (``rebuild_search_index``).
"""

from django.db import migrations

# Short text columns every matching row is read for (facets, filters, the pool's title test).
IN_ROW = (
    "title",
    "url",
    "index_number",
    "source_id",
    "doc_number",
    "department",
    "area",
    "item",
    "topic",
    "genre",
    "five_public",
    "validity",
)


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchdocument SET (toast_tuple_target = 512)")
        schema_editor.execute(
            "ALTER TABLE search_searchdocument "
            + ", ".join(f"ALTER COLUMN {column} SET STORAGE MAIN" for column in IN_ROW)
        )


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchdocument RESET (toast_tuple_target)")
        schema_editor.execute(
            "ALTER TABLE search_searchdocument "
            + ", ".join(f"ALTER COLUMN {column} SET STORAGE EXTENDED" for column in IN_ROW)
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0006_querylog_hiddenhotword")]

    operations = [migrations.RunPython(narrow, widen)]
