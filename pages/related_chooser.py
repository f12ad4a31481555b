"""相关信息's searchable chooser: the form renders only the entries already chosen, and the editor
finds more by typing (a title or 发文字号) — never a list of every entry in the portal. The search
answers from ``chooser_entries`` (public entries and the user's own), at most ``LIMIT`` rows, so it
stays quick at 100,000 entries; the form field's queryset still validates what comes back."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from .staff_access import chooser_entries

LIMIT = 20


def search_related(user, query, exclude=None):
    """Entries ``user`` may link, whose title or 发文字号 contains ``query`` (newest first)."""
    query = (query or "").strip()
    if not query:
        return []
    entries = chooser_entries(user).filter(Q(title__icontains=query) | Q(doc_number__icontains=query))
    if exclude:
        entries = entries.exclude(pk=exclude)
    rows = entries.order_by("-published_on", "-pk").values("pk", "title", "doc_number", "published_on")[:LIMIT]
    return [
        {
            "id": row["pk"],
            "title": row["title"],
            "detail": "　".join(
                part for part in (row["doc_number"], row["published_on"] and row["published_on"].isoformat()) if part
            ),
        }
        for row in rows
    ]


@login_required
def related_search_view(request):
    exclude = request.GET.get("exclude")
    results = search_related(request.user, request.GET.get("q"), int(exclude) if (exclude or "").isdigit() else None)
    return JsonResponse({"results": results})


def admin_urls():
    return [path("gongkai/related-entries/", related_search_view, name="gongkai_related_search")]


class RelatedEntriesWidget(forms.SelectMultiple):
    """Hidden inputs for the chosen entries, a search box and the matches (related_chooser.js)."""

    class Media:
        js = ["pages/admin/related_chooser.js"]

    def render(self, name, value, attrs=None, renderer=None):
        from .models import DisclosureEntry

        chosen = [int(v) for v in (value or []) if str(v).isdigit()]
        titles = dict(DisclosureEntry.objects.filter(pk__in=chosen).values_list("pk", "title"))
        items = format_html_join(
            "",
            '<li data-id="{}"><input type="hidden" name="{}" value="{}"><span>{}</span> '
            '<button type="button" class="button button-small button-secondary" data-gk-remove>移除</button></li>',
            ((pk, name, pk, titles[pk]) for pk in chosen if pk in titles),
        )
        widget_id = (attrs or {}).get("id") or f"id_{name}"
        return format_html(
            '<div class="gk-related" id="{}" data-name="{}" data-search-url="{}">'
            '<ul class="gk-related-chosen">{}</ul>'
            '<input type="search" class="gk-related-query" aria-label="搜索相关信息" '
            'placeholder="输入标题或发文字号中的字词，搜索要关联的信息" autocomplete="off">'
            '<p class="gk-related-status" aria-live="polite"></p>'
            '<ul class="gk-related-results"></ul></div>',
            widget_id,
            name,
            reverse("gongkai_related_search"),
            items,
        )
