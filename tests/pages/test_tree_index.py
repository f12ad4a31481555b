"""Wagtail's tree read by level (``depth = n ORDER BY path``) uses the (depth, path) index
(migration pages.0021): without it SQLite walked every page of a county to find the root node
that the admin's explorer menu asks for on every page a superuser opens."""

import pytest
from django.db import connection
from wagtail.models import Page


@pytest.mark.django_db
def test_root_nodes_are_read_through_the_depth_path_index():
    query = Page.get_root_nodes().only("pk").query
    sql, params = query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test database is too small to need it
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
    assert "pages_page_depth_path" in plan, plan
