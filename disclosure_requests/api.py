"""Public API for disclosure requests (依申请公开): intake and status, over the same services
as the public form. Personal data never comes back out.

JSON only (any other content type is 415), so no cross-site HTML form can post here; intake
shares the public form's limit per client address (DISCLOSURE_THROTTLE_RATE).
"""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cms import public_intake
from cms.parsers import SafeJSONParser
from cms.throttle import FormThrottle
from pages.portal_lookup import intake_data

from .models import DisclosureRequest
from .services import (
    APPLICANT_FIELDS,
    IntakeRefused,
    RequestError,
    find_by_code,
    submit_request,
    withdraw_by_applicant,
)
from .views import INTAKE_THROTTLE_SCOPE, status_context


class IntakeThrottle(FormThrottle):
    """The public form's limit: DISCLOSURE_THROTTLE_RATE submissions per client address."""

    form_scope = INTAKE_THROTTLE_SCOPE
    rate_setting = "DISCLOSURE_THROTTLE_RATE"


class IntakeConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "申请未受理"
    default_code = "conflict"


ErrorSerializer = public_intake.error_serializer("Error")


class IntakeSerializer(serializers.ModelSerializer):
    portal = public_intake.portal_field()

    class Meta:
        model = DisclosureRequest
        fields = ["portal", *APPLICANT_FIELDS]


StatusSerializer = inline_serializer(
    "RequestStatus",
    {
        "tracking_code": serializers.CharField(),
        "received_on": serializers.DateField(),
        "channel": serializers.CharField(),
        "state": serializers.CharField(),
        "deadline": serializers.CharField(allow_blank=True),
        "provisional": serializers.BooleanField(),
        "answer_type": serializers.CharField(allow_blank=True, allow_null=True),
        "fee_notice": serializers.CharField(allow_blank=True),
        "can_withdraw": serializers.BooleanField(),
        "timeline": serializers.ListField(child=serializers.DictField()),
    },
)


def public_status(stored):
    data = status_context(stored)
    data["timeline"] = [{**e, "at": e["at"].isoformat()} for e in data["timeline"]]
    return data


class RequestIntakeView(APIView):
    throttle_classes = [IntakeThrottle]
    authentication_classes = []  # anonymous intake; no session, so no CSRF dependency
    parser_classes = [SafeJSONParser]  # no cross-site form post: they cannot send application/json

    @extend_schema(
        summary="提交政府信息公开申请（在线）。可用 Idempotency-Key 请求头防止重复提交",
        description=(
            "同一 Idempotency-Key 且内容相同的重试返回原申请（200）；同一 Idempotency-Key 但内容不同返回 409；"
            "同一申请人、证件号码和所需信息在10分钟内重复提交返回 409（不返回查询码）。"
            "每个客户端地址每小时最多提交 DISCLOSURE_THROTTLE_RATE 次（与网页表单共用）。"
        ),
        parameters=[
            public_intake.idempotency_key_header("客户端生成的提交标识，1–64 个可见 ASCII 字符，只对同一份申请内容有效")
        ],
        request=IntakeSerializer,
        responses={201: StatusSerializer, 200: StatusSerializer, 409: ErrorSerializer},
    )
    def post(self, request):
        portal, data = intake_data(IntakeSerializer(data=request.data))
        try:
            stored, created = submit_request(portal, data, idempotency_key=request.headers.get("Idempotency-Key"))
        except IntakeRefused as exc:
            if exc.status == status.HTTP_409_CONFLICT:  # never says which request, nor its code
                raise IntakeConflict(" ".join(exc.messages), code=exc.api_code)
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            if "idempotency_key" in errors:
                errors["Idempotency-Key"] = errors.pop("idempotency_key")
            raise exceptions.ValidationError(errors)
        except ValidationError as exc:
            raise public_intake.api_validation_error(exc)
        return public_intake.intake_response(public_status(stored), created)


class RequestStatusView(APIView):
    throttle_scope = "writes"  # lookups by code are throttled like writes (guessing codes)
    authentication_classes = []
    parser_classes = [SafeJSONParser]

    @extend_schema(
        summary="按查询码查询办理进度（不含个人信息）",
        request=inline_serializer("StatusQuery", {"code": serializers.CharField()}),
        responses=StatusSerializer,
    )
    def post(self, request):
        return Response(public_status(public_intake.found_by_code(request, find_by_code)))


class WithdrawRefused(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "无法撤回"
    default_code = "refused"


class RequestWithdrawView(APIView):
    throttle_scope = "writes"
    authentication_classes = []
    parser_classes = [SafeJSONParser]

    @extend_schema(
        summary="申请人在线撤回申请：查询码，加申请时填写的联系电话后4位（未填电话的为证件号码后4位）",
        request=inline_serializer(
            "WithdrawRequest", {"code": serializers.CharField(), "verification": serializers.CharField()}
        ),
        responses=StatusSerializer,
    )
    def post(self, request):
        data = request.data if hasattr(request.data, "get") else {}
        code, verification = data.get("code"), data.get("verification")
        errors = {}
        if not isinstance(code, str) or not code.strip():
            errors["code"] = "请填写查询码"
        if not isinstance(verification, str) or not verification.strip():
            errors["verification"] = "请填写联系电话后4位"
        if errors:
            raise exceptions.ValidationError(errors)
        try:
            stored = withdraw_by_applicant(code, verification)
        except RequestError as exc:
            raise WithdrawRefused(str(exc))
        return Response(public_status(stored))
