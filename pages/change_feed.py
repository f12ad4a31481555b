"""The change feed, ``GET /api/v2/changes/?since=<cursor>``, for headless consumers (集约化平台,
new media) that mirror a portal: the entries published, updated, retracted or made non-public
since the cursor, in order, each once with its state now.

It reads the change record (``pages.changes``) that also drives the search index, and shows an
entry only through ``disclosed()``: anything else changed is named, by id alone, as removed, and
only when it had been published (a draft's existence is never revealed).
"""

import re

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import changes
from .api import BadFilter, EntryDetailSerializer
from .models import DisclosureEntry, public_entries

DEFAULT_LIMIT, MAX_LIMIT = 100, 500
CURSOR = re.compile(r"^([0-9]{1,18})-([0-9]{1,18})$")


class FeedEntrySerializer(EntryDetailSerializer):
    portal = serializers.CharField(source="portal.slug", default="", read_only=True)

    class Meta(EntryDetailSerializer.Meta):
        # The links to other entries change when those do: read them from /api/v2/entries/<id>/.
        fields = [
            f
            for f in EntryDetailSerializer.Meta.fields
            if f not in ("interprets", "interpretations", "related_entries")
        ] + ["portal"]


def parse_cursor(value):
    if not value:
        return (0, 0)
    match = CURSOR.match(value.strip())
    if not match:
        raise BadFilter({"since": f"「{value[:40]}」不是有效的游标，请使用上一次返回的 cursor"})
    return int(match[1]), int(match[2])


def format_cursor(txid, pk):
    return f"{txid}-{pk}"


def read_changes(since=(0, 0), limit=DEFAULT_LIMIT, portal=None, request=None):
    """One page of the feed as plain data (the view returns it as JSON)."""
    rows = changes.changes_after(since, limit)
    last = {row["entry_id"]: position for position, row in enumerate(rows)}  # its last change here
    was_public = set(
        changes.EntryChange.objects.filter(pk__in=[r["pk"] for r in rows], was_public=True).values_list(
            "entry_id", flat=True
        )
    )
    ids = sorted(last, key=last.get)
    public = public_entries()
    shown = public.filter(pk__in=ids)
    elsewhere = set()  # public, on another portal than the one asked for
    if portal:
        elsewhere = set(shown.exclude(portal__slug=portal).values_list("pk", flat=True))
        shown = shown.filter(portal__slug=portal)
    shown = {
        e.pk: e
        for e in shown.select_related("department", "genre", "topic", "five_public", "portal").prefetch_related(
            "attachments__document"
        )
    }
    retracted = dict(DisclosureEntry.objects.filter(pk__in=ids).values_list("pk", "retracted_at"))
    context = {"request": request, "public_entries": public}
    items = []
    for pk in ids:
        if pk in shown:
            items.append(
                {"id": pk, "change": "published", "entry": FeedEntrySerializer(shown[pk], context=context).data}
            )
        elif pk in elsewhere:
            continue
        elif pk in was_public:
            reason = "deleted" if pk not in retracted else "retracted" if retracted[pk] else "withdrawn"
            items.append({"id": pk, "change": "removed", "reason": reason})
    cursor = format_cursor(rows[-1]["txid"], rows[-1]["pk"]) if rows else format_cursor(*since)
    return {"cursor": cursor, "more": len(rows) == limit, "changes": items}


class ChangeFeedView(APIView):
    throttle_scope = "public_read"
    authentication_classes = []
    permission_classes = []

    @extend_schema(
        summary="公开信息变更流",
        description=(
            "自游标 since 之后发布、更新、撤回或不再公开的信息，按发生顺序、每条一次并给出其当前状态："
            "change 为 published 时带 entry（与公开信息详情相同的字段，不含关联链接），为 removed 时只给 id 和"
            " reason（retracted 撤回、withdrawn 不再公开、deleted 已删除），镜像方应删除该条。"
            "首次同步省略 since；之后每次传入上一次返回的 cursor，more 为 true 时立即再取。"
        ),
        parameters=[
            OpenApiParameter("since", str, description="上一次返回的 cursor；省略时从头开始"),
            OpenApiParameter("limit", int, description=f"每次最多读取的变更数（默认{DEFAULT_LIMIT}，最多{MAX_LIMIT}）"),
            OpenApiParameter("portal", str, description="只列出该门户（slug）的公开信息；removed 总是列出"),
        ],
        responses=inline_serializer(
            "ChangeFeed",
            {
                "cursor": serializers.CharField(),
                "more": serializers.BooleanField(),
                "changes": inline_serializer(
                    "EntryChangeItem",
                    {
                        "id": serializers.IntegerField(),
                        "change": serializers.ChoiceField(["published", "removed"]),
                        "reason": serializers.ChoiceField(["retracted", "withdrawn", "deleted"], required=False),
                        "entry": FeedEntrySerializer(required=False),
                    },
                    many=True,
                ),
            },
        ),
    )
    def get(self, request):
        params = request.query_params
        since = parse_cursor(params.get("since"))
        limit = DEFAULT_LIMIT
        if params.get("limit"):
            if not re.fullmatch(r"[0-9]{1,4}", params["limit"]) or not 1 <= int(params["limit"]) <= MAX_LIMIT:
                raise BadFilter({"limit": f"limit 应为 1 到 {MAX_LIMIT} 之间的整数"})
            limit = int(params["limit"])
        response = Response(read_changes(since, limit, params.get("portal") or None, request))
        response["Cache-Control"] = "no-store"  # a consumer must see a retraction at once
        return response
