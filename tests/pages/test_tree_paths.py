"""Wagtail's subtree queries (``path__startswith``) on SQLite use the index on ``path`` (issue 19)."""

import pytest
from django.db import connection
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from pages.catalog import create_portal

from ..factories import new_entry


def test_a_subtree_is_the_same_rows_as_the_paths_that_start_with_its_path(catalog, users):
    other = create_portal("other", "另一个镇政务公开", "另一个镇人民政府", org_code="000014351")
    for n in range(3):
        new_entry(catalog["budget"], title=f"草稿{n}")
    new_entry(catalog["dibao"], title="民政草稿")
    everything = list(Page.objects.order_by("path"))
    for node in everything:
        expected = [p.pk for p in everything if p.path.startswith(node.path)]
        assert [p.pk for p in Page.objects.filter(path__startswith=node.path).order_by("path")] == expected
        assert [p.pk for p in Page.objects.descendant_of(node, inclusive=True).order_by("path")] == expected
        children = [p.pk for p in everything if p.path.startswith(node.path) and p.depth == node.depth + 1]
        assert [p.pk for p in Page.objects.child_of(node).order_by("path")] == children
    assert Page.objects.filter(path__startswith="").count() == len(everything)
    assert not Page.objects.filter(path__startswith=other.path + "ZZZZ").exists()
    # The pages a 信息员 may explore: the department's nodes, their entries and the way down.
    explorable = set(PagePermissionPolicy().explorable_instances(users["finance_editor"]).values_list("pk", flat=True))
    assert catalog["budget"].pk in explorable and catalog["dibao"].pk not in explorable
    assert {p.pk for p in Page.objects.child_of(catalog["budget"])} <= explorable
    assert not {p.pk for p in Page.objects.child_of(catalog["dibao"])} & explorable


def test_on_sqlite_a_subtree_is_read_through_the_index(catalog, users):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL indexes the column for LIKE (Django's varchar_pattern_ops index)")
    node = catalog["budget"]

    def plan(queryset):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return " / ".join(row[-1] for row in cursor.fetchall())

    for queryset in (
        Page.objects.filter(path__startswith=node.path),
        Page.objects.child_of(node),
        PagePermissionPolicy().explorable_instances(users["finance_editor"]),
    ):
        steps = plan(queryset)
        assert "SCAN wagtailcore_page" not in steps and "INDEX" in steps, steps
