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
