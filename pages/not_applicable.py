"""The 未涉及领域事项说明: the areas and items the office marked 未涉及, each with its published reason.

Only what the public may see: live nodes without a view restriction, under a live, public area of
this portal, and the field values of the published version (a reason saved as a draft stays inside).
"""

from .models import CatalogArea, CatalogItem


def not_applicable_nodes(portal):
    """[{"area", "reason" (the area's, or ""), "items": [(item, reason)]}] in catalog order: every
    area marked 未涉及, and every area holding items marked 未涉及."""
    areas = list(CatalogArea.objects.child_of(portal).live().public().order_by("path"))
    items = CatalogItem.objects.descendant_of(portal).live().public().filter(not_applicable=True).order_by("path")
    by_area = {}
    for item in items:
        by_area.setdefault(item.path[: -item.steplen], []).append((item, item.not_applicable_reason))
    nodes = []
    for area in areas:
        marked = area.not_applicable
        area_items = [] if marked else by_area.get(area.path, [])
        if marked or area_items:
            nodes.append({"area": area, "reason": area.not_applicable_reason if marked else "", "items": area_items})
    return nodes
