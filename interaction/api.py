"""Public API of 政务咨询: submit a question and look it up by tracking code, over the same
services as the public form. The asker's name and contact data never come back out.

JSON only (any other content type is 415), so no cross-site HTML form can post here; intake
shares the public form's limit per client address (INTERACTION_THROTTLE_RATE), the lookup is
throttled like writes (guessing codes).
"""

import re

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cms import public_intake
from cms.parsers import SafeJSONParser
from cms.throttle import FormThrottle
from pages.models import Department
from pages.portal_lookup import intake_data

from .models import Question
from .services import ASKER_FIELDS, find_by_code, public_status, same_submission, submit_question
from .views import QUESTION_SCOPE

IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,64}")


class QuestionThrottle(FormThrottle):
    """The public form's limit: INTERACTION_THROTTLE_RATE submissions per client address."""

    form_scope = QUESTION_SCOPE
    rate_setting = "INTERACTION_THROTTLE_RATE"


class IdempotencyConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "留言未受理"
    default_code = "idempotency_conflict"

    def __init__(self):
        super().__init__("该提交标识（Idempotency-Key）已用于另一条内容不同的留言；提交新的留言请使用新的提交标识")


ErrorSerializer = public_intake.error_serializer("QuestionError")


class QuestionIntakeSerializer(serializers.ModelSerializer):
    portal = public_intake.portal_field()
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(active=True),
        required=False,
        allow_null=True,
        help_text="咨询部门（选填，部门 id）",
        error_messages={"does_not_exist": "所选部门不存在", "incorrect_type": "部门须为部门 id"},
    )

    class Meta:
        model = Question
        fields = ["portal", *ASKER_FIELDS]


QuestionStatusSerializer = inline_serializer(
    "QuestionStatus",
    {
        "tracking_code": serializers.CharField(),
        "subject": serializers.CharField(),
        "received_on": serializers.DateField(),
        "state": serializers.CharField(),
        "due": serializers.CharField(),
        "department": serializers.CharField(allow_blank=True),
        "answer": serializers.CharField(allow_blank=True),
        "answered_on": serializers.DateField(allow_null=True),
        "dismiss_reason": serializers.CharField(allow_blank=True),
    },
)


def clean_key(value):
    """None for no key; a malformed key is refused, never truncated into somebody else's."""
    value = (value or "").strip()
    if not value:
        return None
    if not IDEMPOTENCY_KEY.fullmatch(value):
        raise exceptions.ValidationError({"Idempotency-Key": "Idempotency-Key 须为 1–64 个可见 ASCII 字符"})
    return value


class QuestionIntakeView(APIView):
    throttle_classes = [QuestionThrottle]
    authentication_classes = []  # anonymous intake; no session, so no CSRF dependency
    parser_classes = [SafeJSONParser]

    @extend_schema(
        summary="提交政务咨询留言。可用 Idempotency-Key 请求头防止重复提交",
        description=(
            "返回查询码和办理状态（不含姓名和联系方式）。同一 Idempotency-Key 且内容相同的重试返回原留言（200），"
            "内容不同返回 409。每个客户端地址每小时最多提交 INTERACTION_THROTTLE_COUNT 次（与网页表单共用）。"
        ),
        parameters=[public_intake.idempotency_key_header("客户端生成的提交标识，1–64 个可见 ASCII 字符")],
        request=QuestionIntakeSerializer,
        responses={201: QuestionStatusSerializer, 200: QuestionStatusSerializer, 409: ErrorSerializer},
    )
    def post(self, request):
        key = clean_key(request.headers.get("Idempotency-Key"))
        portal, data = intake_data(QuestionIntakeSerializer(data=request.data))
        try:
            question, created = submit_question(portal, data, idempotency_key=key)
        except ValidationError as exc:
            raise public_intake.api_validation_error(exc)
        if not created and not same_submission(question, portal, data):
            raise IdempotencyConflict()
        return public_intake.intake_response(public_status(question), created)


class QuestionStatusView(APIView):
    throttle_scope = "writes"
    authentication_classes = []
    parser_classes = [SafeJSONParser]

    @extend_schema(
        summary="按查询码查询留言办理进度和答复（不含个人信息）",
        request=inline_serializer("QuestionStatusQuery", {"code": serializers.CharField()}),
        responses=QuestionStatusSerializer,
    )
    def post(self, request):
        return Response(public_status(public_intake.found_by_code(request, find_by_code)))
