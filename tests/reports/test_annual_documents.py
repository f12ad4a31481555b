"""Table (二) 规章 / 行政规范性文件 (issue 16): the 政策文件 rule of pages, only what the body itself
issued, no 规章 for a 乡镇, the demo's 2025 row, and the report page listing what was counted."""

import datetime

from django.urls import reverse

from cms.demo import load_demo
from pages.catalog import ensure_area, ensure_item
from pages.models import DisclosureEntry, Genre
from pages.publishing.pipeline import publish_entry
from reports import annual

from ..factories import make_user, new_entry, travel

D = datetime.date.fromisoformat


def _published(parent, title, genre, written_on, **fields):
    entry = new_entry(
        parent,
        title=title,
        genre=Genre.objects.get_or_create(name=genre)[0],
        written_on=D(written_on),
        published_on=D(written_on),
        **fields,
    )
    assert publish_entry(entry).passed
    return DisclosureEntry.objects.get(pk=entry.pk)


def _policy_items(portal):
    civil = portal.departments.get(name="民政办")
    area = ensure_area(portal, "政策文件", kind="basic")
    return {
        "norms": ensure_item(area, "行政规范性文件", department=civil),
        "other": ensure_item(area, "其他政策文件", department=civil),
        "readings": ensure_item(area, "政策解读", department=civil),
    }


def test_only_the_bodys_own_normative_documents_filed_as_such_are_counted(catalog, portal):
    items = _policy_items(portal)
    own = _published(items["norms"], "临时救助实施办法", "办法", "2025-02-10")
    by_department = _published(items["norms"], "养老补贴办法", "办法", "2025-04-01", publisher="民政办")
    _published(items["norms"], "转发县政府规范性文件", "通知", "2025-05-01", publisher="某县人民政府")
    _published(items["other"], "优化营商环境实施意见", "意见", "2025-06-01")
    _published(items["readings"], "临时救助实施办法解读", "解读", "2025-02-12", interprets=own)
    _published(catalog["budget"], "预算说明（不是政策文件）", "行政规范性文件", "2025-03-01")

    counted = annual.counted_entries(portal, 2025, "行政规范性文件")
    assert counted["本年制发件数"] == [own, by_department]
    assert annual.build_annual_report(portal, 2025)["table2"]["行政规范性文件"] == {
        "本年制发件数": 2,
        "本年废止件数": 0,
        "现行有效件数": 2,
    }


def test_a_town_issues_no_rules(catalog, portal):
    items = _policy_items(portal)
    _published(items["other"], "某规章", "规章", "2025-03-01")
    assert annual.build_annual_report(portal, 2025)["table2"]["规章"]["本年制发件数"] == 1
    portal.level = "乡级"
    portal.save()
    assert annual.build_annual_report(portal, 2025)["table2"]["规章"] == {
        "本年制发件数": 0,
        "本年废止件数": 0,
        "现行有效件数": 0,
    }


def test_the_demo_2025_row_and_the_report_page_lists_what_was_counted(db, client):
    with travel(datetime.date(2027, 3, 2)):
        portal, _, _, _ = load_demo()
        row = annual.build_annual_report(portal, 2025)["table2"]["行政规范性文件"]
        assert row == {"本年制发件数": 1, "本年废止件数": 2, "现行有效件数": 2}
        client.force_login(make_user("office", superuser=True))
        page = client.get(reverse("annual_report_detail", args=[portal.pk, 2025])).content.decode()
    counted = annual.counted_entries(portal, 2025, "行政规范性文件")
    assert [e.doc_number for e in counted["本年废止件数"]] == ["清政发〔2023〕6号", "清政发〔2023〕9号"]
    assert "表二中计入的政策文件" in page
    for entries in counted.values():
        for entry in entries:
            assert entry.title in page
