"""The portal home page as a government site lays it out: latest entries, 政策文件 with their
解读, one block per catalog area that has public entries, the 政府信息公开 column."""

from django.db.models import Prefetch

from .catalog_counts import area_counts
from .models import CatalogArea, public_entries

LATEST = 8
PER_AREA = 3
POLICIES = 6


def _newest(queryset):
    return queryset.order_by("-published_on", "-pk")


def area_blocks(portal, statutory=False):
    """Each live area (or statutory section) with public entries: its count and its newest entries."""
    counts = area_counts(portal)
    areas = CatalogArea.objects.child_of(portal).live().public().order_by("path")
    areas = areas.filter(kind="statutory") if statutory else areas.exclude(kind="statutory")
    blocks = []
    for area in areas:
        if counts.get(area.pk):
            latest = _newest(public_entries().filter(path__startswith=area.path))[:PER_AREA]
            blocks.append({"area": area, "count": counts[area.pk], "latest": list(latest)})
    return blocks


def policies(portal):
    """The newest 政策文件, each with its public 解读 (``public_interpretations``)."""
    interpretations = Prefetch("interpretations", queryset=_newest(public_entries()), to_attr="public_interpretations")
    return list(
        _newest(public_entries().filter(portal=portal).policy_documents()).prefetch_related(interpretations)[:POLICIES]
    )


def home_context(portal):
    return {
        "latest": _newest(public_entries().filter(portal=portal))[:LATEST],
        "policies": policies(portal),
        "area_blocks": area_blocks(portal),
        "section_blocks": area_blocks(portal, statutory=True),
    }
