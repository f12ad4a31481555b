"""Public entry counts per catalog node, counted in the database (one GROUP BY per level)."""

from django.db.models import Count
from django.db.models.functions import Substr

from .models import CatalogArea, CatalogItem, public_entries


def path_counts(portal, levels=(1, 2)):
    """{tree path prefix: number of public entries beneath}, for the nodes ``levels`` below the portal."""
    counts = {}
    public = public_entries().filter(portal=portal)
    for level in levels:
        length = portal.steplen * (portal.depth + level)
        rows = public.annotate(node=Substr("path", 1, length)).values("node").annotate(n=Count("pk")).order_by()
        counts.update({row["node"]: row["n"] for row in rows})
    return counts


def area_counts(portal):
    """{area pk: public entries in the area and its items}."""
    counts = path_counts(portal, levels=(1,))
    return {pk: counts.get(path, 0) for pk, path in CatalogArea.objects.child_of(portal).values_list("pk", "path")}


def item_counts(area):
    """{item pk: public entries of the item}."""
    length = area.steplen * (area.depth + 1)
    rows = (
        public_entries()
        .filter(path__startswith=area.path)
        .annotate(node=Substr("path", 1, length))
        .values("node")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["node"]: row["n"] for row in rows}
    return {pk: counts.get(path, 0) for pk, path in CatalogItem.objects.child_of(area).values_list("pk", "path")}
