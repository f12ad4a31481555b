"""我的草稿: the editor's own unfinished entries — drafts (autosaved or abandoned ones included),
returned entries with the reviewer's comment, entries in review — each with what to do next.
In the editor's menu and, the first few, on the dashboard."""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin.menu import MenuItem
from wagtail.models import Revision, WorkflowState

from cms.admin_panels import DashboardPanel
from pages.models import Department, DisclosureEntry

from .returned import last_rejection, rejection_text

PER_PAGE = 30
PANEL_ROWS = 5


def own_unfinished(user):
    """Entries ``user`` created or last saved that are not published as they stand.

    "Last saved" is read through the user's own revisions rather than a join on every page's
    latest revision, so both halves of the OR use an index (a scan of the page table at 100,000
    entries, issue 19)."""
    if not (user and user.is_authenticated and user.is_active):
        return DisclosureEntry.objects.none()
    own_revisions = Revision.objects.filter(user=user).values("pk")
    return (
        DisclosureEntry.objects.filter(Q(owner=user) | Q(latest_revision__in=own_revisions))
        .filter(Q(live=False) | Q(has_unpublished_changes=True))
        .exclude(retracted_at__isnull=False, live=False)
        .order_by("-latest_revision_created_at", "-pk")
    )


def next_step(entry):
    """(状态, 下一步) for one of the editor's entries."""
    state = entry.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        rejection = last_rejection(state)
        comment = rejection_text(rejection) if rejection else "保密审查未通过"
        return f"按退回意见修改后点「重新提交」。{comment}"
    if state is not None:
        task = state.current_task_state.task.name if state.current_task_state_id else "审核"
        return f"正在{task}，无需操作；如需修改可先撤回提交"
    if entry.live:
        return "已发布的信息有未提交的修改：改完后点「提交审核」"
    return "补全内容后点「提交审核」；不再需要的草稿可以删除"


def listed(entries):
    """``entries`` with their current workflow state fetched in one query, not three per row.

    Wagtail's ``prefetch_workflow_states()`` reads the base-content-type relation on a
    ``DisclosureEntry`` queryset (not ``.specific()``), which finds no state; this one matches."""
    states = WorkflowState.objects.active().select_related("current_task_state__task")
    return entries.prefetch_related(
        Prefetch("_specific_workflow_states", queryset=states, to_attr="_current_workflow_states")
    )


def draft_rows(user, entries):
    rows = []
    for entry in entries:
        permissions = entry.permissions_for_user(user)
        rows.append(
            {
                "entry": entry,
                "status": entry.status_string,
                "next": next_step(entry),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[entry.pk]) if permissions.can_edit() else "",
                "delete_url": (
                    reverse("wagtailadmin_pages:delete", args=[entry.pk])
                    if not entry.live and entry.current_workflow_state is None and permissions.can_delete()
                    else ""
                ),
            }
        )
    return rows


def my_drafts_view(request):
    page = Paginator(listed(own_unfinished(request.user)), PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "workflows/admin/my_drafts.html",
        {"title": "我的草稿", "rows": draft_rows(request.user, page), "page": page},
    )


def is_editor(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or Department.objects.filter(editors_group__in=user.groups.all()).exists()


class MyDraftsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_editor(request.user)


def my_drafts_menu_item():
    return MyDraftsMenuItem(
        "我的草稿", reverse("gongkai_my_drafts"), name="gongkai_my_drafts", icon_name="doc-empty", order=140
    )


class MyDraftsPanel(DashboardPanel):
    name = "gongkai_my_drafts"
    template_name = "workflows/admin/my_drafts_panel.html"
    order = 46

    def get_panel_context(self, request):
        entries = list(listed(own_unfinished(request.user))[: PANEL_ROWS + 1])
        return {
            "rows": draft_rows(request.user, entries[:PANEL_ROWS]),
            "more": len(entries) > PANEL_ROWS,
            "all_url": reverse("gongkai_my_drafts"),
        }
