"""网站自查 (reports.site_check): the inspection indicators, the registry, command, admin page and export (issue 16)."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail import hooks

from pages.catalog import create_portal, ensure_area, ensure_department, ensure_item
from pages.models import CatalogItem, Genre, UpdateRhythm
from pages.publishing.retract_action import RetractEntryAction
from reports.site_check import run_site_check
from reports.site_check.checks import BLANK_VETO_AT

from ..factories import make_user, published

TODAY = datetime.date(2026, 6, 15)
D = datetime.date.fromisoformat


def finding(result, key):
    return next(f for f in result.findings if f.key == key)


@pytest.fixture
def town(db):
    """A 乡级 portal with six columns: five 乡级 items, one county-only item, and an area without items."""
    town = create_portal("xiang", "某乡政务公开", "某乡人民政府", level="乡级", make_site_root=True)
    finance = ensure_department(town, "财政所", "财政")
    budget = ensure_area(town, "财政预决算", kind="basic")
    policy = ensure_area(town, "政策文件", kind="statutory")
    items = {
        "budget": ensure_item(
            budget, "部门预算", department=finance, level="县级、乡级", update_rhythm=UpdateRhythm.YEARLY
        ),
        "final": ensure_item(budget, "部门决算", department=finance, level="县级、乡级"),
        "three": ensure_item(budget, "三公经费", department=finance, level="县级、乡级"),
        "tax": ensure_item(budget, "税收政策法规", department=finance, level="县级"),  # not at 乡级
        "norms": ensure_item(policy, "行政规范性文件", department=finance, level="县级、乡级"),
        "notice": ensure_item(policy, "通知公告", department=finance, level="县级、乡级"),
        "on_request": ensure_item(policy, "依申请事项", department=finance, method="依申请"),
    }
    ensure_area(town, "机构职能", kind="statutory", department=finance)  # entries directly under the area
    return town, items


def test_a_new_empty_town_fails_with_a_veto(town):
    portal, items = town
    result = run_site_check(portal, on=TODAY)
    blank = finding(result, "blank_columns")
    names = {row["text"] for row in blank.rows}
    assert names == {
        "财政预决算 › 部门预算",
        "财政预决算 › 部门决算",
        "财政预决算 › 三公经费",
        "政策文件 › 行政规范性文件",
        "政策文件 › 通知公告",
        "机构职能",
    }  # not the county-only item, not the 依申请 one
    assert blank.count == 6 >= BLANK_VETO_AT and blank.status == "veto"
    assert finding(result, "home_not_updated").status == "veto"
    assert not result.passed and {f.key for f in result.vetoed} == {"blank_columns", "home_not_updated"}
    assert blank.rows[0]["url"].startswith("/admin/pages/")


def test_entries_and_not_applicable_clear_blank_columns(town):
    portal, items = town
    published(items["budget"], "2026年部门预算", TODAY - datetime.timedelta(days=3))
    item = items["three"]
    item.not_applicable, item.not_applicable_reason = True, "本乡无公务用车和出国（境）费用"
    item.save_revision().publish()
    result = run_site_check(portal, on=TODAY)
    blank = finding(result, "blank_columns")
    assert blank.count == 4 and blank.status == "warn"  # 4 < 5: costs points, no veto
    assert "财政预决算 › 三公经费" not in {r["text"] for r in blank.rows}
    assert finding(result, "home_not_updated").status == "ok"
    assert result.passed


def test_a_retracted_entry_leaves_its_column_blank(town, users):
    portal, items = town
    entry = published(items["final"], "2025年部门决算", TODAY - datetime.timedelta(days=3))
    assert "财政预决算 › 部门决算" not in {
        r["text"] for r in finding(run_site_check(portal, on=TODAY), "blank_columns").rows
    }
    RetractEntryAction(entry, user=users["admin"], reason="内容有误").execute()
    assert "财政预决算 › 部门决算" in {
        r["text"] for r in finding(run_site_check(portal, on=TODAY), "blank_columns").rows
    }


def test_home_page_two_weeks(town):
    portal, items = town
    published(items["budget"], "预算", TODAY - datetime.timedelta(days=14))
    assert finding(run_site_check(portal, on=TODAY), "home_not_updated").count == 0
    assert finding(run_site_check(portal, on=TODAY + datetime.timedelta(days=1)), "home_not_updated").count == 1


def test_stale_columns_by_name_and_rhythm(town):
    portal, items = town
    published(items["notice"], "通知", TODAY - datetime.timedelta(days=184))  # 通知公告: 6 months
    published(items["norms"], "规范性文件", TODAY - datetime.timedelta(days=183))  # exactly the limit: fine
    published(items["budget"], "预算", TODAY - datetime.timedelta(days=367))  # 每年: 366 days
    published(items["final"], "决算", TODAY - datetime.timedelta(days=900))  # 不定期: no limit
    stale = finding(run_site_check(portal, on=TODAY), "stale_columns")
    assert {r["text"] for r in stale.rows} == {"政策文件 › 通知公告", "财政预决算 › 部门预算"}
    assert stale.status == "warn" and stale.veto_at == 10
    assert "6个月" in next(r["detail"] for r in stale.rows if "通知公告" in r["text"])


def test_ten_stale_columns_veto(town):
    portal, items = town
    area = items["budget"].get_parent()
    for n in range(10):
        item = ensure_item(
            area,
            f"月度执行{n}",
            department=items["budget"].department,
            level="乡级",
            update_rhythm=UpdateRhythm.MONTHLY,
        )
        published(item, f"执行{n}", TODAY - datetime.timedelta(days=40))
    assert finding(run_site_check(portal, on=TODAY), "stale_columns").status == "veto"


def test_policy_without_interpretation(town):
    portal, items = town
    norms = Genre.objects.get_or_create(name="行政规范性文件")[0]
    explained = published(items["norms"], "村规民约管理办法", TODAY, genre=norms, doc_number="某乡发〔2026〕1号")
    alone = published(items["norms"], "集体资产管理办法", TODAY, genre=norms, doc_number="某乡发〔2026〕2号")
    published(items["norms"], "《村规民约管理办法》解读", TODAY, interprets=explained)
    found = finding(run_site_check(portal, on=TODAY), "policies_without_interpretation")
    assert [r["text"] for r in found.rows] == [alone.title] and found.veto_at is None


def test_late_publication_uses_the_items_time_limit(town):
    portal, items = town
    CatalogItem.objects.filter(pk=items["notice"].pk).update(time_limit_days=7)
    # 2026-06-01 (Mon) + 7 working days = 2026-06-10; +20 = 2026-06-29 (端午 2026-06-19 is a holiday).
    published(items["notice"], "晚了的通知", D("2026-06-11"), written_on=D("2026-06-01"))
    published(items["notice"], "按时的通知", D("2026-06-10"), written_on=D("2026-06-01"))
    published(items["budget"], "按时的预算", D("2026-06-11"), written_on=D("2026-06-01"))
    late = finding(run_site_check(portal, on=TODAY), "late_publications")
    assert [r["text"] for r in late.rows] == ["晚了的通知"] and "7 个工作日" in late.rows[0]["detail"]


def test_broken_links(town, users):
    portal, items = town
    target = published(items["budget"], "链接目标", TODAY)
    body = f'<p>见<a linktype="page" id="{target.pk}">预算</a>和<a linktype="document" id="999999">附件</a>。</p>'
    linking = published(items["final"], "有链接的信息", TODAY, body=body)
    rows = finding(run_site_check(portal, on=TODAY), "broken_links").rows
    assert [r["detail"] for r in rows] == ["正文链接指向的附件（编号 999999）已删除"]
    RetractEntryAction(target, user=users["admin"], reason="撤回").execute()
    rows = finding(run_site_check(portal, on=TODAY), "broken_links").rows
    assert len(rows) == 2 and all(r["text"] == linking.title for r in rows)
    assert any(f"编号 {target.pk}）已撤回" in r["detail"] for r in rows)


def test_questions_are_skipped_until_an_app_registers_them(town, monkeypatch):
    portal, _ = town
    # As on a site without the interaction app: nobody registers the indicator.
    monkeypatch.setitem(hooks._hooks, "register_site_checks", [])
    skipped = finding(run_site_check(portal, on=TODAY), "unanswered_questions")
    assert skipped.status == "skipped" and "未检查" in skipped.skipped

    def questions():
        def check(portal, on):
            return {
                "count": 2,
                "veto_at": None,
                "advice": "答复留言",
                "rows": [{"text": "问", "detail": "", "url": None}],
            }

        return [("unanswered_questions", "超过3个月未答复的留言", check)]

    with hooks.register_temporarily("register_site_checks", questions):
        found = finding(run_site_check(portal, on=TODAY), "unanswered_questions")
    assert found.status == "warn" and found.count == 2


def test_command_json(town):
    portal, _ = town
    out = io.StringIO()
    call_command("site_check", "--portal", portal.slug, "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["portal"] == "xiang" and data["passed"] is False
    assert set(data["veto"]) == {"blank_columns", "home_not_updated"}
    text = io.StringIO()
    call_command("site_check", "--portal", portal.slug, stdout=text)
    assert "[单项否决] 空白栏目" in text.getvalue() and "存在单项否决项" in text.getvalue()


@pytest.fixture
def users(town):
    portal, _ = town
    finance = portal.departments.get(name="财政所")
    return {
        "admin": make_user("admin", superuser=True),
        "editor": make_user("editor", finance.editors_group),
    }


def test_admin_page_export_and_isolation(client, town, users):
    from openpyxl import load_workbook

    portal, _ = town
    client.force_login(users["editor"])
    for name in ("reports_site_check", "reports_site_check_export"):
        response = client.get(reverse(name))  # Wagtail turns the PermissionDenied into a redirect home
        assert response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")
    assert "网站自查" not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(users["admin"])
    html = client.get(reverse("reports_site_check")).content.decode()
    assert "存在 2 个单项否决项" in html and 'class="gk-status gk-veto">单项否决' in html
    assert "财政预决算 › 部门预算" in html and "去整改" in html
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-site-check="vetoed"' in home
    response = client.get(reverse("reports_site_check_export") + f"?portal={portal.pk}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    summary = [[c.value for c in row] for row in book["自查结果"].iter_rows()]
    assert summary[0] == ["检查项", "结果", "问题数", "否决线", "下一步怎么做"]
    assert summary[1][:4] == [finding(run_site_check(portal), "blank_columns").title, "单项否决", 6, 5]
    details = [[c.value for c in row] for row in book["问题清单"].iter_rows()]
    assert any(row[1] == "机构职能" and row[3].startswith("http") for row in details)
    assert client.get(reverse("reports_site_check") + "?portal=999999").status_code == 404


def test_one_run_reads_the_columns_and_their_latest_entries_once(town):
    """blank_columns and stale_columns share one read of each (the dashboard runs every check)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    portal, _ = town
    with CaptureQueriesContext(connection) as captured:
        result = run_site_check(portal, on=TODAY)
    grouped = [q["sql"] for q in captured.captured_queries if 'AS "parent", MAX(' in q["sql"]]
    assert len(grouped) == 1
    assert finding(result, "blank_columns").count == finding(run_site_check(portal, on=TODAY), "blank_columns").count
