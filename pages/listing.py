"""Paged lists of public entries for the area and item pages (``?page=N``)."""

from django.core.paginator import Paginator

PER_PAGE = 20


def entries_page(request, queryset, per_page=PER_PAGE):
    """The requested page (a bad or out-of-range number gives the nearest valid page) and its links."""
    paginator = Paginator(queryset.order_by("-published_on", "-pk"), per_page)
    page = paginator.get_page(request.GET.get("page"))
    return {
        "entries": page.object_list,
        "paging": page if paginator.num_pages > 1 else None,
        "entry_total": paginator.count,
    }
