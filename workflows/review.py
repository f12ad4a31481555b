"""审核页: where a reviewer (部门审核) or a leader (领导审批) decides. The entry as the public will see
it (the approved revision's preview, metadata table, attachments), the 保密审查 and personal-data
findings, the history, and 审核通过 / 退回修改 (a comment is required to return). Every decision
ends on the dashboard's confirmation (``moderation_done_url``), back at the queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState

from pages.models import DisclosureEntry
from pages.permissions import owner_department
from pages.publishing.guards import check_publication, mask_text
from pages.publishing.held import can_confirm_held_attachments

from . import services
from .models import DisclosureApprovalTask, moderation_done_url

METADATA = (
    ("索引号", lambda e: e.index_number or "发布时自动分配"),
    ("发布机构", lambda e: e.publisher_name),
    ("发文字号", lambda e: e.doc_number),
    ("成文日期", lambda e: e.written_on),
    ("发布日期", lambda e: e.published_on or "发布当日"),
    ("主题分类", lambda e: e.topic),
    ("体裁分类", lambda e: e.genre),
    ("五公开", lambda e: e.five_public),
    ("有效性", lambda e: e.validity + (f"（{e.expired_on:%Y-%m-%d}起）" if e.expired_on else "")),
    ("公开方式", lambda e: e.openness),
    ("公开范围", lambda e: e.disclosure_scope),
    ("关键词", lambda e: e.keywords),
    ("内容概述", lambda e: e.summary),
    ("密级", lambda e: e.classification + (f"（定密日期 {e.classified_on:%Y-%m-%d}）" if e.classified_on else "")),
)


def review_url(entry):
    return reverse("gongkai_review", args=[entry.pk])


def current_review(entry, user):
    """(task state, task, may decide) of the entry's current step, for someone of its approver
    groups; PermissionDenied for anybody else or when nothing waits for a decision."""
    task_state = entry.current_workflow_task_state
    if task_state is None:
        raise PermissionDenied("此信息不在审核中")
    task = task_state.task.specific
    if not isinstance(task, DisclosureApprovalTask) or not task.user_can_access_editor(entry, user):
        raise PermissionDenied("此信息不由您审核")
    return task_state, task, task.user_can_approve(entry, user, task_state)


def guard_rows(entry, draft, user):
    """The 保密审查 verdicts of the revision under review, findings masked, held attachments with
    their confirmation link when the user may confirm them."""
    may_confirm = can_confirm_held_attachments(user, entry)
    rows = []
    for result in check_publication(draft).results:
        findings = [str(f) for f in result.findings if not f.held]
        held = [
            {
                "text": str(f),
                "url": reverse("gongkai_confirm_held_attachment", args=[entry.pk, f.document_id])
                if may_confirm
                else "",
            }
            for f in result.findings
            if f.held
        ]
        rows.append(
            {
                "guard": result.guard,
                "passed": result.passed,
                "message": result.message,
                "findings": findings[:30],
                "more": max(0, len(findings) - 30),
                "held": held,
            }
        )
    return rows


def history(entry):
    rows = []
    logs = PageLogEntry.objects.filter(page_id=entry.pk).select_related("user").order_by("-timestamp", "-pk")[:40]
    for log_entry in logs:
        rows.append(
            {
                "when": log_entry.timestamp,
                "who": log_entry.user_display_name,
                "what": log_entry.message,
                "comment": log_entry.comment,
            }
        )
    return rows


def review_context(entry, user):
    task_state, task, may_decide = current_review(entry, user)
    draft = task_state.revision.as_object() if task_state.revision_id else entry.get_latest_revision_as_object()
    requested_by = task_state.workflow_state.requested_by
    return {
        "entry": entry,
        "draft": draft,
        "task_state": task_state,
        "task": task,
        "may_decide": may_decide,
        "department": owner_department(entry),
        "requested_by": requested_by,
        "metadata": [(label, value(draft)) for label, value in METADATA],
        "attachments": [
            {"title": mask_text(a.display_title), "url": a.document.url if a.document_id else ""}
            for a in draft.attachments.all()
        ],
        "guards": guard_rows(entry, draft, user),
        "history": history(entry),
        "preview_url": reverse("wagtailadmin_pages:workflow_preview", args=[entry.pk, task.pk]),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[entry.pk]),
    }


def decide(entry, user, action, comment):
    """审核通过 (``approve``) or 退回修改 (``reject``): the finished task state."""
    if action == "reject":
        return services.reject(entry, user, comment)
    if action == "approve":
        return services.approve(entry, user, comment)
    raise PermissionDenied("未知的审核操作")


def review_view(request, page_id):
    entry = get_object_or_404(DisclosureEntry, pk=page_id)
    if entry.current_workflow_task_state is None:
        last = TaskState.objects.filter(workflow_state__object_id=str(entry.pk), finished_by=request.user.pk)
        last = last.order_by("-finished_at").first()
        messages.info(request, f"此信息已不在审核中：{entry.title}")
        return redirect(moderation_done_url(last) if last else "wagtailadmin_home")
    context = review_context(entry, request.user)
    comment = ""
    if request.method == "POST":
        comment = request.POST.get("comment", "").strip()
        try:
            task_state = decide(entry, request.user, request.POST.get("action"), comment)
        except (ValidationError, PermissionDenied) as exc:
            context["error"] = "；".join(getattr(exc, "messages", None) or [str(exc)])
        else:
            return redirect(moderation_done_url(task_state))
    context["comment"] = comment
    return TemplateResponse(request, "workflows/admin/review.html", context)
