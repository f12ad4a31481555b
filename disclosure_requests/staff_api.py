"""Staff API for disclosure requests (token or session), over the same permissions, forms and
services as the admin's handling page (``disclosure_requests.actions``).

The disclosure office sees every request of its portals; a department's users only the requests
assigned to their department. Requests outside that set answer 404, like a missing id.
"""

from django.core.exceptions import ValidationError
from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.parsers import SafeJSONParser

from . import actions, services, transitions
from .admin_views import due_soon_cutoff, overdue_q
from .answer_kinds import DETAIL_LABELS
from .models import OPEN_STATES, DisclosureRequest, RequestState
from .staff_serializers import (
    ErrorSerializer,
    PageSerializer,
    RequestDetailSerializer,
    RequestSummarySerializer,
    detail_data,
)


class StateConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "当前状态下不能执行该操作"
    default_code = "state_conflict"


class RequestRefused(exceptions.APIException):
    """The service refused the action (its Chinese message says why)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "无法执行该操作"
    default_code = "refused"


class RequestPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


# -- serializers (read only; they describe the responses for the OpenAPI schema) --------------


URGENCY_FILTERS = {"overdue": "已逾期", "due_soon": "即将到期（含逾期）", "open": "未办结"}


def staff_request(http_request, pk):
    """The request if this user may handle it; 404 otherwise (its existence is not revealed)."""
    # An id beyond the database's integers cannot name a request (and would overflow the query).
    obj = (
        DisclosureRequest.objects.select_related("portal", "department").filter(pk=pk).first()
        if 0 < pk < 2**63
        else None
    )
    if obj is None or not services.can_view_personal_data(http_request.user, obj):
        raise exceptions.NotFound("找不到该申请或无权访问")
    return obj


def filter_requests(queryset, params):
    errors = {}
    state = params.get("state")
    if state:
        if state not in RequestState.values:
            errors["state"] = [f"状态须为：{'、'.join(RequestState.values)}"]
        else:
            queryset = queryset.filter(state=state)
    urgency = params.get("urgency")
    if urgency:
        if urgency == "overdue":
            queryset = queryset.filter(overdue_q())
        elif urgency == "due_soon":
            queryset = queryset.filter(state__in=OPEN_STATES, due_on__lte=due_soon_cutoff(), due_paused=False)
        elif urgency == "open":
            queryset = queryset.filter(state__in=OPEN_STATES)
        else:
            errors["urgency"] = [f"紧急程度须为：{'、'.join(URGENCY_FILTERS)}"]
    department = params.get("department")
    if department:
        if not department.isdigit() or len(department) > 12:
            errors["department"] = ["承办部门须为部门编号（整数）"]
        else:
            queryset = queryset.filter(department_id=int(department))
    if errors:
        raise exceptions.ValidationError(errors)
    return queryset


class StaffRequestListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="staff_requests_list",
        summary="依申请公开：办理中的申请列表（政务公开办看全部，承办部门只看分派给本部门的）",
        parameters=[
            OpenApiParameter("state", str, enum=RequestState.values, description="状态"),
            OpenApiParameter("urgency", str, enum=list(URGENCY_FILTERS), description="紧急程度"),
            OpenApiParameter("department", int, description="承办部门编号"),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: PageSerializer, 400: ErrorSerializer},
    )
    def get(self, request):
        queryset = services.visible_requests(request.user).select_related("department", "portal")
        queryset = filter_requests(queryset, request.query_params).order_by("due_on", "-pk")
        paginator = RequestPagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(RequestSummarySerializer(page, many=True).data)


class StaffRequestDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="staff_requests_retrieve",
        summary="依申请公开：申请详情（办理记录、期限及是否暂定、收费、可执行操作）",
        responses={200: RequestDetailSerializer, 404: ErrorSerializer},
    )
    def get(self, request, pk):
        obj = staff_request(request, pk)
        return Response(detail_data(obj, request.user, request))


ActionRequestSerializer = inline_serializer(
    "RequestActionBody",
    {
        "department": serializers.IntegerField(required=False, help_text="assign：承办部门编号"),
        "text": serializers.CharField(
            required=False, help_text="correction：需补正事项；answer、answer_on_the_spot：答复内容"
        ),
        "reply_working_days": serializers.IntegerField(required=False, help_text="correction：补正期限（工作日）"),
        "received_on": serializers.DateField(
            required=False, help_text="corrected：收到补正申请日期；fee_notice：申请人收到收费通知日期"
        ),
        "description": serializers.CharField(required=False, help_text="corrected：补正后的内容描述"),
        "kind": serializers.ChoiceField(
            choices=["third_party", "other_body"], required=False, help_text="consult：征求第三方或其他机关意见"
        ),
        "party": serializers.CharField(required=False, help_text="consult：征求对象"),
        "started_on": serializers.DateField(required=False, help_text="consult：发出日期"),
        "letter_received_on": serializers.DateField(required=False, help_text="consult：对方收到征求意见书日期"),
        "consultation": serializers.IntegerField(required=False, help_text="consult_end：征求意见编号"),
        "ended_on": serializers.DateField(required=False, help_text="consult_end：收到意见或结束日期"),
        "objected": serializers.BooleanField(required=False, help_text="consult_end：第三方不同意公开"),
        "days": serializers.IntegerField(required=False, help_text="extend：延长工作日数（1–20）"),
        "reason": serializers.CharField(
            required=False, help_text="extend：延期理由（批准人为当前用户）；corrected：逾期补正的正当理由"
        ),
        "applicant_notified_on": serializers.DateField(required=False, help_text="extend：告知申请人日期"),
        "amount": serializers.DecimalField(
            max_digits=10, decimal_places=2, required=False, help_text="fee_notice：信息处理费（元，留空按标准计算）"
        ),
        "method": serializers.CharField(
            required=False, help_text="fee_notice：per_request 按件 / per_volume 按量；deliver：送达方式"
        ),
        "notified_on": serializers.DateField(required=False, help_text="fee_notice：收费通知日期"),
        "pages": serializers.IntegerField(required=False, help_text="fee_notice：按量计收的页数"),
        "paid_on": serializers.DateField(required=False, help_text="fee_paid：缴费日期"),
        "answer_type": serializers.CharField(required=False, help_text="answer：办理结果（年度报告分类代码）"),
        "entries": serializers.ListField(
            child=serializers.IntegerField(), required=False, help_text="answer：提供的公开信息编号"
        ),
        "answer_kind": serializers.CharField(required=False, help_text="answer：答复形式（留空按办理结果）"),
        **{
            key: serializers.CharField(required=False, help_text=f"answer：{label}")
            for key, label in DETAIL_LABELS.items()
        },
        "delivered_on": serializers.DateField(required=False, help_text="deliver：送达日期"),
        "note": serializers.CharField(required=False, help_text="说明"),
    },
)


def form_data(data):
    """Request data as the QueryDict a Django form expects: scalars as text, lists of scalars as
    repeated values; anything else is a 400, never a crash inside a form field."""
    if not hasattr(data, "keys"):
        raise exceptions.ValidationError({"non_field_errors": ["请求体必须是 JSON 对象或表单"]})
    if isinstance(data, QueryDict):
        return data
    result = QueryDict(mutable=True)
    errors = {}
    for key, value in data.items():
        values = value if isinstance(value, list) else [value]
        if not all(v is None or isinstance(v, (str, int, float, bool)) for v in values):
            errors[str(key)] = ["字段格式错误：须为文本、数字或由它们组成的列表"]
            continue
        result.setlist(str(key), ["" if v is None else str(v) for v in values])
    if errors:
        raise exceptions.ValidationError(errors)
    return result


class StaffRequestActionView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_scope = "writes"
    parser_classes = [SafeJSONParser, FormParser]

    @extend_schema(
        summary="依申请公开：执行办理操作（与管理后台相同的校验和服务）",
        parameters=[
            OpenApiParameter(
                "action", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(actions.ACTIONS), description="操作"
            )
        ],
        request=ActionRequestSerializer,
        responses={
            200: RequestDetailSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
            409: OpenApiResponse(ErrorSerializer, description="当前状态下不能执行"),
        },
    )
    def post(self, request, pk, action):
        obj = staff_request(request, pk)
        if action not in actions.ACTIONS:
            raise exceptions.NotFound(f"不支持的操作「{action}」")
        available = actions.available_actions(request.user, obj)
        if action not in available:
            if transitions.TRANSITIONS[action].office_only and not services.is_office(request.user, obj.portal):
                raise exceptions.PermissionDenied("该操作须由政务公开办公室执行")
            raise StateConflict(
                transitions.refusal(obj, action)
                or f"申请当前状态为“{obj.get_state_display()}”，不能执行“{actions.ACTIONS[action].label}”"
            )
        form = actions.bind_form(action, obj, form_data(request.data), request.FILES)
        if not form.is_valid():
            raise exceptions.ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        try:
            actions.run(action, obj, request.user, form, request.FILES)
        except services.RequestError as exc:
            raise RequestRefused(str(exc))
        except ValidationError as exc:
            raise exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        obj = staff_request(request, pk)
        return Response(detail_data(obj, request.user, request))
