"""Figures over published entries are kept until what is public changes (reports.figures)."""

import datetime

import pytest
from django.core.cache import cache

from pages.models import DisclosureEntry, FivePublicType, Genre
from pages.publishing.pipeline import publish_entry
from reports import statistics
from reports.dashboard import Scope, year_totals
from reports.figures import cached_figures

from ..factories import make_user, new_entry

D = datetime.date.fromisoformat
EVERYTHING = Scope(everything=True)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def published(parent, title, published_on=None):
    entry = new_entry(
        parent,
        title=title,
        published_on=published_on or D("2025-03-05"),
        genre=Genre.objects.get(name="预算"),
        five_public=FivePublicType.objects.get(name="结果公开"),
    )
    assert publish_entry(entry).passed
    return DisclosureEntry.objects.get(pk=entry.pk)


def test_a_figure_is_computed_once_until_something_public_changes(catalog):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    published(catalog["budget"], "一季度预算执行")
    assert cached_figures("probe", ("a",), compute) == 1
    assert cached_figures("probe", ("a",), compute) == 1  # kept
    assert cached_figures("probe", ("b",), compute) == 2  # other parts, another figure
    published(catalog["budget"], "二季度预算执行")  # a publication anywhere: computed afresh
    assert cached_figures("probe", ("a",), compute) == 3
    assert cached_figures("probe", ("a",), compute) == 3


def test_statistics_and_year_totals_follow_publication_and_withdrawal(catalog):
    user = make_user("root", superuser=True)
    period = (D("2025-01-01"), D("2025-12-31"))
    first = published(catalog["budget"], "一季度预算执行")
    assert statistics.build_statistics(EVERYTHING, *period).total == 1
    assert year_totals(EVERYTHING, user, year=2025)["entries"] == 1
    second = published(catalog["dibao"], "三月低保名单", D("2025-03-15"))
    stats = statistics.build_statistics(EVERYTHING, *period)
    assert stats.total == 2 and dict(stats.by_genre) == {"预算": 2}
    assert year_totals(EVERYTHING, user, year=2025)["entries"] == 2
    first.unpublish()  # withdrawn: counted no more, although the figure was kept a moment ago
    assert statistics.build_statistics(EVERYTHING, *period).total == 1
    assert year_totals(EVERYTHING, user, year=2025)["entries"] == 1
    second.published_on = D("2024-12-30")  # corrected into last year: out of the period
    assert publish_entry(second, revision=second.save_revision()).passed
    assert statistics.build_statistics(EVERYTHING, *period).total == 0


def test_a_kept_figure_costs_no_counting_query(catalog):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    published(catalog["budget"], "一季度预算执行")
    period = (D("2025-01-01"), D("2025-12-31"))
    with CaptureQueriesContext(connection) as cold:
        statistics.build_statistics(EVERYTHING, *period)
    with CaptureQueriesContext(connection) as warm:
        statistics.build_statistics(EVERYTHING, *period)
    counting = [q["sql"] for q in warm.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counting == [] and len(warm.captured_queries) < len(cold.captured_queries)


def test_one_request_reads_the_public_version_once_and_the_next_request_sees_a_change(catalog):
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from reports.figures import OneVersionPerRequest

    published(catalog["budget"], "一季度预算执行")
    computed, seen = [], []

    def compute():
        computed.append(1)
        return len(computed)

    def view(request):
        with CaptureQueriesContext(connection) as queries:
            seen.append([cached_figures(name, (), compute) for name in ("a", "b", "c")])
        seen.append(sum("pages_entrychange" in q["sql"] for q in queries.captured_queries))

    middleware = OneVersionPerRequest(view)
    middleware(RequestFactory().get("/admin/"))
    assert seen == [[1, 2, 3], 1]  # three figures, one read of the version
    middleware(RequestFactory().get("/admin/"))
    assert seen[2:] == [[1, 2, 3], 1]  # kept
    published(catalog["budget"], "二季度预算执行")
    middleware(RequestFactory().get("/admin/"))
    assert seen[4:] == [[4, 5, 6], 1]  # the next request sees the publication
    assert cached_figures("a", (), compute) == 4  # outside a request: read per call, kept


def test_the_page_count_follows_a_new_empty_catalog_node_at_once(catalog, portal):
    from django.test import RequestFactory
    from wagtail.models import Page

    from pages.catalog import ensure_area
    from reports.dashboard_hooks import KeptPagesSummaryItem

    request = RequestFactory().get("/admin/")
    request.user = make_user("root", superuser=True)
    expected = Page.objects.count() - 1  # the tree root is not a page
    assert KeptPagesSummaryItem(request).get_context_data({})["total_pages"] == expected
    ensure_area(portal, "新设栏目", kind="custom")  # nothing public changes
    assert KeptPagesSummaryItem(request).get_context_data({})["total_pages"] == expected + 1
