from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.models import TaskState
from wagtail.snippets.models import register_snippet

from cms.admin_panels import DashboardPanel
from pages.models import ForcedPublication, PublicContactNumber
from pages.permissions import is_leader
from pages.publishing.held import CONFIRM_HELD_LOG_ACTION
from pages.publishing.pipeline import GUARD_LOG_ACTION, IMPORT_PUBLISH_LOG_ACTION, REFUSED_LOG_ACTION

from . import drafts, queue, returned, review, review_lists, views
from .models import DisclosureApprovalTask
from .new_entry import NewEntryPanel
from .services import CONFIRM_LOG_ACTION, FORCE_LOG_ACTION, RETRACT_LOG_ACTION

register_snippet(PublicContactNumber)


@hooks.register("register_admin_urls")
def disclosure_admin_urls():
    return [
        path("gongkai/entries/<int:page_id>/force-publish/", views.force_publish_view, name="gongkai_force_publish"),
        path("gongkai/entries/<int:page_id>/retract/", views.retract_view, name="gongkai_retract"),
        path("gongkai/entries/<int:page_id>/mask/", views.mask_view, name="gongkai_mask"),
        path("gongkai/forced/<int:record_id>/confirm/", views.confirm_forced_view, name="gongkai_confirm_forced"),
        path(
            "gongkai/entries/<int:page_id>/attachments/<int:document_id>/confirm/",
            views.confirm_held_attachment_view,
            name="gongkai_confirm_held_attachment",
        ),
        path("gongkai/review/<int:page_id>/", review.review_view, name="gongkai_review"),
        path("gongkai/my-drafts/", drafts.my_drafts_view, name="gongkai_my_drafts"),
        path("gongkai/review/queue/", review_lists.queue_view, name="gongkai_review_queue"),
        path("gongkai/review/published/", review_lists.published_view, name="gongkai_review_published"),
        path("gongkai/review/decisions/", review_lists.decisions_view, name="gongkai_review_decisions"),
        path(
            "gongkai/moderation/<int:task_state_id>/done/", views.moderation_done_view, name="gongkai_moderation_done"
        ),
    ]


@hooks.register("register_admin_menu_item")
def approver_menu():
    return review_lists.approver_menu_item()


@hooks.register("register_admin_menu_item")
def my_drafts_menu():
    return drafts.my_drafts_menu_item()


# -- history (audit log) -------------------------------------------------------


@hooks.register("register_log_actions")
def register_disclosure_log_actions(actions):
    @actions.register_action(GUARD_LOG_ACTION)
    class GuardPassed(LogFormatter):
        label = "保密审查"

        def format_message(self, log_entry):
            results = log_entry.data.get("results", [])
            return "保密审查通过：" + "；".join(f"{r['guard']}：{r['message']}" for r in results)

    @actions.register_action(REFUSED_LOG_ACTION)
    class GuardRefused(LogFormatter):
        label = "发布被拒绝"

        def format_message(self, log_entry):
            results = [r for r in log_entry.data.get("results", []) if not r.get("passed")]
            detail = "；".join(f"{r['guard']}：{r['message']}" for r in results) or log_entry.data.get("reason", "")
            return "发布被拒绝，已退回修改：" + detail

    class WithReason(LogFormatter):
        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")

    for action, label, message in (
        (FORCE_LOG_ACTION, "强制发布", "强制发布（待他人复核）"),
        (CONFIRM_LOG_ACTION, "强制发布复核", "强制发布已复核"),
        (RETRACT_LOG_ACTION, "撤回", "已撤回，索引号保留"),
        (CONFIRM_HELD_LOG_ACTION, "附件人工确认", "无法读取的附件已由审核人确认无个人信息"),
    ):
        actions.register_action(action)(
            type(f"Formatter_{action}", (WithReason,), {"label": label, "message": message})
        )
    actions.register_action(IMPORT_PUBLISH_LOG_ACTION, "导入发布", "由导入命令发布（操作员操作）")


# -- page header buttons ---------------------------------------------------------


@hooks.register("register_page_header_buttons")
def entry_header_buttons(page, user, next_url=None, view_name=None):
    from pages.models import DisclosureEntry

    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page
    if not isinstance(specific, DisclosureEntry):
        return []
    perms = specific.permissions_for_user(user)
    buttons = []
    if perms.can_force_publish():
        buttons.append(
            Button("强制发布", reverse("gongkai_force_publish", args=[page.pk]), icon_name="warning", priority=60)
        )
    if perms.can_retract():
        buttons.append(Button("撤回", reverse("gongkai_retract", args=[page.pk]), icon_name="cross", priority=61))
    return buttons


def _warn_guard_findings(request, page):
    from pages.models import DisclosureEntry
    from pages.publishing.guards import check_publication
    from pages.publishing.held import can_confirm_held_attachments

    if not isinstance(page.specific, DisclosureEntry):
        return
    entry = page.specific
    check = check_publication(entry.get_latest_revision_as_object())
    csrf = request.META.get("CSRF_COOKIE", "")
    for result in check.problems:
        maskable = [f for f in result.findings if not f.held]
        held = [f for f in result.findings if f.held]
        if maskable:
            messages.warning(
                request,
                format_html(
                    "保密审查未通过（{}）：{}。<form method='post' action='{}' style='display:inline'>"
                    "<input type='hidden' name='csrfmiddlewaretoken' value='{}'>"
                    "<button type='submit' class='button button-small'>一键脱敏</button></form>",
                    result.message,
                    "；".join(str(f) for f in maskable[:10]),
                    reverse("gongkai_mask", args=[page.pk]),
                    csrf,
                ),
            )
        if held:
            may_confirm = can_confirm_held_attachments(request.user, entry)
            for finding in held[:10]:
                if may_confirm:
                    messages.warning(
                        request,
                        format_html(
                            "保密审查：{} <a class='button button-small' href='{}'>确认附件</a>",
                            str(finding),
                            reverse("gongkai_confirm_held_attachment", args=[page.pk, finding.document_id]),
                        ),
                    )
                else:
                    messages.warning(request, f"保密审查：{finding}（请本部门负责人或领导查看文件后确认）")
        if not result.findings:
            messages.warning(request, f"保密审查未通过：{result.message}")


hooks.register("before_edit_page", returned.returned_banner)


@hooks.register("after_edit_page")
def guard_feedback_after_edit(request, page):
    if request.POST.get("action-workflow-action"):
        return moderation_done_after_edit(request, page)
    _warn_guard_findings(request, page)


def moderation_done_after_edit(request, page):
    """An approval or rejection from the edit view's footer: Wagtail would go back to the page
    (or its parent's listing), which the leader may not open once it is published. The dashboard's
    confirmation instead, without Wagtail's "page updated" message."""
    from .models import moderation_done_url

    task_state = (
        TaskState.objects.filter(
            workflow_state__object_id=str(page.pk),
            workflow_state__base_content_type_id=page.get_base_content_type().pk,
            finished_by=request.user,
        )
        .order_by("-finished_at", "-pk")
        .first()
    )
    if task_state is None:
        return None
    for _message in messages.get_messages(request):
        pass  # consumed: the confirmation replaces them
    return redirect(moderation_done_url(task_state))


@hooks.register("before_edit_page")
def repeated_workflow_action(request, page):
    """审核通过/退回修改 from an edit view opened before somebody else finished that step: Wagtail
    would not find the action and save the form as an edit instead. 「已处理」 and the dashboard."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    name = request.POST.get("workflow-action-name")
    task = page.current_workflow_task
    if task is not None and name in [a[0] for a in task.specific.get_actions(page, request.user)]:
        return None
    finished = (
        TaskState.objects.filter(
            workflow_state__object_id=str(page.pk),
            workflow_state__base_content_type_id=page.get_base_content_type().pk,
            finished_at__isnull=False,
        )
        .exclude(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )
    step = finished.task.specific if finished else None
    if not isinstance(step, DisclosureApprovalTask) or not step.user_can_approve(page, request.user, finished):
        return None  # not a step this user could have acted on: Wagtail's own answer
    messages.warning(request, views.already_handled_message(finished))
    return redirect("wagtailadmin_home")


@hooks.register("after_create_page")
def guard_feedback_after_create(request, page):
    _warn_guard_findings(request, page)


# -- dashboard ---------------------------------------------------------------------


class ModerationQueuePanel(DashboardPanel):
    name = "gongkai_moderation_queue"
    template_name = "workflows/admin/moderation_queue_panel.html"
    order = 50

    def get_panel_context(self, request):
        selected = request.GET.get("queue_dept")
        selected = int(selected) if selected and selected.isdigit() else None
        rows, departments = queue.moderation_rows(request.user, selected)
        return {"rows": rows, "departments": departments, "selected": selected}


class ForcedPublicationsPanel(DashboardPanel):
    name = "gongkai_forced_publications"
    template_name = "workflows/admin/forced_publications_panel.html"
    order = 40

    def get_panel_context(self, request):
        records = list(ForcedPublication.objects.filter(confirmed_at=None).select_related("entry", "forced_by"))
        for record in records:
            record.can_confirm = record.forced_by_id != request.user.pk and is_leader(request.user, record.entry)
        return {"records": records}


@hooks.register("construct_homepage_panels")
def disclosure_panels(request, panels):
    from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

    # Our queue replaces Wagtail's: it applies the per-entry approvers and the four-eyes rule.
    panels[:] = [p for p in panels if not isinstance(p, WorkflowObjectsToModeratePanel)]
    panels.append(returned.ReturnedEntriesPanel())
    panels.append(NewEntryPanel())
    panels.append(drafts.MyDraftsPanel())
    panels.append(ForcedPublicationsPanel())
    panels.append(ModerationQueuePanel())
