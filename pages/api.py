"""Public read API: catalog tree, entries (filters, ordering, pagination) and entry detail.

Everything here reads ``public_entries()`` only, the same set the public pages show.
"""

import datetime
import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from wagtail.models import Page

from . import public_version
from .models import CatalogArea, CatalogItem, DisclosureEntry, DisclosurePortal, public_entries
from .richtext import sanitize_for_output


class CachedCountPaginator(Paginator):
    """Counting the public entries is the dearest query of a list page (a join over every
    entry); the count of a given filter is kept in the cache under the public content
    version, which every publication and unpublication bumps (pages.public_version)."""

    @cached_property
    def count(self):
        from django.core.cache import cache

        if not settings.PUBLIC_API_CACHE:
            return super().count
        try:
            query = str(self.object_list.query)
        except EmptyResultSet:  # a filter that can match nothing (e.g. an unknown area)
            return 0
        key = "entry-count:{}:{}".format(public_version.current(), hashlib.sha256(query.encode()).hexdigest())
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, settings.PUBLIC_CACHE_SECONDS)
        return count


class EntryPagination(PageNumberPagination):
    django_paginator_class = CachedCountPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class EntrySummarySerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.name", default="", read_only=True)
    publisher = serializers.CharField(source="publisher_name", read_only=True)
    genre = serializers.CharField(source="genre.name", default="", read_only=True)
    topic = serializers.CharField(source="topic.name", default="", read_only=True)
    five_public = serializers.CharField(source="five_public.name", default="", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = DisclosureEntry
        fields = [
            "id",
            "index_number",
            "title",
            "url",
            "department",
            "publisher",
            "doc_number",
            "written_on",
            "published_on",
            "topic",
            "genre",
            "five_public",
            "validity",
            "expired_on",
        ]

    def get_url(self, entry) -> str:
        return entry.get_url(request=self.context.get("request")) or ""


class LinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    index_number = serializers.CharField()
    title = serializers.CharField()


class AttachmentSerializer(serializers.Serializer):
    title = serializers.CharField(source="display_title")
    url = serializers.CharField(source="document.url")
    file_extension = serializers.CharField(source="document.file_extension")


class EntryDetailSerializer(EntrySummarySerializer):
    body = serializers.SerializerMethodField()
    keywords = serializers.ListField(source="keyword_list", child=serializers.CharField(), read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    interprets = serializers.SerializerMethodField()
    interpretations = serializers.SerializerMethodField()
    related_entries = serializers.SerializerMethodField()
    area = serializers.SerializerMethodField()
    item = serializers.SerializerMethodField()

    class Meta(EntrySummarySerializer.Meta):
        fields = EntrySummarySerializer.Meta.fields + [
            "openness",
            "disclosure_scope",
            "effective_on",
            "keywords",
            "summary",
            "body",
            "attachments",
            "interprets",
            "interpretations",
            "related_entries",
            "area",
            "item",
            "last_published_at",
        ]

    def _context_for(self, entry):
        """Links and catalog position of ``entry`` in two queries (one for the three kinds of
        linked public entries, one for the ancestors), computed once per entry."""
        cache = self.context.setdefault("_entry_context", {})
        if entry.pk not in cache:
            related = list(entry.related_entries.values_list("pk", flat=True))
            condition = Q(interprets_id=entry.pk) | Q(pk__in=related)
            if entry.interprets_id:
                condition |= Q(pk=entry.interprets_id)
            # The view's public set when there is one: Wagtail's .public() reads the view
            # restrictions when it is built, once per request is enough.
            public = self.context.get("public_entries")
            if public is None:
                public = public_entries()
            links = list(public.filter(condition).order_by("pk").values("pk", "index_number", "title", "interprets_id"))
            steplen = entry.steplen
            ancestors = {
                row["content_type"]: row["title"]
                for row in Page.objects.filter(
                    path__in=[entry.path[: steplen * depth] for depth in range(1, entry.depth)]
                ).values("content_type", "title")
            }
            cache[entry.pk] = {
                "interprets": [link for link in links if link["pk"] == entry.interprets_id],
                "interpretations": [link for link in links if link["interprets_id"] == entry.pk],
                "related_entries": [link for link in links if link["pk"] in related],
                "area": ancestors.get(_content_type_id(CatalogArea), ""),
                "item": ancestors.get(_content_type_id(CatalogItem), ""),
            }
        return cache[entry.pk]

    def _links(self, entry, kind):
        return [
            {"id": link["pk"], "index_number": link["index_number"], "title": link["title"]}
            for link in self._context_for(entry)[kind]
        ]

    @extend_schema_field(LinkSerializer(many=True))
    def get_interprets(self, entry):
        return self._links(entry, "interprets")

    @extend_schema_field(LinkSerializer(many=True))
    def get_interpretations(self, entry):
        return self._links(entry, "interpretations")

    @extend_schema_field(LinkSerializer(many=True))
    def get_related_entries(self, entry):
        return self._links(entry, "related_entries")

    def get_body(self, entry) -> str:
        # Sanitised on output too: bodies stored before the drafts API sanitised them (pages.richtext).
        return sanitize_for_output(entry.body)

    def get_area(self, entry) -> str:
        return self._context_for(entry)["area"]

    def get_item(self, entry) -> str:
        return self._context_for(entry)["item"]


def _content_type_id(model):
    return ContentType.objects.get_for_model(model).pk


ENTRY_FILTERS = [
    OpenApiParameter("portal", str, description="门户 slug"),
    OpenApiParameter("area", int, description="领域 id"),
    OpenApiParameter("item", int, description="事项 id"),
    OpenApiParameter("department", str, description="部门名称"),
    OpenApiParameter("topic", str, description="主题分类"),
    OpenApiParameter("genre", str, description="体裁分类"),
    OpenApiParameter("five_public", str, description="五公开类型"),
    OpenApiParameter("validity", str, enum=["有效", "失效", "废止"]),
    OpenApiParameter("year", int, description="发布年份"),
    OpenApiParameter("published_from", OpenApiTypes.DATE),
    OpenApiParameter("published_to", OpenApiTypes.DATE),
    OpenApiParameter("ordering", str, enum=["published_on", "-published_on", "title", "-title"]),
]


# Columns the list reads (the summary serializer's fields, the relations it follows and what
# Page.get_url needs).
SUMMARY_COLUMNS = [
    "id",
    "path",
    "depth",
    "url_path",
    "locale_id",
    "title",
    "index_number",
    "department__name",
    "publisher",
    "doc_number",
    "written_on",
    "published_on",
    "topic__name",
    "genre__name",
    "five_public__name",
    "validity",
    "expired_on",
]


class BadFilter(serializers.ValidationError):
    pass


def _int(value, name):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BadFilter({name: f"「{value}」不是有效的整数"})
    if not -(2**63) <= number < 2**63:  # beyond what the database can compare
        raise BadFilter({name: f"「{value}」超出范围"})
    return number


def _date(value, name):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadFilter({name: f"「{value}」不是有效的日期（YYYY-MM-DD）"})


def filter_entries(queryset, params):
    """Apply the public list filters; bad values raise a 400 with a Chinese message."""
    if params.get("portal"):
        queryset = queryset.filter(portal__slug=params["portal"])
    for name in ("area", "item"):
        if params.get(name):
            node = (CatalogArea if name == "area" else CatalogItem).objects.filter(pk=_int(params[name], name)).first()
            if node is None:
                return queryset.none()
            queryset = queryset.descendant_of(node)
    simple = {
        "department": "department__name",
        "topic": "topic__name",
        "genre": "genre__name",
        "five_public": "five_public__name",
        "validity": "validity",
    }
    for name, lookup in simple.items():
        if params.get(name):
            queryset = queryset.filter(**{lookup: params[name]})
    if params.get("year"):
        year = _int(params["year"], "year")
        if not 1900 <= year <= 2200:
            raise BadFilter({"year": f"年份「{year}」超出范围"})
        queryset = queryset.filter(published_on__year=year)
    if params.get("published_from"):
        queryset = queryset.filter(published_on__gte=_date(params["published_from"], "published_from"))
    if params.get("published_to"):
        queryset = queryset.filter(published_on__lte=_date(params["published_to"], "published_to"))
    ordering = params.get("ordering") or "-published_on"
    if ordering not in ("published_on", "-published_on", "title", "-title"):
        raise BadFilter({"ordering": f"不支持的排序「{ordering}」"})
    return queryset.order_by(ordering, "-pk" if ordering.startswith("-") else "pk")


@extend_schema_view(
    list=extend_schema(summary="公开信息列表", parameters=ENTRY_FILTERS),
    retrieve=extend_schema(summary="公开信息详情"),
)
class PublicEntryViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = EntryPagination
    lookup_value_regex = r"[0-9]{1,18}"  # larger ids cannot exist and would overflow the database's integer
    throttle_scope = "public_read"

    def get_queryset(self):
        self.public = public_entries()
        queryset = self.public.select_related("department", "genre", "topic", "five_public")
        if self.action == "list":
            # Only the summary's columns: a page row carries ~40 more the list never shows.
            return filter_entries(queryset.only(*SUMMARY_COLUMNS), self.request.query_params)
        return queryset.prefetch_related("attachments__document")

    def get_serializer_class(self):
        return EntryDetailSerializer if self.action == "retrieve" else EntrySummarySerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "public_entries": getattr(self, "public", None)}

    def retrieve(self, request, *args, **kwargs):
        entry = self.get_object()
        response = Response(self.get_serializer(entry).data)
        if entry.last_published_at:
            response["Last-Modified"] = entry.last_published_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
        return response


class ItemNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    department = serializers.CharField(allow_blank=True)
    entry_count = serializers.IntegerField()


class AreaNodeSerializer(ItemNodeSerializer):
    kind = serializers.CharField()
    items = ItemNodeSerializer(many=True)


class PortalSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    body_name = serializers.CharField()


@extend_schema_view(list=extend_schema(summary="门户列表"))
class PortalViewSet(viewsets.GenericViewSet):
    lookup_field = "slug"
    serializer_class = PortalSerializer
    throttle_scope = "public_read"

    def get_queryset(self):
        return DisclosurePortal.objects.live().public().order_by("path")

    def list(self, request):
        return Response(PortalSerializer(self.get_queryset(), many=True).data)

    @extend_schema(summary="公开目录树（领域、事项及信息数）", responses=AreaNodeSerializer(many=True))
    @action(detail=True, methods=["get"])
    def catalog(self, request, slug=None):
        portal = self.get_queryset().filter(slug=slug).first()
        if portal is None:
            raise Http404
        public = public_entries().filter(portal=portal)
        counts = {}
        for path in public.values_list("path", flat=True):
            for depth_len in (portal.steplen * (portal.depth + 1), portal.steplen * (portal.depth + 2)):
                counts[path[:depth_len]] = counts.get(path[:depth_len], 0) + 1
        tree = []
        for area in CatalogArea.objects.child_of(portal).live().public().select_related("department"):
            items = [
                {
                    "id": i.pk,
                    "title": i.title,
                    "department": i.department.name if i.department else "",
                    "entry_count": counts.get(i.path, 0),
                }
                for i in CatalogItem.objects.child_of(area).live().public().select_related("department")
            ]
            tree.append(
                {
                    "id": area.pk,
                    "title": area.title,
                    "kind": area.kind,
                    "department": area.department.name if area.department else "",
                    "entry_count": counts.get(area.path, 0),
                    "items": items,
                }
            )
        return Response(AreaNodeSerializer(tree, many=True).data)
