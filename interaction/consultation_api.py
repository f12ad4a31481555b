"""Public API of 意见征集 (/api/v2/consultations/): the consultations the public may see, the draft's
text, and posting an opinion, over the same services as the public pages.

An opinion's text, name and contact never come back out (opinions are published, if at all, in
the 反馈情况 entry after review). Intake is JSON only (SafeJSONParser: anything else is 415, so no
cross-site HTML form posts here), idempotent by the Idempotency-Key header like the question
intake, and shares the opinion form's limit per client address (INTERACTION_THROTTLE_RATE).
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, generics, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.parsers import SafeJSONParser
from cms.throttle import FormThrottle
from pages.models import DisclosureEntry
from pages.richtext import sanitize_for_output

from .api import ErrorSerializer, clean_key
from .models import Consultation
from .services import open_consultations, public_consultations, same_comment, submit_comment
from .views import COMMENT_SCOPE

LinkSerializer = inline_serializer(
    "ConsultationEntryLink",
    {
        "id": serializers.IntegerField(),
        "index_number": serializers.CharField(),
        "title": serializers.CharField(),
        "url": serializers.CharField(),
    },
    allow_null=True,
)
FiguresSerializer = inline_serializer(
    "ConsultationFigures",
    {
        "received": serializers.IntegerField(),
        "adopted": serializers.IntegerField(),
        "partly_adopted": serializers.IntegerField(),
        "not_adopted": serializers.IntegerField(),
    },
    allow_null=True,
)
extend_schema_field_link = extend_schema_field(LinkSerializer)
extend_schema_field_figures = extend_schema_field(FiguresSerializer)


class PublicConsultationSerializer(serializers.ModelSerializer):
    portal = serializers.CharField(source="portal.slug")
    department = serializers.CharField(source="department.name")
    state = serializers.SerializerMethodField()
    accepting = serializers.SerializerMethodField()
    draft = serializers.SerializerMethodField()
    feedback = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "title",
            "portal",
            "department",
            "opens_on",
            "closes_on",
            "short_period_reason",
            "state",
            "accepting",
            "draft",
            "feedback",
        ]

    def _public(self, entry_id):
        """The entry when it is public (looked up once per request), else None."""
        public = self.context.setdefault("_public_entries", {})
        if entry_id not in public:
            public[entry_id] = DisclosureEntry.objects.disclosed().filter(pk=entry_id).first() if entry_id else None
        return public[entry_id]

    def _link(self, entry_id):
        entry = self._public(entry_id)
        if entry is None:
            return None
        url = entry.get_url(request=self.context.get("request")) or ""
        return {"id": entry.pk, "index_number": entry.index_number, "title": entry.title, "url": url}

    def get_state(self, consultation) -> str:
        return "征集中" if self.get_accepting(consultation) else "征集已结束"

    def get_accepting(self, consultation) -> bool:
        return consultation.pk in self.context["accepting"]

    @extend_schema_field_link
    def get_draft(self, consultation):
        return self._link(consultation.draft_entry_id)

    @extend_schema_field_link
    def get_feedback(self, consultation):
        return self._link(consultation.feedback_entry_id)


class PublicConsultationDetailSerializer(PublicConsultationSerializer):
    draft_body = serializers.SerializerMethodField()
    opinions = serializers.SerializerMethodField()

    class Meta(PublicConsultationSerializer.Meta):
        fields = PublicConsultationSerializer.Meta.fields + ["draft_body", "opinions"]

    def get_draft_body(self, consultation) -> str:
        entry = self._public(consultation.draft_entry_id)
        return sanitize_for_output(entry.body) if entry is not None else ""

    @extend_schema_field_figures
    def get_opinions(self, consultation):
        """The 反馈情况's figures once it is public; null before."""
        entry = self._public(consultation.feedback_entry_id)
        if entry is None:
            return None
        feedback = entry.specific
        return {
            "received": feedback.opinions_received,
            "adopted": feedback.opinions_adopted,
            "partly_adopted": feedback.opinions_partly_adopted,
            "not_adopted": feedback.opinions_not_adopted,
        }


def serializer_context(request):
    # Few consultations accept opinions at any time: one query for the set, not one per row.
    return {"request": request, "accepting": set(open_consultations().values_list("pk", flat=True))}


def public_queryset():
    return public_consultations().select_related("portal", "department").order_by("-opens_on", "-pk")


class ConsultationPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


@extend_schema_view(
    get=extend_schema(
        summary="意见征集列表：正在征集的，以及已公布反馈情况的",
        parameters=[
            OpenApiParameter("portal", str, description="门户 slug"),
            OpenApiParameter("accepting", bool, description="true 时只列正在征集意见的"),
        ],
    )
)
class ConsultationListView(generics.ListAPIView):
    authentication_classes = []
    serializer_class = PublicConsultationSerializer
    pagination_class = ConsultationPagination

    def get_queryset(self):
        queryset = public_queryset()
        if self.request.query_params.get("portal"):
            queryset = queryset.filter(portal__slug=self.request.query_params["portal"])
        if self.request.query_params.get("accepting") in ("true", "1"):
            queryset = queryset.filter(pk__in=open_consultations().values("pk"))
        return queryset

    def get_serializer_context(self):
        return serializer_context(self.request)


class ConsultationDetailView(APIView):
    authentication_classes = []

    @extend_schema(summary="意见征集详情，含征求意见稿及起草说明全文", responses=PublicConsultationDetailSerializer)
    def get(self, request, pk):
        consultation = get_object_or_404(public_queryset(), pk=pk)
        context = serializer_context(request)
        return Response(PublicConsultationDetailSerializer(consultation, context=context).data)


class OpinionThrottle(FormThrottle):
    """The opinion form's limit, counted once for the form and the API together."""

    form_scope = COMMENT_SCOPE
    rate_setting = "INTERACTION_THROTTLE_RATE"


class OpinionConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "意见未受理"
    default_code = "idempotency_conflict"

    def __init__(self):
        super().__init__("该提交标识（Idempotency-Key）已用于另一条内容不同的意见；提交新的意见请使用新的提交标识")


class OpinionIntakeSerializer(serializers.Serializer):
    content = serializers.CharField(
        max_length=3000,
        help_text="意见内容，不超过3000字",
        error_messages={
            "required": "请填写意见内容",
            "blank": "请填写意见内容",
            "max_length": "意见内容不能超过3000字",
        },
    )
    name = serializers.CharField(
        max_length=50,
        required=False,
        allow_blank=True,
        help_text="姓名（选填，不公开）",
        error_messages={"max_length": "姓名不能超过50字"},
    )
    contact = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="联系方式（选填，不公开）",
        error_messages={"max_length": "联系方式不能超过100字"},
    )


OpinionReceiptSerializer = inline_serializer(
    "OpinionReceipt",
    {
        "consultation": serializers.IntegerField(),
        "submitted_at": serializers.DateTimeField(),
        "message": serializers.CharField(),
    },
)


class OpinionIntakeView(APIView):
    throttle_classes = [OpinionThrottle]
    authentication_classes = []  # anonymous intake; no session, so no CSRF dependency
    parser_classes = [SafeJSONParser]

    @extend_schema(
        summary="对正在征集的草案提交意见。可用 Idempotency-Key 请求头防止重复提交",
        description=(
            "意见经审核后可能在反馈情况中摘要公开；姓名和联系方式不公开，也不在响应中返回。"
            "同一 Idempotency-Key 且内容相同的重试返回原回执（200），内容不同返回 409。"
            "每个客户端地址每小时最多提交 INTERACTION_THROTTLE_COUNT 次（与网页表单共用）。"
        ),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="客户端生成的提交标识，1–64 个可见 ASCII 字符",
            )
        ],
        request=OpinionIntakeSerializer,
        responses={201: OpinionReceiptSerializer, 200: OpinionReceiptSerializer, 409: ErrorSerializer},
    )
    def post(self, request, pk):
        key = clean_key(request.headers.get("Idempotency-Key"))
        consultation = get_object_or_404(public_queryset(), pk=pk)
        serializer = OpinionIntakeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            comment, created = submit_comment(consultation, data, idempotency_key=key)
        except ValidationError as exc:
            raise exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        if not created and not same_comment(comment, consultation, data):
            raise OpinionConflict()
        receipt = {
            "consultation": consultation.pk,
            "submitted_at": comment.submitted_at,
            "message": "意见已收到，感谢参与。征集结束后将公布反馈情况。",
        }
        return Response(receipt, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
