"""SQLite: facets counted per combination of facet values (issue 13).

A common word matches tens of thousands of documents; counting its seven facets meant seven
``GROUP BY``s over text columns of every match. Far fewer distinct combinations of the seven
values exist than matches (3,957 among 100,000 bench documents), so each document now carries
the id of its combination (``facet_set``, table ``search_facetset``, filled by triggers on any
write of the facet columns, so it is exact whatever writes the row). The search groups the
matches once by that integer, then counts each facet over the few combinations found
(``search.backends.sqlite``). The covering index of 0008 gains the column. Combinations are
never deleted (a handful of rows; counts come from the documents). PostgreSQL: nothing.
"""

from django.db import migrations

FACETS = ("department", "area", "topic", "genre", "year", "five_public", "validity")
COVER = "search_doc_cover"
COVER_0008 = (
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
COVER_0009 = COVER_0008 + ("facet_set",)
# The combination of the row NEW: added when missing (year may be NULL: IS, not =), then its id.
SAME = " AND ".join(f"s.{f} IS NEW.{f}" for f in FACETS)
SET_FACET_SET = (
    f"INSERT INTO search_facetset ({', '.join(FACETS)}) SELECT {', '.join(f'NEW.{f}' for f in FACETS)} "
    f"WHERE NOT EXISTS (SELECT 1 FROM search_facetset s WHERE {SAME}); "
    f"UPDATE search_searchdocument SET facet_set = (SELECT s.id FROM search_facetset s WHERE {SAME}) "
    "WHERE entry_id = NEW.entry_id;"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    run = schema_editor.execute
    run(
        "CREATE TABLE search_facetset (id INTEGER PRIMARY KEY, department TEXT NOT NULL, area TEXT NOT NULL, "
        "topic TEXT NOT NULL, genre TEXT NOT NULL, year INTEGER NULL, five_public TEXT NOT NULL, validity TEXT NOT NULL)"
    )
    run(f"CREATE INDEX search_facetset_values ON search_facetset ({', '.join(FACETS)})")
    run("ALTER TABLE search_searchdocument ADD COLUMN facet_set INTEGER NULL")
    run(f"INSERT INTO search_facetset ({', '.join(FACETS)}) SELECT DISTINCT {', '.join(FACETS)} FROM search_searchdocument")
    same = " AND ".join(f"s.{f} IS d.{f}" for f in FACETS)
    run(f"UPDATE search_searchdocument AS d SET facet_set = (SELECT s.id FROM search_facetset s WHERE {same})")
    run(f"CREATE TRIGGER search_doc_facet_set_insert AFTER INSERT ON search_searchdocument BEGIN {SET_FACET_SET} END")
    run(
        f"CREATE TRIGGER search_doc_facet_set_update AFTER UPDATE OF {', '.join(FACETS)} ON search_searchdocument "
        f"BEGIN {SET_FACET_SET} END"
    )
    run(f"DROP INDEX IF EXISTS {COVER}")
    run(f"CREATE INDEX {COVER} ON search_searchdocument ({', '.join(COVER_0009)})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    run = schema_editor.execute
    run(f"DROP INDEX IF EXISTS {COVER}")
    run(f"CREATE INDEX {COVER} ON search_searchdocument ({', '.join(COVER_0008)})")
    run("DROP TRIGGER IF EXISTS search_doc_facet_set_insert")
    run("DROP TRIGGER IF EXISTS search_doc_facet_set_update")
    run("ALTER TABLE search_searchdocument DROP COLUMN facet_set")
    run("DROP TABLE IF EXISTS search_facetset")


class Migration(migrations.Migration):
    dependencies = [("search", "0008_sqlite_cover")]

    operations = [migrations.RunPython(create, drop)]
