"""Public search page: server-rendered over the one search contract (search.backends.search)."""

from urllib.parse import urlencode

from django.shortcuts import render

from pages.models import DisclosurePortal

from . import hot_words
from .assist import assisted_search

FACET_LABELS = {
    "department": "部门",
    "area": "领域",
    "topic": "主题分类",
    "genre": "体裁分类",
    "year": "年份",
    "five_public": "五公开",
    "validity": "有效性",
}
SORT_LABELS = {"relevance": "相关度", "date": "最新发布", "date_asc": "最早发布"}
MAX_PAGE = 1000


def search_request(params):
    """(query, filters, sort, page) from query parameters; bad values fall back to defaults."""
    query = (params.get("q") or "").strip()[:200]
    filters = {}
    for key in FACET_LABELS:
        values = [v for v in params.getlist(key) if v]
        if key == "year":
            values = [v for v in values if v.isdigit() and len(v) <= 4]
        if values:
            filters[key] = values
    portal = params.get("portal")
    if portal:
        found = DisclosurePortal.objects.filter(slug=portal).values_list("pk", flat=True).first()
        filters["portal_id"] = [found or 0]
    sort = params.get("sort") if params.get("sort") in SORT_LABELS else "relevance"
    raw_page = params.get("page") or ""
    # Past MAX_PAGE no engine pages usefully (and the database could not take the offset).
    page = min(int(raw_page), MAX_PAGE) if raw_page.isdigit() and int(raw_page) > 0 else 1
    return query, filters, sort, page


def search_view(request):
    query, filters, sort, page = search_request(request.GET)
    as_typed = request.GET.get("typed") == "1"
    results = (
        assisted_search(query, filters=filters, sort=sort, page=page, page_size=10, as_typed=as_typed)
        if (query or filters)
        else None
    )
    if page == 1:
        hot_words.record(request, results)
    base = {k: v for k, v in request.GET.lists() if k != "page"}
    if results and results.original_query:
        base["q"] = [results.query]  # pages and facets of the suggestion that was searched

    def link(**changes):
        params = {k: list(v) for k, v in base.items()}
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = [value]
        return "?" + urlencode(params, doseq=True)

    facets = []
    if results:
        for key, label in FACET_LABELS.items():
            values = [
                {
                    "value": value,
                    "count": count,
                    "active": str(value) in filters.get(key, []),
                    "url": link(**{key: None if str(value) in filters.get(key, []) else str(value)}),
                }
                for value, count in results.facets.get(key, [])[:12]
            ]
            if values:
                facets.append({"key": key, "label": label, "values": values})
    pages = None
    if results and results.total > results.page_size:
        last = (results.total + results.page_size - 1) // results.page_size
        pages = {
            "current": page,
            "last": last,
            "previous": link(page=str(page - 1)) if page > 1 else None,
            "next": link(page=str(page + 1)) if page < last else None,
        }
    portal = (
        DisclosurePortal.objects.live().filter(slug=request.GET.get("portal")).first()
        or DisclosurePortal.objects.live().order_by("path").first()
    )
    return render(
        request,
        "search/public/search.html",
        {
            "query": query,
            "results": results,
            "facets": facets,
            "pages": pages,
            "sort": sort,
            "sorts": [{"key": k, "label": v, "url": link(sort=k), "active": k == sort} for k, v in SORT_LABELS.items()],
            "suggestions": hot_words.try_words() if results is not None and not results.total else [],
            "hot_words": [w for w, _ in hot_words.hot_words()],
            "as_typed_url": link(q=results.original_query, typed="1") if results and results.original_query else "",
            "portal": portal,
            "filters": filters,
        },
    )
