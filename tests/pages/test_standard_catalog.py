"""The public 标准目录 (issue 16): one table with every element column, its .xlsx, and the revision
history; only live, public nodes and their published values."""

import datetime
import io
import re

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import PageViewRestriction

from pages.catalog import ensure_area, ensure_item
from pages.models import CatalogItem
from pages.standard_catalog import COLUMNS


@pytest.fixture
def town_catalog(portal, catalog):
    budget = catalog["budget"]
    budget.content_elements = "部门预算报表和说明"
    budget.basis = "《中华人民共和国预算法》"
    budget.time_limit_text = "批复后20日内"
    budget.update_rhythm = "每年"
    budget.save_revision().publish()
    dibao = catalog["dibao"]
    dibao.not_applicable, dibao.not_applicable_reason = True, "由县民政局统一公开"
    dibao.save_revision().publish()
    draft = ensure_area(portal, "草稿领域", kind="basic")
    ensure_item(draft, "草稿领域的事项")
    draft.unpublish()
    restricted = ensure_area(portal, "受限领域", kind="basic")
    ensure_item(restricted, "受限事项")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    ensure_area(portal, "机构职能", kind="statutory")  # an area without items is one row
    formula = ensure_item(budget.get_parent().specific, "=HYPERLINK(1)")
    # Added ten days ago; today's edit (published) and a later draft edit.
    CatalogItem.objects.filter(pk=formula.pk).update(first_published_at=timezone.now() - datetime.timedelta(days=10))
    formula = CatalogItem.objects.get(pk=formula.pk)
    formula.basis = "修订后的依据"
    formula.save_revision().publish()
    formula = CatalogItem.objects.get(pk=formula.pk)
    formula.basis = "草稿中的依据（未发布）"
    formula.save_revision()
    return catalog


def test_the_public_table_has_every_column_and_only_public_nodes(portal, town_catalog):
    html = Client().get(portal.standard_catalog_url()).content.decode()
    headers = re.findall(r'<th scope="col">([^<]+)</th>', html.split('id="standard-catalog"')[1].split("</thead>")[0])
    assert headers == COLUMNS
    body = html.split('id="standard-catalog"')[1].split("</table>")[0]
    rows = [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]]
    assert all(len(row) == len(COLUMNS) for row in rows)
    by_item = {row[3]: row for row in rows if row[3]}
    assert set(by_item) == {"部门预算", "=HYPERLINK(1)", "最低生活保障"}
    assert [row[1] for row in rows if not row[3]] == ["机构职能"]
    budget = by_item["部门预算"]
    assert budget[1:7] == [
        "财政预决算",
        "",
        "部门预算",
        "部门预算报表和说明",
        "《中华人民共和国预算法》",
        "批复后20日内",
    ]
    assert budget[7] == "财政所" and budget[12] == "每年" and budget[13] == ""
    assert by_item["最低生活保障"][13] == "未涉及：由县民政局统一公开"
    assert by_item["=HYPERLINK(1)"][5] == "修订后的依据"  # the published value, not the draft
    for hidden in ("草稿", "受限"):
        assert hidden not in html
    history = html.split('id="catalog-history"')[1]
    assert re.search(r"<td>财政预决算</td><td>=HYPERLINK\(1\)</td><td>修订</td>", history)
    ten_days_ago = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    assert f"<td>{ten_days_ago}</td><td>财政预决算</td><td>=HYPERLINK(1)</td><td>新增</td>" in history
    # Linked from the 政府信息公开 column and the site map.
    for url in (portal.column_url(), portal.site_map_url()):
        assert portal.standard_catalog_url() in Client().get(url).content.decode()


def test_the_xlsx_holds_the_same_table_and_the_history(portal, town_catalog):
    response = Client().get(portal.standard_catalog_xlsx_url())
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["标准目录", "修订记录"]
    rows = list(workbook["标准目录"].iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert all(len(row) == len(COLUMNS) for row in rows)
    titles = {row[3] for row in rows[1:] if row[3]}
    assert titles == {"部门预算", "=HYPERLINK(1)", "最低生活保障"}
    cell = next(c for c in workbook["标准目录"]["D"] if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s"  # a title is text, never a formula
    changes = {(row[2], row[3]) for row in workbook["修订记录"].iter_rows(min_row=2, values_only=True)}
    assert ("=HYPERLINK(1)", "修订") in changes and ("部门预算", "新增") in changes
    assert not any("草稿" in str(v) or "受限" in str(v) for row in rows for v in row)


def test_the_history_dates_a_change_by_the_day_in_china():
    """A change made at 02:00 in Beijing (18:00 UTC the day before) is dated that Beijing day."""
    from pages.standard_catalog import _day

    at_two_in_beijing = datetime.datetime(2026, 11, 30, 18, 0, tzinfo=datetime.timezone.utc)
    assert _day(at_two_in_beijing) == "2026-12-01"
    assert _day(None) == ""
