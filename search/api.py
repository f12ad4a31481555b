"""Public search API (/api/v2/search/): the one search contract as JSON."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import hot_words
from .assist import assisted_search
from .suggest import autocomplete
from .views import search_request


class SearchHitSerializer(serializers.Serializer):
    index_number = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML，命中词以 <em> 标出")
    department = serializers.CharField()
    area = serializers.CharField()
    item = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    validity = serializers.CharField()
    score = serializers.FloatField()


class SearchResultSerializer(serializers.Serializer):
    query = serializers.CharField()
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    backend = serializers.CharField()
    fallback = serializers.BooleanField()
    notice = serializers.CharField(allow_blank=True)
    partial = serializers.BooleanField(help_text="部分匹配：没有信息包含全部检索词，结果只包含其中大部分")
    original_query = serializers.CharField(
        allow_blank=True, help_text="输入的检索词没有结果时，改为检索 query（建议词），此处为原输入"
    )
    did_you_mean = serializers.ListField(child=serializers.CharField(), help_text="您是不是要找（拼音、错别字）")
    hits = SearchHitSerializer(many=True)
    facets = serializers.DictField(child=serializers.ListField())


class SearchView(APIView):
    throttle_scope = "public_read"

    @extend_schema(
        summary="全文检索（分面、高亮）",
        parameters=[
            OpenApiParameter("q", str, description="关键词；空格分隔须全部命中，引号内为短语"),
            OpenApiParameter("sort", str, enum=["relevance", "date", "date_asc"]),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
            OpenApiParameter("typed", str, description="1：只按输入检索，不改用建议词"),
        ]
        + [
            OpenApiParameter(k, str, many=True)
            for k in ("department", "area", "topic", "genre", "year", "five_public", "validity")
        ]
        + [OpenApiParameter("portal", str)],
        responses=SearchResultSerializer,
    )
    def get(self, request):
        query, filters, sort, page = search_request(request.query_params)
        size = request.query_params.get("page_size", "10")
        page_size = int(size) if size.isdigit() and 0 < int(size) <= 100 else 10
        as_typed = request.query_params.get("typed") == "1"
        results = assisted_search(query, filters=filters, sort=sort, page=page, page_size=page_size, as_typed=as_typed)
        if page == 1:
            hot_words.record(request, results)
        return Response(results.as_dict())


class SuggestionSerializer(serializers.Serializer):
    text = serializers.CharField()
    kind = serializers.ChoiceField(
        ["word", "title", "pinyin", "correction"], help_text="词语、标题、拼音对应的词语、纠错"
    )


class SuggestResultSerializer(serializers.Serializer):
    query = serializers.CharField()
    suggestions = SuggestionSerializer(many=True)


class SuggestView(APIView):
    throttle_scope = "public_read"

    @extend_schema(
        summary="检索提示（输入联想、拼音、纠错），只来自公开信息",
        parameters=[OpenApiParameter("q", str, description="已输入的内容")],
        responses=SuggestResultSerializer,
    )
    def get(self, request):
        query = (request.query_params.get("q") or "").strip()[:50]
        return Response({"query": query, "suggestions": autocomplete(query)})
