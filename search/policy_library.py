"""政策文件库: the public library of policy documents.

What counts as a policy document is the one rule in ``pages``
(``DisclosureEntry.objects.disclosed().policy_documents()``); this page only lists it, with
filters (发布机构, 年份 of 成文日期, 有效性, 体裁) and a search within it that cuts the query
like the site search (``query.parse_query``: every word, or one of its synonyms, in the title,
发文字号 or body). Newest 成文日期 first; each policy with its public 解读.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.shortcuts import render

from pages.models import DisclosureEntry, DisclosurePortal, Validity

from .query import parse_query

PAGE_SIZE = 20
FILTERS = {"publisher": "发布机构", "year": "年份", "validity": "有效性", "genre": "体裁"}


def policy_documents(portal=None):
    """The public policy documents with the fields the library filters and sorts on."""
    qs = DisclosureEntry.objects.disclosed().policy_documents()
    if portal is not None:
        qs = qs.filter(portal=portal)
    return qs.annotate(dated=Coalesce("written_on", "published_on")).annotate(dated_year=ExtractYear("dated"))


def _issuer_filter(name):
    return Q(publisher=name) | Q(publisher="", department__name=name)


def matching(qs, query):
    """Entries holding every word of ``query`` (or a synonym) in title, 发文字号 or body."""
    for clause in parse_query(query):
        for unit in clause.units:
            alternatives = Q()
            for text in unit.alternatives:
                alternatives |= Q(title__icontains=text) | Q(doc_number__icontains=text) | Q(body__icontains=text)
            qs = qs.filter(alternatives)
    return qs


def apply_filters(qs, params):
    chosen = {}
    publisher = (params.get("publisher") or "").strip()
    if publisher:
        qs, chosen["publisher"] = qs.filter(_issuer_filter(publisher)), publisher
    year = params.get("year") or ""
    if year.isdigit() and len(year) == 4:
        qs, chosen["year"] = qs.filter(dated_year=int(year)), year
    validity = params.get("validity") or ""
    if validity in Validity.values:
        qs, chosen["validity"] = qs.filter(validity=validity), validity
    genre = (params.get("genre") or "").strip()
    if genre:
        qs, chosen["genre"] = qs.filter(genre__name=genre), genre
    return qs, chosen


def facet_values(qs):
    """The values each filter offers, from the public policy documents only."""
    publishers = {}
    for row in qs.values("publisher", "department__name").annotate(n=Count("pk")):
        name = row["publisher"] or row["department__name"] or ""
        if name:
            publishers[name] = publishers.get(name, 0) + row["n"]
    years = qs.values_list("dated_year", flat=True).distinct().order_by("-dated_year")
    genres = qs.exclude(genre=None).values_list("genre__name", flat=True).distinct().order_by("genre__name")
    return {
        "publisher": sorted(publishers, key=lambda n: (-publishers[n], n)),
        "year": [str(y) for y in years if y],
        "validity": list(Validity.values),
        "genre": list(genres),
    }


def policy_library_view(request):
    params = request.GET
    portal = DisclosurePortal.objects.live().filter(slug=params.get("portal") or "").first()
    base = policy_documents(portal)
    query = (params.get("q") or "").strip()[:100]
    qs, chosen = apply_filters(base, params)
    if query:
        qs = matching(qs, query)
    interpretations = Prefetch(
        "interpretations",
        queryset=DisclosureEntry.objects.disclosed().order_by("-published_on", "-pk"),
        to_attr="public_interpretations",
    )
    qs = qs.select_related("genre", "department").prefetch_related(interpretations)
    paginator = Paginator(qs.order_by(F("dated").desc(nulls_last=True), "-pk"), PAGE_SIZE)
    raw = params.get("page") or ""
    page = paginator.get_page(int(raw) if raw.isdigit() else 1)
    kept = {k: v for k, v in params.items() if k in FILTERS or k in ("q", "portal")}

    def link(**changes):
        merged = dict(kept, **changes)
        return "?" + urlencode({k: v for k, v in merged.items() if v})

    values = facet_values(base)
    filters = [
        {
            "key": key,
            "label": label,
            "options": [{"value": v, "selected": chosen.get(key) == v} for v in values[key]],
        }
        for key, label in FILTERS.items()
    ]
    return render(
        request,
        "search/public/policy_library.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "chosen": chosen,
            "portal": portal,
            "previous": link(page=page.previous_page_number()) if page.has_previous() else "",
            "next": link(page=page.next_page_number()) if page.has_next() else "",
            "reset": link(**{k: "" for k in FILTERS}, q=""),
        },
    )
