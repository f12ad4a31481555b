"""The approvers' menu (审核审批): 待我审核, 已发布信息 and 我的审批记录 (for reviewers and leaders)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.models import TaskState

from pages.models import Department, DisclosureEntry, DisclosurePortal
from pages.permissions import is_office, office_portals

from .services import TASK_OUTCOMES, approve_many

PER_PAGE = 30
BATCH_LIMIT = 100  # entries per 批量审批


def approver_scope(user):
    """(portals the user leads or runs, departments the user reviews for)."""
    if not (user and user.is_authenticated and user.is_active):
        return [], []
    group_ids = list(user.groups.values_list("pk", flat=True))
    portals = [
        p for p in DisclosurePortal.objects.order_by("path") if p.leaders_group_id in group_ids or is_office(user, p)
    ]
    departments = list(Department.objects.filter(reviewers_group__in=group_ids))
    return portals, departments


def is_approver(user):
    """``any(approver_scope(user))`` in two small queries: every admin page asks, for its menu."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    group_ids = list(user.groups.values_list("pk", flat=True))
    if Department.objects.filter(reviewers_group__in=group_ids).exists():
        return True
    if DisclosurePortal.objects.filter(leaders_group__in=group_ids).exists():
        return True
    return bool(office_portals(user))  # kept on the request's user


class ApproverMenuItem(MenuItem):
    def is_shown(self, request):
        return is_approver(request.user)


class ApproverSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return is_approver(request.user)


def approver_menu_item():
    items = [
        ApproverMenuItem(label, reverse(name), name=name, order=i)
        for i, (label, name) in enumerate(
            (
                ("待我审核", "gongkai_review_queue"),
                ("已发布信息", "gongkai_review_published"),
                ("我的审批记录", "gongkai_review_decisions"),
            )
        )
    ]
    return ApproverSubmenu("审核审批", Menu(items=items), name="gongkai_review", icon_name="tasks", order=150)


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("p"))


def _render(request, title, columns, rows, page=None, empty="暂无记录"):
    return TemplateResponse(
        request,
        "workflows/admin/review_list.html",
        {"title": title, "columns": columns, "rows": rows, "page": page, "empty": empty},
    )


def queue_view(request):
    """待我审核, with 批量审批: tick entries, one button; each entry is approved under its own rules
    (``approve_many``) and the message lists what passed and what was refused and why."""
    from .wagtail_hooks import ModerationQueuePanel

    if request.method == "POST":
        return _approve_selected(request)
    context = ModerationQueuePanel().get_panel_context(request)
    rows = [
        {
            "pk": r["entry"].pk,
            "title": r["entry"].get_admin_display_title(),
            "url": reverse("gongkai_review", args=[r["entry"].pk]),
            "cells": [r["task"].name, r["department"] or "—", r["state"].started_at],
        }
        for r in context["rows"]
    ]
    return TemplateResponse(
        request,
        "workflows/admin/review_queue.html",
        {"title": "待我审核", "columns": ["标题", "环节", "部门", "提交时间"], "rows": rows},
    )


def _approve_selected(request):
    ids = [int(pk) for pk in request.POST.getlist("entry") if pk.isdigit()][:BATCH_LIMIT]
    if not ids:
        messages.warning(request, "请先勾选要审批的信息")
        return redirect("gongkai_review_queue")
    entries = list(DisclosureEntry.objects.filter(pk__in=ids))
    result = approve_many(entries, request.user, request.POST.get("comment", "").strip())
    done = [e.get_admin_display_title() for e in result.passed]
    if done:
        messages.success(request, f"批量审批：{len(done)}条审核通过：" + "、".join(done))
    for entry, reason in result.already:
        messages.info(request, f"{entry.get_admin_display_title()}：{reason}")
    for entry, reason in result.refused:
        messages.error(request, f"未通过：{entry.get_admin_display_title()}：{reason}")
    return redirect("gongkai_review_queue")


def published_view(request):
    portals, departments = approver_scope(request.user)
    scope = Q(pk__in=[])
    for portal in portals:
        scope |= Q(path__startswith=portal.path)
    if departments:
        scope |= Q(department__in=departments)
    entries = DisclosureEntry.objects.live().filter(scope).select_related("department")
    page = _page(request, entries.order_by("-last_published_at", "-pk"))
    rows = [
        {
            "title": e.title,
            "url": e.url,
            "cells": [e.index_number or "—", e.department or "—", e.last_published_at],
        }
        for e in page
    ]
    return _render(request, "已发布信息", ["标题", "索引号", "责任部门", "发布时间"], rows, page)


def decisions_view(request):
    states = (
        TaskState.objects.filter(
            finished_by=request.user.pk, status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED]
        )
        .select_related("task", "workflow_state")
        .order_by("-finished_at", "-pk")
    )
    page = _page(request, states)
    entries = DisclosureEntry.objects.in_bulk([int(s.workflow_state.object_id) for s in page])
    rows = []
    for state in page:
        entry = entries.get(int(state.workflow_state.object_id))
        if entry is None:
            continue
        rows.append(
            {
                "title": entry.title,
                "url": entry.url if entry.live else "",
                "cells": [
                    state.task.name,
                    TASK_OUTCOMES.get(state.status, state.status),
                    state.comment or "—",
                    state.finished_at,
                    entry.status_string,
                ],
            }
        )
    return _render(
        request, "我的审批记录", ["标题", "环节", "结果", "意见", "时间", "当前状态"], rows, page, empty="暂无审批记录"
    )
