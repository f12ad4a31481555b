"""Staff API (token or session): Plone-style @workflow and draft create/update.

Every transition calls the same services (and so the same pipeline and guards) as the admin.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, PageLogEntry

from pages.models import DisclosureEntry
from pages.publishing.states import disclosure_status
from pages.richtext import sanitize_rich_text

from . import services

TRANSITIONS = {
    "submit": ("提交审核", lambda e, u, c: services.submit(e, u)),
    "approve": ("审核通过", lambda e, u, c: services.approve(e, u, c)),
    "reject": ("退回修改", lambda e, u, c: services.reject(e, u, c)),
    "force_publish": ("强制发布", lambda e, u, c: services.force_publish(e, u, c)),
    "retract": ("撤回", lambda e, u, c: services.retract(e, u, c)),
    "resubmit": ("重新提交", lambda e, u, c: services.resubmit(e, u)),
}


def available_transitions(entry, user):
    perms = entry.permissions_for_user(user)
    names = []
    workflow_state = entry.current_workflow_state
    if perms.can_edit() and perms.can_submit_for_moderation():
        names.append("submit")
    if workflow_state and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES and perms.can_edit():
        names.append("resubmit")
    task_state = entry.current_workflow_task_state
    if task_state and workflow_state.status == workflow_state.STATUS_IN_PROGRESS:
        actions = {name for name, _, _ in task_state.task.specific.get_actions(entry, user)}
        names.extend(n for n in ("approve", "reject") if n in actions)
    if perms.can_force_publish():
        names.append("force_publish")
    if perms.can_retract():
        names.append("retract")
    return names


def history(entry):
    rows = []
    for log in PageLogEntry.objects.filter(page=entry).select_related("user", "revision").order_by("timestamp"):
        formatter = log_registry.get_formatter(log)
        comment = ""
        if log.action in ("wagtail.workflow.approve", "wagtail.workflow.reject"):
            comment = (log.data or {}).get("comment", "")
        elif formatter:
            comment = formatter.format_comment(log)
        rows.append(
            {
                "action": log.action,
                "title": formatter.label if formatter else log.action,
                "message": str(log.message),
                "comment": comment or "",
                "actor": log.user.get_username() if log.user else "",
                "time": log.timestamp,
            }
        )
    return rows


def _staff_entry(request, pk):
    entry = get_object_or_404(DisclosureEntry, pk=pk)
    if not entry.permissions_for_user(request.user).can_edit() and not available_transitions(entry, request.user):
        raise exceptions.NotFound("找不到该信息或无权访问")
    return entry


WorkflowSerializer = inline_serializer(
    "Workflow",
    {
        "state": serializers.CharField(),
        "transitions": serializers.ListField(
            child=inline_serializer(
                "Transition",
                {"name": serializers.CharField(), "title": serializers.CharField(), "url": serializers.CharField()},
            )
        ),
        "history": serializers.ListField(child=serializers.DictField()),
    },
)


def workflow_info(request, entry):
    """The @workflow document: the same for GET and after a transition (as plone.restapi does)."""
    base = request.build_absolute_uri(reverse("entry-workflow", args=[entry.pk]))
    return {
        "state": disclosure_status(entry),
        "transitions": [
            {"name": n, "title": TRANSITIONS[n][0], "url": f"{base}{n}/"}
            for n in available_transitions(entry, request.user)
        ],
        "history": history(entry),
    }


class EntryWorkflowView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="审核状态、可执行操作和审核历史（@workflow）", responses=WorkflowSerializer)
    def get(self, request, pk):
        return Response(workflow_info(request, _staff_entry(request, pk)))


class AlreadyHandledConflict(exceptions.APIException):
    """Another request took this transition first (409): «已处理…», nothing done twice."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "已处理"
    default_code = "already_handled"


class TransitionView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_scope = "writes"

    @extend_schema(
        summary="执行审核操作（提交、通过、退回、强制发布、撤回、重新提交）",
        request=inline_serializer(
            "TransitionRequest", {"comment": serializers.CharField(required=False, allow_blank=True)}
        ),
        responses=WorkflowSerializer,
    )
    def post(self, request, pk, transition):
        entry = _staff_entry(request, pk)
        if transition not in TRANSITIONS:
            raise exceptions.NotFound(f"不支持的操作「{transition}」")
        comment = request.data.get("comment", "") if hasattr(request.data, "get") else ""
        if not isinstance(comment, str):
            raise exceptions.ValidationError({"comment": "意见必须是文本"})
        try:
            TRANSITIONS[transition][1](entry, request.user, comment)
        except services.AlreadyHandled as exc:
            raise AlreadyHandledConflict(str(exc))
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or "无权执行此操作")
        except ValidationError as exc:
            raise exceptions.ValidationError({"comment": exc.messages})
        entry = DisclosureEntry.objects.get(pk=entry.pk)  # fresh: the transition changed its state
        if not entry.permissions_for_user(request.user).can_edit() and not available_transitions(entry, request.user):
            # e.g. a reviewer who just approved: nothing more to do here, but the result is theirs to see.
            return Response({"state": disclosure_status(entry), "transitions": [], "history": history(entry)})
        return Response(workflow_info(request, entry))


class DraftSerializer(serializers.ModelSerializer):
    parent = serializers.IntegerField(write_only=True, required=False)
    state = serializers.SerializerMethodField()

    class Meta:
        model = DisclosureEntry
        fields = [
            "id",
            "parent",
            "title",
            "body",
            "summary",
            "keywords",
            "doc_number",
            "written_on",
            "published_on",
            "topic",
            "genre",
            "five_public",
            "openness",
            "disclosure_scope",
            "validity",
            "effective_on",
            "expired_on",
            "classification",
            "classified_on",
            "secrecy_period_years",
            "secrecy_period_basis",
            "interprets",
            "state",
            "index_number",
        ]
        read_only_fields = ["index_number"]

    def get_state(self, entry) -> str:
        return disclosure_status(entry)

    def validate_body(self, value):
        # The admin editor's whitelist (pages.richtext), on create and on every update: only the
        # sanitised HTML is stored.
        return sanitize_rich_text(value)


class DraftListView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_scope = "writes"

    @extend_schema(
        summary="新建草稿（与管理后台相同的校验）", request=DraftSerializer, responses={201: DraftSerializer}
    )
    def post(self, request):
        serializer = DraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        parent_id = data.pop("parent", None)
        if parent_id is None:
            raise exceptions.ValidationError({"parent": "必须指定所属事项或领域（parent）"})
        parent = Page.objects.filter(pk=parent_id).first()
        if parent is None:
            raise exceptions.ValidationError({"parent": "所属事项或领域不存在"})
        parent = parent.specific
        if not DisclosureEntry.can_create_at(parent):
            raise exceptions.ValidationError({"parent": "公开信息只能建在事项或领域下"})
        if not parent.permissions_for_user(request.user).can_add_subpage():
            raise exceptions.PermissionDenied("无权在此目录下新建信息")
        entry = DisclosureEntry(live=False, owner=request.user, **data)
        entry.depth = parent.depth + 1
        entry.path = parent.path + "0000"  # provisional, for clean(); add_child assigns the real one
        _clean(entry)
        entry.path = None
        parent.add_child(instance=entry)
        entry.save_revision(user=request.user)
        return Response(DraftSerializer(entry).data, status=status.HTTP_201_CREATED)


class DraftDetailView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_scope = "writes"

    @extend_schema(summary="读取最新草稿", responses=DraftSerializer)
    def get(self, request, pk):
        entry = _staff_entry(request, pk)
        return Response(DraftSerializer(entry.get_latest_revision_as_object()).data)

    @extend_schema(summary="修改（保存为新的草稿版本）", request=DraftSerializer, responses=DraftSerializer)
    def patch(self, request, pk):
        entry = get_object_or_404(DisclosureEntry, pk=pk)
        perms = entry.permissions_for_user(request.user)
        if not perms.can_edit() or perms.page_locked():
            raise exceptions.PermissionDenied("无权修改此信息（或正在审核中已锁定）")
        draft = entry.get_latest_revision_as_object()
        serializer = DraftSerializer(draft, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("parent", None)
        for key, value in data.items():
            setattr(draft, key, value)
        _clean(draft)
        draft.save_revision(user=request.user)
        return Response(DraftSerializer(draft).data)


def _clean(entry):
    try:
        entry.full_clean(exclude=["path", "depth", "slug", "url_path", "content_type", "translation_key", "locale"])
    except ValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        raise exceptions.ValidationError(detail)
