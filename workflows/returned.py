"""已退回: the reviewer's comment in a banner on the returned entry's edit page and in the editor's
dashboard panel, with the way back (修改后点「重新提交」)."""

from django.contrib import messages
from wagtail.models import TaskState, WorkflowState

from cms.admin_panels import DashboardPanel
from pages.models import DisclosureEntry
from pages.permissions import staff_departments


def last_rejection(workflow_state):
    return (
        workflow_state.task_states.filter(status=TaskState.STATUS_REJECTED)
        .select_related("finished_by", "task")
        .order_by("-finished_at", "-pk")
        .first()
    )


def rejection_text(task_state):
    user = task_state.finished_by
    who = (user.get_full_name() or user.get_username()) if user else "审核人"
    return f"{who}（{task_state.task.name}）的退回意见：{task_state.comment or '（未填写）'}"


def returned_banner(request, page):
    """before_edit_page: on opening a returned entry, the comment once at the top of the page."""
    if request.method != "GET":
        return
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return
    rejection = last_rejection(workflow_state)
    text = rejection_text(rejection) if rejection else "保密审查未通过，详见页面历史"
    messages.warning(request, f"此信息已退回修改。{text}。请修改后点「重新提交」。")


class ReturnedEntriesPanel(DashboardPanel):
    name = "gongkai_returned"
    template_name = "workflows/admin/returned_panel.html"
    order = 45

    def get_panel_context(self, request):
        user = request.user
        department_ids = set(staff_departments(user).values_list("pk", flat=True))
        states = WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES).order_by("-created_at")
        entries = DisclosureEntry.objects.in_bulk([int(s.object_id) for s in states])
        rows = []
        for state in states:
            entry = entries.get(int(state.object_id))
            if entry is None or not (state.requested_by_id == user.pk or entry.department_id in department_ids):
                continue
            if not entry.permissions_for_user(user).can_edit():
                continue
            rejection = last_rejection(state)
            rows.append({"entry": entry, "comment": rejection_text(rejection) if rejection else "保密审查未通过"})
        return {"rows": rows}
