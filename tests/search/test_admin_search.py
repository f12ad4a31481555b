"""Wagtail's own search (admin) finds Chinese words with the same analysis."""

from pages.models import DisclosureEntry

from .helpers import publish


def test_admin_search_finds_chinese_words(catalog, users, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = publish(catalog["budget"], "2025年部门预算公开", "<p>本年度三公经费预算为零。</p>")
        other = publish(catalog["dibao"], "城乡低保标准", "<p>最低生活保障标准调整。</p>")
    found = list(DisclosureEntry.objects.search("预算"))
    assert found == [entry]
    assert list(DisclosureEntry.objects.search("三公经费")) == [entry]
    assert list(DisclosureEntry.objects.search("生活保障")) == [other]
    assert list(DisclosureEntry.objects.search("预算 低保")) == []

    client.force_login(users["admin"])
    response = client.get("/admin/pages/search/", {"q": "部门预算"})
    assert response.status_code == 200
    assert "2025年部门预算公开" in response.content.decode()
    assert "城乡低保标准" not in response.content.decode()


def test_a_save_sets_its_own_title_norm_from_an_average_read_once(catalog, django_capture_on_commit_callbacks):
    """modelsearch's ranking divides by the average title length. The average is read once per
    process (not on every save: that scanned the whole index table, 0.3 s per publication at
    100,000 entries) and a save sets the norm of its own rows."""
    import pytest
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.functions import Length

    from search import wagtail_search

    rows = apps.get_model("wagtailsearch", "IndexEntry").objects.filter(
        content_type=ContentType.objects.get_for_model(DisclosureEntry)
    )
    wagtail_search._title_average.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = publish(catalog["budget"], "2025年部门预算公开", "<p>预算。</p>")
    (alias,) = wagtail_search._title_average
    read_once = wagtail_search._title_average[alias]
    with django_capture_on_commit_callbacks(execute=True):
        second = publish(catalog["dibao"], "城乡最低生活保障标准调整公告", "<p>低保。</p>")
    assert wagtail_search._title_average[alias] is read_once  # not read again for the second save
    average = read_once[0]
    rows = rows.annotate(length=Length("title"))  # characters on SQLite, lexemes of the tsvector on PostgreSQL
    for entry in (first, second):
        row = rows.get(object_id=str(entry.pk))
        assert row.title_norm == pytest.approx(average / row.length) and row.title_norm != 1.0
    # An edited title gets its norm again (modelsearch refreshed only rows still at 1.0).
    before = rows.get(object_id=str(second.pk)).title_norm
    second.title = "城乡低保"
    with django_capture_on_commit_callbacks(execute=True):
        second.save(update_fields=["title"])
    row = rows.get(object_id=str(second.pk))
    assert row.title_norm == pytest.approx(average / row.length) and row.title_norm != before


def _ranked_and_stock(queryset, query):
    """The backend's results next to modelsearch's own SQLite path (order by a per-row score)."""
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchResults
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    ours = backend.autocomplete(query, queryset)
    stock = SQLiteSearchResults(backend, ours.query_compiler)
    return ours, stock


def test_the_admin_search_ranks_one_page_in_one_pass_with_the_stock_order(catalog, django_capture_on_commit_callbacks):
    """modelsearch's SQLite path scored every match with a correlated subquery that ran the MATCH
    again per row (3.2 s at 100,000 entries, issue 19); the ranked slice reads the index once and
    gives the same rows in the same order, page by page, with their scores."""
    import pytest
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "sqlite":
        pytest.skip("the ranked slice is SQLite's (PostgreSQL ranks in a join)")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(7):
            publish(catalog["budget"], f"预算{'公开' * n}第{n}号", "<p>" + "预算。" * (n % 3 + 1) + "</p>")
        publish(catalog["dibao"], "城乡低保标准", "<p>最低生活保障标准调整。</p>")
    ours, stock = _ranked_and_stock(DisclosureEntry.objects.all(), "预算")
    assert type(ours).__name__ == "RankedSearchResults"
    everything = list(stock)
    assert len(everything) == 7 and list(ours) == everything
    assert list(ours[2:5]) == everything[2:5] and list(ours[5:]) == everything[5:]
    counted, stock_counted = _ranked_and_stock(DisclosureEntry.objects.all(), "预算")
    assert counted.count() == stock_counted.count() == 7  # counted from the matches, not the table
    narrowed, stock_narrowed = _ranked_and_stock(DisclosureEntry.objects.filter(title__contains="公开公开"), "预算")
    assert narrowed.count() == stock_narrowed.count() == 5 and list(narrowed) == list(stock_narrowed)
    scored = list(ours.annotate_score("_score"))
    assert [e._score for e in scored] == [e._score for e in stock.annotate_score("_score")]
    assert scored[0]._score <= scored[-1]._score  # bm25: lower is better
    fresh, _ = _ranked_and_stock(DisclosureEntry.objects.all(), "预算")
    with CaptureQueriesContext(connection) as captured:
        assert list(fresh[:3]) == everything[:3]
    assert len(captured.captured_queries) == 2  # the ranked slice, then its rows
    assert "MATERIALIZED" in captured.captured_queries[0]["sql"]
    assert " IN (" in captured.captured_queries[1]["sql"]


def test_the_ranked_admin_search_keeps_the_callers_queryset(catalog, users, client, django_capture_on_commit_callbacks):
    """The 信息员 finds only what Wagtail lets the department explore, as before."""
    with django_capture_on_commit_callbacks(execute=True):
        own = publish(catalog["budget"], "财政所预算公开", "<p>预算。</p>")
        other = publish(catalog["dibao"], "民政办预算公开", "<p>预算。</p>")
    from wagtail.search.backends import get_search_backend

    assert list(get_search_backend().autocomplete("预算", DisclosureEntry.objects.filter(pk=other.pk))) == [other]
    client.force_login(users["civil_editor"])
    page = client.get("/admin/pages/search/", {"q": "预算"}).content.decode()
    assert "民政办预算公开" in page and "财政所预算公开" not in page
    client.force_login(users["admin"])
    page = client.get("/admin/pages/search/", {"q": "预算"}).content.decode()
    assert "民政办预算公开" in page and "财政所预算公开" in page
    assert own.pk != other.pk
