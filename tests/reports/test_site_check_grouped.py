"""网站自查 over several portals at once (``run_site_checks``, issue 16's county bench): the reads are
grouped over the portals, and every portal's findings are the ones its own run gives."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interaction import services as interaction
from pages.catalog import create_portal, ensure_area, ensure_department, ensure_item
from pages.models import CatalogItem, Genre, UpdateRhythm
from reports.dashboard import latest_under
from reports.site_check import run_site_check, run_site_checks

from ..factories import ASKER, published, travel

TODAY = datetime.date(2026, 6, 15)
D = datetime.date.fromisoformat


def ago(days):
    return TODAY - datetime.timedelta(days=days)


def town(slug, title):
    """A 乡级 portal: three budget items, a 政策文件 area with two items, an area without items."""
    portal = create_portal(slug, title, f"{title}人民政府", level="乡级")
    finance = ensure_department(portal, "财政所", "财政")
    budget = ensure_area(portal, "财政预决算", kind="basic")
    policy = ensure_area(portal, "政策文件", kind="statutory")
    items = {
        "budget": ensure_item(budget, "部门预算", department=finance, level="乡级", update_rhythm=UpdateRhythm.YEARLY),
        "final": ensure_item(budget, "部门决算", department=finance, level="乡级"),
        "three": ensure_item(budget, "三公经费", department=finance, level="乡级"),
        "norms": ensure_item(policy, "行政规范性文件", department=finance, level="乡级"),
        "notice": ensure_item(policy, "通知公告", department=finance, level="乡级"),
    }
    ensure_area(portal, "机构职能", kind="statutory", department=finance)
    return portal, items


@pytest.fixture
def towns(db):
    """Three towns with different findings: blank, stale, late, unexplained policies, questions."""
    a, a_items = town("xiang-a", "甲乡")
    b, b_items = town("xiang-b", "乙乡")
    c, _ = town("xiang-c", "丙乡")  # nothing published: six blank columns and a stale home page
    norms = Genre.objects.get_or_create(name="行政规范性文件")[0]
    # 甲乡: a current budget, a stale notice (the newer entry was written first: the latest is the
    # newest 发布日期, not the last entry by tree position), a policy without 解读, a late entry.
    published(a_items["budget"], "甲乡预算", ago(3))
    published(a_items["notice"], "甲乡较新的通知", ago(190))
    published(a_items["notice"], "甲乡较早的通知", ago(400))
    published(a_items["norms"], "甲乡管理办法", ago(10), genre=norms, doc_number="甲乡发〔2026〕1号")
    CatalogItem.objects.filter(pk=a_items["final"].pk).update(time_limit_days=7)
    published(a_items["final"], "甲乡晚了的决算", D("2026-06-11"), written_on=D("2026-06-01"))
    # 乙乡: its newer notice was added first, an old one after it (the last by tree position is
    # the old one: still current); a policy with its 解读; a broken link; an unanswered question.
    published(b_items["notice"], "乙乡新通知", ago(20))
    published(b_items["notice"], "乙乡旧通知", ago(300))
    explained = published(b_items["norms"], "乙乡管理办法", ago(30), genre=norms)
    published(b_items["norms"], "《乙乡管理办法》解读", ago(30), interprets=explained)
    for key in ("budget", "three"):
        published(b_items[key], f"乙乡{key}", ago(5))
    body = '<p>见<a linktype="document" id="999999">附件</a>。</p>'
    published(b_items["final"], "乙乡有断链的决算", ago(5), body=body)
    with travel("2026-01-05"):
        interaction.submit_question(b, dict(ASKER, subject="乙乡的留言"))
    return a, b, c


def summary(result):
    return {f.key: (f.count, [r["text"] for r in f.rows]) for f in result.findings}


def test_the_grouped_run_gives_each_portal_its_own_findings(towns):
    a, b, c = towns
    grouped = run_site_checks([a, b, c], on=TODAY)
    alone = [run_site_check(portal, on=TODAY) for portal in (a, b, c)]
    assert [r.portal for r in grouped] == [a, b, c]
    assert [r.as_dict() for r in grouped] == [r.as_dict() for r in alone]

    first, second, third = (summary(r) for r in grouped)
    assert first == {
        "blank_columns": (2, ["财政预决算 › 三公经费", "机构职能"]),
        "stale_columns": (1, ["政策文件 › 通知公告"]),
        "home_not_updated": (0, []),
        "broken_links": (0, []),
        "late_publications": (1, ["甲乡晚了的决算"]),
        "policies_without_interpretation": (1, ["甲乡管理办法"]),
        "unanswered_questions": (0, []),
    }
    stale = next(f for f in grouped[0].findings if f.key == "stale_columns")
    assert stale.rows[0]["detail"].startswith(f"最近发布 {ago(190).isoformat()}，已 190 天")
    assert second == {
        "blank_columns": (1, ["机构职能"]),
        "stale_columns": (0, []),  # the newest notice counts, whatever order the entries came in
        "home_not_updated": (0, []),
        "broken_links": (1, ["乙乡有断链的决算"]),
        "late_publications": (0, []),
        "policies_without_interpretation": (0, []),
        "unanswered_questions": (1, ["乙乡的留言"]),
    }
    assert third["blank_columns"][0] == 6 and third["home_not_updated"][0] == 1
    assert [r.passed for r in grouped] == [True, False, False]


def test_a_run_over_three_portals_makes_the_queries_of_one(towns):
    a, b, c = towns
    with CaptureQueriesContext(connection) as one:
        run_site_checks([b], on=TODAY)
    with CaptureQueriesContext(connection) as three:
        run_site_checks([a, b, c], on=TODAY)
    assert len(three.captured_queries) == len(one.captured_queries) <= 15


def test_the_latest_entry_of_a_column_is_the_newest(towns):
    from reports.site_check.checks import latest_by_column

    _, b, _ = towns
    notice = CatalogItem.objects.descendant_of(b).get(title="通知公告")
    assert latest_by_column(b)[notice.path] == (ago(20), 2)
    assert latest_under([notice.path]) == {notice.path: ago(20)}  # the dashboard's 时效提醒


def test_the_command_checks_every_portal_in_one_run(towns):
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    with travel(TODAY.isoformat()):
        call_command("site_check", "--all", "--json", stdout=out)
    data = {found["portal"]: found for found in json.loads(out.getvalue())}
    assert {"xiang-a", "xiang-b", "xiang-c"} <= set(data)
    assert data["xiang-a"]["passed"] is True
    assert set(data["xiang-b"]["veto"]) == {"unanswered_questions"}
    assert set(data["xiang-c"]["veto"]) == {"blank_columns", "home_not_updated"}
    text = io.StringIO()
    call_command("site_check", "--all", stdout=text)
    assert "「甲乡」网站自查" in text.getvalue() and "「丙乡」网站自查" in text.getvalue()


def test_under_is_exactly_the_pages_below_the_portals(db):
    """``reads.under``, whole subtrees and single levels: exactly the pages below the portals."""
    from wagtail.models import Page

    from reports.site_check.reads import under

    first, _ = town("first", "甲镇")
    second, _ = town("second", "乙镇")
    third, _ = town("third", "丙镇")
    for portals in ([first], [second, third], [first, second, third]):
        expected = set()
        for portal in portals:
            expected |= set(Page.objects.descendant_of(portal).values_list("pk", flat=True))
        assert expected and set(Page.objects.filter(under(portals)).values_list("pk", flat=True)) == expected
        areas = {pk for portal in portals for pk in portal.get_children().values_list("pk", flat=True)}
        assert areas and set(Page.objects.filter(under(portals, levels=1)).values_list("pk", flat=True)) == areas
