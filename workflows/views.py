"""Admin views for 强制发布, 复核, 撤回, 一键脱敏 and 确认无法读取的附件. Thin wrappers over
workflows.services and pages.publishing."""

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.models import TaskState, WorkflowState

from pages.models import DisclosureEntry, ForcedPublication
from pages.publishing import held
from pages.publishing.guards import PUBLIC_TEXT_FIELDS, mask_text, public_contact_numbers
from pages.publishing.personal_data import contains_personal_information

from . import services


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=True,
        error_messages={"required": "必须填写理由"},
    )


def _edit_url(entry):
    return reverse("wagtailadmin_pages:edit", args=[entry.pk])


def _reason_view(request, page_id, action, title, submit_label, permission):
    entry = get_object_or_404(DisclosureEntry, pk=page_id)
    if not getattr(entry.permissions_for_user(request.user), permission)():
        raise PermissionDenied
    return _reason_form(
        request,
        entry,
        lambda reason: action(entry, request.user, reason),
        lambda: f"{title}：{entry.title}",
        {"title": title, "submit_label": submit_label},
    )


def _reason_form(request, entry, act, success, context):
    """The reason form for ``entry``: a valid POST runs ``act(reason)`` and goes back to the editor
    with the message ``success()`` (read after the action), or shows why it was refused."""
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
        else:
            messages.success(request, success())
            return redirect(_edit_url(entry))
    return TemplateResponse(
        request,
        "workflows/admin/reason_form.html",
        {"entry": entry, "form": form, "edit_url": _edit_url(entry), **context},
    )


def force_publish_view(request, page_id):
    return _reason_view(request, page_id, services.force_publish, "强制发布", "强制发布", "can_force_publish")


def retract_view(request, page_id):
    return _reason_view(request, page_id, services.retract, "撤回", "确认撤回", "can_retract")


@require_POST
def confirm_forced_view(request, record_id):
    record = get_object_or_404(ForcedPublication, pk=record_id)
    try:
        services.confirm_forced_publication(record, request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已复核强制发布：{record.entry.title}")
    return redirect("wagtailadmin_home")


# Fields 一键脱敏 edits: the entry's own public texts (发布机构 only when typed in, not the
# department's name; the 网址 gets a new random slug instead of stars).
MASKED_FIELDS = [attr for attr, _ in PUBLIC_TEXT_FIELDS if attr not in ("publisher_name", "slug")] + ["publisher"]


def mask_draft(draft, numbers):
    """Mask every finding in the draft's public texts, attachment titles and slug; True when changed."""
    changed = False
    for field in MASKED_FIELDS + ["body"]:
        value = getattr(draft, field) or ""
        masked = mask_text(value, numbers, html=field == "body")
        if masked != value:
            setattr(draft, field, masked)
            changed = True
    if contains_personal_information(draft.slug or "", numbers):
        draft.slug = uuid.uuid4().hex[:12]
        changed = True
    for attachment in draft.attachments.all():
        title = attachment.display_title or ""
        masked = mask_text(title, numbers)
        if masked != title:
            attachment.title = masked  # overrides the document's own title on the page
            changed = True
    return changed


@require_POST
def mask_view(request, page_id):
    """一键脱敏: a new draft revision with every finding masked (every public text field, the body with
    its link targets and attributes, attachment titles)."""
    entry = get_object_or_404(DisclosureEntry, pk=page_id)
    if not entry.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    draft = entry.get_latest_revision_as_object()
    if mask_draft(draft, public_contact_numbers()):
        draft.save_revision(user=request.user, log_action=True)
        messages.success(
            request,
            "已对标题、概述、关键词、发文字号、正文（含链接）和附件名称中的个人信息脱敏并保存为新的草稿版本；"
            "附件内容和文件名请替换为脱敏后的文件",
        )
    else:
        messages.info(request, "正文和各字段中未发现需要脱敏的个人信息")
    return redirect(_edit_url(entry))


def confirm_held_attachment_view(request, page_id, document_id):
    """确认无法读取的附件: a reviewer looked at the scan / image / encrypted file; reason mandatory."""
    entry = get_object_or_404(DisclosureEntry, pk=page_id)
    if not held.can_confirm_held_attachments(request.user, entry):
        raise PermissionDenied
    row = next((r for r in held.held_attachments(entry) if r[1].pk == document_id), None)
    if row is None:
        messages.info(request, "该附件无需人工确认")
        return redirect(_edit_url(entry))
    attachment, document, scan, confirmation = row
    return _reason_form(
        request,
        entry,
        lambda reason: held.confirm_held_attachment(entry, document, request.user, reason),
        lambda: f"已确认附件「{mask_text(attachment.display_title)}」：{entry.title}",
        {
            "title": "确认无法读取的附件",
            "intro": (
                f"附件「{mask_text(attachment.display_title)}」无法读取内容：{held.held_reasons(scan)}。"
                "请打开文件逐页查看，确认其中没有未脱敏的身份证号、手机号、银行卡号等个人信息后填写理由。"
            ),
            "document_url": document.url,
            "submit_label": "确认无个人信息",
        },
    )


def moderation_outcome(task_state):
    """(level, text) of the confirmation after an approval or rejection of ``task_state``."""
    entry = task_state.workflow_state.content_object.specific
    title = entry.get_admin_display_title()
    workflow_state = task_state.workflow_state
    if task_state.status == TaskState.STATUS_REJECTED:
        return messages.SUCCESS, f"已退回修改：{title}（退回意见已转给信息员）"
    if task_state.status != TaskState.STATUS_APPROVED:
        return messages.INFO, f"审核状态未改变：{title}"
    if workflow_state.status == WorkflowState.STATUS_APPROVED and entry.live and entry.index_number:
        return messages.SUCCESS, f"已发布，索引号 {entry.index_number}：{title}"
    if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        # The guards refused at the last step (workflows.finish): back to the editor.
        return messages.WARNING, f"保密审查未通过，未发布，已退回信息员修改：{title}（详见页面历史）"
    next_state = workflow_state.current_task_state
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS and next_state:
        return messages.SUCCESS, f"已审核通过，已转{next_state.task.name}：{title}"
    return messages.SUCCESS, f"已审核通过：{title}"


def moderation_done_view(request, task_state_id):
    """Where every approval and rejection in the admin ends: a confirmation on the dashboard."""
    task_state = (
        TaskState.objects.filter(pk=task_state_id, finished_by=request.user.pk)
        .select_related("workflow_state", "task")
        .first()
    )
    if task_state is not None:
        level, text = moderation_outcome(task_state)
        messages.add_message(request, level, text)
    return redirect("wagtailadmin_home")


def already_handled_message(task_state):
    """「已处理」 for a step somebody finished: who, what, when, and where to go next."""
    who = task_state.finished_by.get_username() if task_state.finished_by_id else "他人"
    outcome = services.TASK_OUTCOMES.get(task_state.status, "处理")
    when = f"于{timezone.localtime(task_state.finished_at):%Y-%m-%d %H:%M}" if task_state.finished_at else ""
    return f"已处理：此审核环节已由{who}{when}{outcome}，无需重复操作。仍需您处理的事项见下方「待我审核」。"


def workflow_action_view(request, page_id, action_name, task_state_id):
    """Wagtail's workflow action (审核通过/退回修改), except for a step somebody already finished —
    before the form or, in a race, while acting: a clear 「已处理」 on the dashboard instead of
    Wagtail's generic refusal (没有权限 / 不在审核中)."""
    from wagtail.admin.modal_workflow import render_modal_workflow
    from wagtail.admin.views.pages.workflow import WorkflowActionView

    def handled(text):
        messages.warning(request, text)
        home = reverse("wagtailadmin_home")
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return render_modal_workflow(request, "", None, {}, json_data={"step": "success", "redirect": home})
        return redirect(home)

    task_state = TaskState.objects.filter(pk=task_state_id).select_related("finished_by").first()
    if task_state is not None and task_state.status != TaskState.STATUS_IN_PROGRESS:
        return handled(already_handled_message(task_state))
    try:
        return WorkflowActionView.as_view()(
            request, page_id=page_id, action_name=action_name, task_state_id=task_state_id
        )
    except services.AlreadyHandled:
        return handled(already_handled_message(TaskState.objects.get(pk=task_state_id)))
