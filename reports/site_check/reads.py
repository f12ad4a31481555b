"""The self-check's reads, grouped over every portal of the run.

``run_site_checks(portals)`` opens ``shared_reads(portals)``: the first check that needs a read
(the columns, the latest entry per column, the policies, the late candidates …) makes it for all
those portals in one grouped query and keeps each portal's share, so a run over the 21 portals of
a county costs a handful of queries, not a couple of dozen per portal, and the ORM builds the
``disclosed()`` filter a handful of times, not once per query per portal. Outside such a run (the
assessment, the demo) a read covers the one portal asked for.
"""

import contextlib
import contextvars
import functools

from django.db.models import Count, Max, Q
from django.db.models.functions import Length, Substr

_shared = contextvars.ContextVar("site_check_shared", default=None)


@contextlib.contextmanager
def shared_reads(portals=()):
    token = _shared.set({"portals": {p.pk: p for p in portals}, "memo": {}})
    try:
        yield
    finally:
        _shared.reset(token)


def once(name, portal, read):
    """``portal``'s share of ``read(portals) -> {portal pk: value}``, read for the whole run once."""
    state = _shared.get()
    if state is None:
        return read([portal])[portal.pk]
    memo = state["memo"]
    if (name, portal.pk) not in memo:
        portals = state["portals"] if portal.pk in state["portals"] else {portal.pk: portal}
        for pk, value in read(list(portals.values())).items():
            memo[name, pk] = value
    return memo[name, portal.pk]


def run_portals():
    """The portals of the current run (empty outside one)."""
    state = _shared.get()
    return list(state["portals"].values()) if state else []


def public(portals):
    """Public entries of ``portals`` (the one public rule, built once per grouped read)."""
    from pages.models import public_entries

    state = _shared.get()
    key = ("public", tuple(sorted(p.pk for p in portals)))
    if state is not None and key in state["memo"]:
        return state["memo"][key]  # callers derive querysets from it: it is never evaluated itself
    entries = public_entries().filter(portal__in=[p.pk for p in portals])
    if state is not None:
        state["memo"][key] = entries
    return entries


def under(portals, levels=None):
    """Pages below any of ``portals`` (on SQLite ``path__startswith`` reads the path index:
    ``pages.tree_paths``). ``levels``: only that many levels below the portal, read through the
    (depth, path) index (migration pages.0021) instead of every page of the portal's subtree."""
    scope = Q(pk__in=[])
    for portal in portals:
        depth = Q(depth=portal.depth + levels) if levels else Q(depth__gt=portal.depth)
        scope |= Q(path__startswith=portal.path) & depth
    return scope


def owners(portals):
    """A function: page path → the pks of the portals among ``portals`` it lies under."""
    by_path = {p.path: p.pk for p in portals}
    lengths = sorted({len(p.path) for p in portals})

    @functools.cache
    def find(path):
        return [by_path[path[:n]] for n in lengths if len(path) > n and path[:n] in by_path]

    return find


def read_columns(portals):
    """{portal pk: the portal's live 栏目 as dicts}: an item under a top-level area, or an area
    without items (its entries sit directly under it)."""
    from pages.models import CatalogArea, CatalogItem

    portal_paths = {p.path: p.pk for p in portals}
    areas = {
        path: (pk, title, not_applicable, kind)
        for pk, path, title, not_applicable, kind in CatalogArea.objects.filter(under(portals, levels=1))
        .live()
        .values_list("pk", "path", "title", "not_applicable", "kind")
        if path[:-4] in portal_paths
    }
    result = {p.pk: [] for p in portals}
    with_items = set()
    items = (
        CatalogItem.objects.filter(under(portals, levels=2))
        .live()
        .values_list("pk", "path", "title", "level", "update_rhythm", "method", "not_applicable", "department__name")
    )
    for pk, path, title, level, rhythm, method, not_applicable, department in items:
        area = areas.get(path[:-4])
        if area is None:
            continue
        with_items.add(path[:-4])
        result[portal_paths[path[:-8]]].append(
            {
                "id": pk,
                "path": path,
                "title": title,
                "name": f"{area[1]} › {title}",
                "area_title": area[1],
                "level": level,
                "rhythm": rhythm,
                "proactive": method == "主动",
                "not_applicable": not_applicable or area[2],
                "department": department or "",
            }
        )
    for path, (pk, title, not_applicable, kind) in areas.items():
        if path not in with_items and kind != "custom":
            result[portal_paths[path[:-4]]].append(
                {
                    "id": pk,
                    "path": path,
                    "title": title,
                    "name": title,
                    "area_title": title,
                    "level": "",
                    "rhythm": "不定期",
                    "proactive": True,
                    "not_applicable": not_applicable,
                    "department": "",
                }
            )
    return result


def read_latest(portals):
    """{portal pk: {column path: (last 发布日期, public entry count)}} in one grouped query."""
    result = {p.pk: {} for p in portals}
    rows = (
        public(portals)
        .annotate(parent=Substr("path", 1, Length("path") - 4))
        .values("portal_id", "parent")
        .annotate(last=Max("published_on"), n=Count("pk"))
        .values_list("portal_id", "parent", "last", "n")
        .order_by()
    )
    for portal_pk, parent, last, n in rows:
        result[portal_pk][parent] = (last, n)
    return result


def read_time_limits(portals):
    """{portal pk: {item path: 公开时限 in working days}} of the items that set one."""
    from pages.models import CatalogItem

    find = owners(portals)
    result = {p.pk: {} for p in portals}
    # Items sit under an area under the portal (their parent_page_types): two levels down.
    rows = CatalogItem.objects.filter(under(portals, levels=2)).exclude(time_limit_days=0)
    for path, days in rows.values_list("path", "time_limit_days"):
        for portal_pk in find(path):
            result[portal_pk][path] = days
    return result
