"""The demo town passes its own 网站自查 on the day it is loaded, and fails it once it is left alone (issue 16)."""

import datetime

from django.utils import timezone

from cms.demo import load_demo
from pages.demo import DEMO_NOT_APPLICABLE
from pages.models import CatalogArea, CatalogItem, DisclosureEntry
from reports.demo import demo_rows
from reports.site_check import run_site_check

from ..factories import travel


def statuses(result):
    return {f.key: (f.status, f.count) for f in result.findings}


def test_the_demo_passes_its_self_check_and_fails_when_left_stale(db):
    loaded_on = datetime.date(2027, 3, 2)  # any day: the current publications are dated relative to it
    with travel(loaded_on):
        portal, _, _, report = load_demo()
        assert report.ok
        result = run_site_check(portal)
        assert result.passed, statuses(result)
        found = statuses(result)
        assert found["blank_columns"] == ("ok", 0) and found["stale_columns"] == ("ok", 0)
        assert found["home_not_updated"] == ("ok", 0) and found["late_publications"] == ("ok", 0)
        assert found["policies_without_interpretation"] == ("ok", 0)
        # At most three nodes 未涉及, each with its public reason.
        marked = [
            *CatalogArea.objects.descendant_of(portal).filter(not_applicable=True),
            *CatalogItem.objects.descendant_of(portal).filter(not_applicable=True),
        ]
        assert len(marked) == len(DEMO_NOT_APPLICABLE) <= 3
        assert all(node.not_applicable_reason for node in marked)
        # The newest entry is from the last days before loading, none after.
        dates = DisclosureEntry.objects.filter(portal=portal, live=True).values_list("published_on", flat=True)
        assert max(dates) <= loaded_on and (loaded_on - max(dates)).days <= 7
        # Loading again the same day adds nothing.
        count = DisclosureEntry.objects.filter(portal=portal).count()
        _, catalog, _, again = load_demo()
        assert again.created == 0 and catalog == {"areas": 0, "items": 0}
        assert DisclosureEntry.objects.filter(portal=portal).count() == count
        assert demo_rows(portal) == []

    # Left alone for two months the same site fails: home page and monthly columns.
    later = loaded_on + datetime.timedelta(days=60)
    stale = run_site_check(portal, on=later)
    assert not stale.passed
    assert {f.key for f in stale.vetoed} >= {"home_not_updated"}
    assert statuses(stale)["stale_columns"][1] > 0
    stale_names = {row["text"] for row in next(f for f in stale.findings if f.key == "stale_columns").rows}
    assert "公共文化服务 › 公共文化活动" in stale_names  # 每月

    # Loading the demo that day publishes what the town would have published since: every column is
    # current again. The demo question left open at the first load is now over 3 months old, and the
    # self-check says so (the questions are created once, never re-dated).
    with travel(later):
        _, _, _, topped_up = load_demo()
        assert topped_up.created > 0
        assert timezone.localdate() == later
        again = run_site_check(portal)
        assert {f.key for f in again.vetoed} == {"unanswered_questions"}
        assert {f.key for f in again.findings if f.status != "ok"} == {"unanswered_questions"}


def test_a_new_empty_town_fails_with_a_veto(db):
    from pages.catalog import create_portal, load_standard_catalog

    town = create_portal("empty", "空白镇政务公开", "空白镇人民政府", level="乡级", make_site_root=True)
    load_standard_catalog(town)
    result = run_site_check(town)
    assert not result.passed
    assert {f.key for f in result.vetoed} >= {"blank_columns", "home_not_updated"}
