import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from cms.demo import load_demo
from pages.catalog import STANDARD_CATALOG_FILE
from pages.models import (
    CatalogArea,
    CatalogItem,
    DisclosureEntry,
    DisclosurePortal,
    Validity,
)
from pages.publishing.pipeline import publish_entry

from ..factories import new_entry

BASIC_AREAS = [
    "城乡规划",
    "重大建设项目",
    "公共资源交易",
    "财政预决算",
    "安全生产",
    "税收管理",
    "征地补偿",
    "国有土地上房屋征收与补偿",
    "农村危房改造",
    "生态环境",
    "公共文化服务",
    "公共法律服务",
    "扶贫",
    "救灾",
    "食品药品监管",
    "城市综合执法",
    "就业",
    "社会保险",
    "社会救助",
    "养老服务",
    "户籍管理",
    "涉农补贴",
    "义务教育",
    "卫生健康",
    "市政服务",
    "保障性住房",
]
STATUTORY = ["机构职能", "政策文件", "规划计划", "财政信息", "政府信息公开指南", "政府信息公开制度", "政府信息公开年报"]


def test_standard_catalog_file_matches_the_domain():
    data = json.loads(STANDARD_CATALOG_FILE.read_text(encoding="utf-8"))
    assert [a["name"] for a in data["areas"] if a["kind"] == "basic"] == BASIC_AREAS
    assert [a["name"] for a in data["areas"] if a["kind"] == "statutory"] == STATUTORY
    for area in data["areas"]:
        assert area["items"], area["name"]
        for item in area["items"]:
            assert item["audience"] in ("全社会", "特定群体") and item["method"] in ("主动", "依申请")
            assert isinstance(item["time_limit_days"], int) and item["time_limit_days"] > 0


def test_load_standard_catalog_is_idempotent(portal):
    call_command("load_standard_catalog", "--portal", portal.slug, stdout=open("/dev/null", "w"))
    areas = CatalogArea.objects.child_of(portal)
    assert areas.count() == 33 + 12  # and the 12 sections of 条例 Art. 20/21
    items = CatalogItem.objects.descendant_of(portal).count()
    assert items >= 33 * 2
    call_command("load_standard_catalog", stdout=open("/dev/null", "w"))
    assert CatalogArea.objects.child_of(portal).count() == 33 + 12
    assert CatalogItem.objects.descendant_of(portal).count() == items
    dibao = CatalogItem.objects.get(title="最低生活保障")
    assert dibao.department.name == "民政办"  # suggested department exists in this portal
    assert dibao.time_limit_days == 20 and dibao.basis


def test_unknown_portal_is_a_clear_error(portal):
    with pytest.raises(CommandError, match="找不到门户"):
        call_command("load_standard_catalog", "--portal", "nope")


def test_page_type_rules(db):
    assert DisclosureEntry.can_create_at(CatalogItem()) and DisclosureEntry.can_create_at(CatalogArea())
    assert not DisclosureEntry.can_create_at(DisclosurePortal())
    assert not CatalogItem.can_create_at(DisclosurePortal())
    assert CatalogArea.allowed_parent_page_models() == [DisclosurePortal]
    assert DisclosureEntry.allowed_subpage_models() == []


def test_entry_directly_under_area_only_when_area_has_no_items(catalog, portal):
    from pages.catalog import ensure_area

    area = catalog["budget"].get_parent().specific
    entry = DisclosureEntry(title="直接挂在领域下", body="<p>x</p>", path=area.path + "ZZZZ", depth=area.depth + 1)
    with pytest.raises(ValidationError, match="设有事项"):
        entry.clean()
    bare = ensure_area(portal, "无事项领域", department=catalog["finance"])
    DisclosureEntry(title="可以", body="<p>x</p>", path=bare.path + "ZZZZ", depth=bare.depth + 1).clean()


def test_area_department_must_agree_with_items(catalog):
    area = catalog["budget"].get_parent().specific
    area.department = catalog["civil"]
    with pytest.raises(ValidationError):
        area.full_clean()


def test_entry_validation_messages(catalog):
    entry = new_entry(catalog["budget"])
    entry.validity = Validity.REPEALED
    entry.written_on = datetime.date(2025, 4, 1)
    with pytest.raises(ValidationError) as exc:
        entry.full_clean()
    assert "失效/废止日期" in str(exc.value) and "成文日期" in str(exc.value)


def test_public_pages_show_only_published_entries(client, catalog):
    live = new_entry(catalog["budget"], title="已发布的预算", doc_number="测财〔2025〕3号")
    publish_entry(live)
    draft = new_entry(catalog["budget"], title="尚未发布的草稿")
    live.refresh_from_db()
    page = client.get(live.url)
    assert page.status_code == 200
    html = page.content.decode()
    for text in (live.index_number, "测财〔2025〕3号", "财政所", "2025-03-01", "结果公开"):
        assert text in html
    assert client.get(draft.url).status_code == 404
    listing = client.get(catalog["budget"].url).content.decode()
    assert "已发布的预算" in listing and "尚未发布的草稿" not in listing


def test_demo_content(db):
    portal, catalog, users, report = load_demo()
    assert report.ok and report.created >= 50
    entries = DisclosureEntry.objects.filter(portal=portal)
    assert entries.count() >= 50
    assert set(entries.values_list("five_public__name", flat=True)) == {
        "决策公开",
        "执行公开",
        "管理公开",
        "服务公开",
        "结果公开",
    }
    assert entries.filter(validity=Validity.LAPSED, live=True).exists()
    assert entries.filter(validity=Validity.REPEALED, live=True).exists()
    secret = entries.get(classification="秘密")
    assert not secret.live and secret.index_number is None
    interpretation = entries.exclude(interprets=None).first()
    assert interpretation.live and interpretation.interprets.live
    assert {u[0] for u in users} >= {"admin", "leader", "caizheng_editor", "minzheng_reviewer"}
    # Both sides of the 解读 link are shown.
    from django.test import Client

    client = Client()
    assert interpretation.interprets.title in client.get(interpretation.url).content.decode()
    assert interpretation.title in client.get(interpretation.interprets.url).content.decode()
    # Every public page links the request form and where the annual reports are published.
    home = client.get(portal.url).content.decode()
    report_item = portal.annual_report_item()
    assert report_item is not None and report_item.get_parent().title == "政府信息公开年报"
    assert f'href="{report_item.url}">政府信息公开年报</a>' in home
    assert f'href="/yishenqing/{portal.slug}/">依申请公开</a>' in home
    # Running it again changes nothing structural.
    _, catalog_again, _, report_again = load_demo()
    assert catalog_again == {"areas": 0, "items": 0} and report_again.created == 0
    assert DisclosureEntry.objects.filter(portal=portal).count() == entries.count()
    # Demo disclosure requests: answered ones fill table (三), open ones feed the dashboard; once.
    from disclosure_requests.demo import DEMO_REQUESTS
    from disclosure_requests.models import DisclosureRequest

    requests = DisclosureRequest.objects.filter(portal=portal)
    assert requests.count() == len(DEMO_REQUESTS)
    assert requests.exclude(answer_type="").count() == sum(1 for r in DEMO_REQUESTS if r[1] is not None)
    assert requests.filter(answer_type="", department=None).count() == 1
