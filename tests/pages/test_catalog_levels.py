"""The catalog by 行政层级, the statutory sections of 条例 Art. 20/21, and 未涉及 (issue 16)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from pages.catalog import (
    STANDARD_CATALOG_FILE,
    STATUTORY_SECTIONS_FILE,
    create_portal,
    ensure_department,
    fit_catalog_to_level,
    load_standard_catalog,
)
from pages.models import CatalogArea, CatalogItem, DisclosureEntry, applies_at
from pages.publishing.pipeline import publish_entry

from ..factories import new_entry

DEVNULL = open("/dev/null", "w")  # noqa: SIM115


def standard_items():
    data = json.loads(STANDARD_CATALOG_FILE.read_text(encoding="utf-8"))
    return [(a["name"], i["name"], i["level"]) for a in data["areas"] for i in a["items"]]


def section_items():
    data = json.loads(STATUTORY_SECTIONS_FILE.read_text(encoding="utf-8"))
    return [(a["name"], i["name"], i["level"]) for a in data["areas"] for i in a["items"]]


@pytest.fixture
def town(db):
    town = create_portal("xiang", "某乡政务公开", "某乡人民政府", level="乡级")
    ensure_department(town, "财政所", "财政")
    return town


def titles(portal):
    return {(i.get_parent().title, i.title) for i in CatalogItem.objects.descendant_of(portal)}


def test_applies_at():
    assert applies_at("县级、乡级", "乡级") and applies_at(["县级"], "县级")
    assert not applies_at("县级", "乡级") and not applies_at(["乡级"], "县级")
    assert applies_at("县级", "")  # a portal without a level takes every item


def test_the_standard_catalog_has_51_county_only_items():
    assert sum(1 for _, _, level in standard_items() if level == ["县级"]) == 51


def test_a_town_loads_only_its_level_and_the_statutory_sections(town):
    stats = load_standard_catalog(town)
    loaded = titles(town)
    expected = {(a, i) for a, i, level in standard_items() + section_items() if "乡级" in level}
    assert loaded == expected and stats["items"] == len(expected)
    assert ("税收管理", "税务登记") not in loaded
    assert not CatalogArea.objects.child_of(town).filter(title="税收管理").exists()  # all 6 items county-only
    for area, item in [
        ("农田水利工程", "农田水利工程建设运营情况"),
        ("筹资筹劳", "筹资筹劳情况"),
        ("重大行政决策", "决策事项目录"),
    ]:
        assert (area, item) in loaded
    assert CatalogArea.objects.get(title="行政执法公示", path__startswith=town.path).kind == "statutory"
    assert load_standard_catalog(town) == {"areas": 0, "items": 0}  # idempotent


def test_a_county_loads_no_town_only_item(db):
    county = create_portal("xian", "某县政务公开", "某县人民政府", level="县级")
    load_standard_catalog(county)
    loaded = titles(county)
    assert ("城乡规划", "乡规划和村庄规划") not in loaded  # the one 乡级-only standard item
    assert not CatalogArea.objects.child_of(county).filter(title="农田水利工程").exists()  # Art. 21: towns
    assert ("税收管理", "税收政策法规") in loaded and ("重大行政决策", "决策结果") in loaded


def test_refit_an_existing_portal_keeps_entries(portal, catalog):
    """A portal set up before levels (level empty) has every item; re-fitted to 乡级 it loses the
    empty county-only items and areas, keeps the one holding an entry, and keeps the entry."""
    load_standard_catalog(portal)
    assert len(titles(portal)) == len(standard_items()) + len(section_items())  # unchanged behaviour
    tax = CatalogItem.objects.descendant_of(portal).get(title="办税服务")
    tax.department = catalog["finance"]
    tax.save()
    entry = new_entry(tax, title="办税服务厅迁址公告")
    assert publish_entry(entry).passed

    stats = fit_catalog_to_level(portal, "乡级")

    portal.refresh_from_db()
    assert portal.level == "乡级"
    assert stats["removed_items"] == 50 and stats["kept"] == [("税收管理", "办税服务", 1)]
    assert DisclosureEntry.objects.get(pk=entry.pk).live  # nothing lost
    town_level = {(a, i) for a, i, level in standard_items() + section_items() if "乡级" in level}
    assert titles(portal) == town_level | {("税收管理", "办税服务")}
    assert (
        not CatalogArea.objects.child_of(portal)
        .filter(title="食品药品监管")
        .first()
        .get_children()
        .filter(title="监督抽检")
    )
    again = fit_catalog_to_level(portal, "乡级")
    assert (again["removed_items"], again["removed_areas"], again["items"]) == (0, 0, 0)


def test_create_and_refit_commands(db):
    call_command(
        "create_portal", "zhen", "--title", "某镇", "--body-name", "某镇人民政府", "--level", "乡级", stdout=DEVNULL
    )
    call_command("load_standard_catalog", "--portal", "zhen", stdout=DEVNULL)
    assert not CatalogArea.objects.filter(title="税收管理").exists()
    assert CatalogArea.objects.filter(title="筹资筹劳").exists()
    call_command("fit_catalog_level", "--portal", "zhen", "--level", "县级", stdout=DEVNULL)
    assert not CatalogArea.objects.filter(title="筹资筹劳").exists()  # Art. 21 is for towns
    assert CatalogArea.objects.filter(title="税收管理").exists()


def test_not_applicable_needs_a_reason(portal, catalog):
    item = catalog["budget"]
    item.not_applicable = True
    with pytest.raises(ValidationError, match="须说明理由"):
        item.full_clean()
    item.not_applicable_reason = "本镇无此项工作"
    item.full_clean()
    area = item.get_parent().specific
    area.not_applicable, area.not_applicable_reason = True, "  "
    with pytest.raises(ValidationError):
        area.full_clean()
