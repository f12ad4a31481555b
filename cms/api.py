"""API router (/api/v2/), OpenAPI schema (/api/schema/), docs, and JSON errors."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework import exceptions
from rest_framework.routers import DefaultRouter
from rest_framework.views import exception_handler

from cms.middleware import CONFLICT_MESSAGE
from disclosure_requests.api import RequestIntakeView, RequestStatusView, RequestWithdrawView
from disclosure_requests.staff_api import StaffRequestActionView, StaffRequestDetailView, StaffRequestListView
from interaction.api import QuestionIntakeView, QuestionStatusView
from interaction.consultation_api import ConsultationDetailView, ConsultationListView, OpinionIntakeView
from pages.api import PortalViewSet, PublicEntryViewSet
from pages.change_feed import ChangeFeedView
from search.api import SearchView, SuggestView
from workflows.api import DraftDetailView, DraftListView, EntryWorkflowView, TransitionView

router = DefaultRouter()
router.register("portals", PortalViewSet, basename="portal")
router.register("entries", PublicEntryViewSet, basename="entry")

urlpatterns = [
    path("v2/entries/<int:pk>/workflow/", EntryWorkflowView.as_view(), name="entry-workflow"),
    path("v2/entries/<int:pk>/workflow/<slug:transition>/", TransitionView.as_view(), name="entry-transition"),
    path("v2/changes/", ChangeFeedView.as_view(), name="changes"),
    path("v2/search/", SearchView.as_view(), name="search"),
    path("v2/search/suggest/", SuggestView.as_view(), name="search-suggest"),
    path("v2/requests/", RequestIntakeView.as_view(), name="request-intake"),
    path("v2/requests/status/", RequestStatusView.as_view(), name="request-status"),
    path("v2/requests/withdraw/", RequestWithdrawView.as_view(), name="request-withdraw"),
    path("v2/questions/", QuestionIntakeView.as_view(), name="question-intake"),
    path("v2/questions/status/", QuestionStatusView.as_view(), name="question-status"),
    path("v2/consultations/", ConsultationListView.as_view(), name="consultation-list"),
    path("v2/consultations/<int:pk>/", ConsultationDetailView.as_view(), name="consultation-detail"),
    path("v2/consultations/<int:pk>/opinions/", OpinionIntakeView.as_view(), name="consultation-opinions"),
    path("v2/staff/requests/", StaffRequestListView.as_view(), name="staff-request-list"),
    path("v2/staff/requests/<int:pk>/", StaffRequestDetailView.as_view(), name="staff-request-detail"),
    path(
        "v2/staff/requests/<int:pk>/actions/<slug:action>/",
        StaffRequestActionView.as_view(),
        name="staff-request-action",
    ),
    path("v2/drafts/", DraftListView.as_view(), name="draft-list"),
    path("v2/drafts/<int:pk>/", DraftDetailView.as_view(), name="draft-detail"),
    path("v2/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
]

# Machine codes and Chinese messages for every error the API returns.
MESSAGES = {
    "not_found": "找不到请求的资源",
    "permission_denied": "无权执行此操作",
    "not_authenticated": "请先登录或提供有效的令牌",
    "authentication_failed": "令牌无效或已过期",
    "invalid": "提交的数据有误",
    "parse_error": "请求格式错误",
    "method_not_allowed": "不支持该请求方法",
    "throttled": "请求过于频繁，请稍后再试",
    "unsupported_media_type": "不支持的内容类型",
    "not_acceptable": "无法提供请求的格式",
}


def api_exception_handler(exc, context):
    if isinstance(exc, IntegrityError):
        # A database constraint refused the write: never its name or columns (issue 12).
        exc = exceptions.APIException(CONFLICT_MESSAGE, code="conflict")
        exc.status_code = 409
    elif isinstance(exc, (Http404, OverflowError)):
        # OverflowError: an id in the URL too large for the database's integers cannot name anything.
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    if isinstance(code, (dict, list)):
        code = "invalid"
    detail = response.data
    message = MESSAGES.get(code, "请求失败")
    if isinstance(detail, dict) and isinstance(detail.get("detail"), str) and code not in ("invalid",):
        text = detail["detail"]
        # DRF's generic defaults give way to our messages; specific texts (ours) are kept.
        if text != str(getattr(exc, "default_detail", "")):
            message = text
        detail = None
    if isinstance(exc, exceptions.Throttled) and exc.wait:
        message = f"请求过于频繁，请{int(exc.wait) + 1}秒后再试"
    response.data = {"code": code, "message": message, "errors": detail}
    return response
