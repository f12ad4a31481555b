"""Catalog services: portals, departments, the standard catalog."""

import json
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction
from wagtail.models import Page, Site

from .models import CatalogArea, CatalogItem, Department, DisclosurePortal, applies_at

STANDARD_CATALOG_FILE = Path(__file__).resolve().parent / "data" / "standard_catalog.json"
# 条例 Art. 20/21 sections beside the standard areas (重大行政决策, 行政执法公示, the town's Art. 21 list …).
STATUTORY_SECTIONS_FILE = Path(__file__).resolve().parent / "data" / "statutory_sections.json"


def resolve_portal(slug=None):
    """The portal named by ``slug``, or the only one. Errors are in Chinese."""
    portals = DisclosurePortal.objects.all()
    if slug:
        portal = portals.filter(slug=slug).first()
        if portal is None:
            known = "、".join(portals.values_list("slug", flat=True)) or "（无）"
            raise CommandError(f"找不到门户「{slug}」。已有门户：{known}")
        return portal
    count = portals.count()
    if count == 1:
        return portals.get()
    if count == 0:
        raise CommandError("尚未创建任何政务公开门户，请先运行 create_portal 或 load_demo")
    raise CommandError("存在多个门户，请用 --portal 指定：" + "、".join(portals.values_list("slug", flat=True)))


@transaction.atomic
def create_portal(slug, title, body_name, org_code="", make_site_root=False, hostname="localhost", port=80, level=""):
    """Create (or return) the portal ``slug`` directly under the tree root."""
    portal = DisclosurePortal.objects.filter(slug=slug).first()
    if portal is None:
        root = Page.get_first_root_node() or Page.add_root(title="全部门户", slug="root", live=True)
        portal = root.add_child(
            instance=DisclosurePortal(title=title, slug=slug, body_name=body_name, org_code=org_code, level=level)
        )
        portal.save_revision(log_action=False).publish(log_action=False)
    if make_site_root:
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname=hostname, port=port, root_page=portal, is_default_site=True, site_name=body_name
            )
        elif site.root_page_id != portal.pk:
            site.root_page = portal
            site.site_name = body_name
            site.save()
        remove_wagtail_welcome_page()
    return portal


def remove_wagtail_welcome_page():
    """Wagtail's first migration creates "Welcome to your new Wagtail site!" as the default site's
    root; once a portal serves the site, that English placeholder only clutters the admin. It goes
    without a history entry (it never held content), so the site history does not name it either."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import AbstractPage

    welcome = Page.objects.filter(
        depth=2,
        slug="home",
        title="Welcome to your new Wagtail site!",
        numchild=0,
        content_type=ContentType.objects.get_for_model(Page),
    ).first()
    if welcome is not None and not Site.objects.filter(root_page=welcome).exists():
        super(AbstractPage, welcome).delete()  # as DeletePageAction does, without its history entry


def ensure_department(portal, name, short_name="", org_code=""):
    department = Department.objects.filter(portal=portal, name=name).first()
    if department is None:
        department = Department.objects.create(portal=portal, name=name, short_name=short_name, org_code=org_code)
    return department


def find_department(portal, name):
    name = (name or "").strip()
    return (
        Department.objects.filter(portal=portal, name=name).first()
        or Department.objects.filter(portal=portal, short_name=name).first()
    )


def child_by_title(parent, model, title):
    return model.objects.child_of(parent).filter(title=title).first()


def _publish_new(parent, instance):
    page = parent.add_child(instance=instance)
    page.save_revision(log_action=False).publish(log_action=False)
    return page


def ensure_area(portal, name, kind="custom", department=None):
    area = child_by_title(portal, CatalogArea, name)
    if area is None:
        area = _publish_new(portal, CatalogArea(title=name, kind=kind, department=department))
    return area


def ensure_item(area, name, department=None, **fields):
    item = child_by_title(area, CatalogItem, name)
    if item is None:
        item = _publish_new(area, CatalogItem(title=name, department=department, **fields))
    return item


ITEM_FIELDS = {
    "level1": "level1_name",
    "content_elements": "content_elements",
    "basis": "basis",
    "time_limit_days": "time_limit_days",
    "time_limit_text": "time_limit_text",
    "subject": "subject",
    "audience": "audience",
    "method": "method",
    "update_rhythm": "update_rhythm",
}


def load_catalog_data(path=STANDARD_CATALOG_FILE):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def full_catalog_data():
    """The standard catalog followed by the statutory sections of 条例 Art. 20/21."""
    standard, sections = load_catalog_data(), load_catalog_data(STATUTORY_SECTIONS_FILE)
    return {**standard, "areas": standard["areas"] + sections["areas"]}


def areas_at_level(data, level):
    """``data``'s areas with only the items that apply at ``level``; areas left without items are dropped."""
    areas = []
    for area_data in data["areas"]:
        items = [i for i in area_data.get("items", []) if applies_at(i.get("level") or ["乡级"], level)]
        if items or not area_data.get("items"):
            areas.append({**area_data, "items": items})
    return areas


@transaction.atomic
def load_standard_catalog(portal, data=None, assign_departments=True, progress=None):
    """Create the standard areas and items that apply at the portal's 行政层级 under ``portal``;
    idempotent (a portal without a level gets every item, as before levels existed).

    Matching is by title under the parent, so re-running never duplicates and
    never overwrites what the office has edited since.
    """
    data = data or full_catalog_data()
    created_areas = created_items = 0
    for area_data in areas_at_level(data, portal.level):
        area = child_by_title(portal, CatalogArea, area_data["name"])
        if area is None:
            area = _publish_new(portal, CatalogArea(title=area_data["name"], kind=area_data.get("kind", "basic")))
            created_areas += 1
        for item_data in area_data.get("items", []):
            if child_by_title(area, CatalogItem, item_data["name"]) is not None:
                continue
            fields = {model_field: item_data[key] for key, model_field in ITEM_FIELDS.items() if key in item_data}
            fields["channels"] = "、".join(item_data.get("channels", [])) or "政府网站"
            fields["level"] = "、".join(item_data.get("level", [])) or "乡级"
            department = None
            if assign_departments and item_data.get("suggested_department"):
                department = find_department(portal, item_data["suggested_department"])
            _publish_new(area, CatalogItem(title=item_data["name"], department=department, **fields))
            created_items += 1
        if progress:
            progress(area_data["name"])
    return {"areas": created_areas, "items": created_items}


@transaction.atomic
def fit_catalog_to_level(portal, level, data=None):
    """Re-fit an existing portal to 行政层级 ``level``: standard items (and then standard areas) that do
    not apply there and hold nothing are removed, those that hold entries are kept and reported,
    and the items of the level that are missing are added. The office's own nodes are never touched.

    Returns ``{"removed_items", "removed_areas", "kept": [(area, item, entry count)], "areas", "items"}``.
    """
    data = data or full_catalog_data()
    if portal.level != level:
        portal.level = level
        portal.save_revision(log_action=False).publish(log_action=False)
    removed_items = removed_areas = 0
    kept = []
    for area_data in data["areas"]:
        area = child_by_title(portal, CatalogArea, area_data["name"])
        if area is None:
            continue
        for item_data in area_data.get("items", []):
            if applies_at(item_data.get("level") or ["乡级"], level):
                continue
            item = child_by_title(area, CatalogItem, item_data["name"])
            if item is None:
                continue
            if item.numchild:
                kept.append((area.title, item.title, item.numchild))
            else:
                item.delete()
                removed_items += 1
        area.refresh_from_db()
        if area.numchild == 0 and not areas_at_level({"areas": [area_data]}, level):
            area.delete()
            removed_areas += 1
    stats = load_standard_catalog(portal, data=data)
    return {"removed_items": removed_items, "removed_areas": removed_areas, "kept": kept, **stats}
