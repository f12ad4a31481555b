"""Admin views of 批量导入 (Excel/CSV): upload → preview with the row-by-row report → confirm →
progress → report. Behaviour lives in ``pages.importing.jobs``; these views only translate HTTP."""

import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from ..models import DisclosurePortal, EntryImport, ImportMode, ImportState
from . import jobs, uploads

PREVIEW_HEADERS = ["行号", "来源编号", "标题", "部门", "领域", "事项", "发布日期", "体裁分类"]


class UploadForm(forms.Form):
    file = forms.FileField(label="导入文件", help_text="Excel（.xlsx）或 CSV（UTF-8 编码）")
    portal = forms.ModelChoiceField(label="门户", queryset=DisclosurePortal.objects.none())
    history = forms.BooleanField(
        label="作为历史已发布信息导入",
        required=False,
        help_text="仅系统管理员可用：逐条经保密审查后直接发布并分配索引号；未通过审查的保存为草稿。"
        "不勾选时全部导入为草稿，须经部门审核和领导审批后发布。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.portals = jobs.importable_portals(user)
        if len(self.portals) > 1:
            self.fields["portal"].queryset = DisclosurePortal.objects.filter(pk__in=[p.pk for p in self.portals])
        else:
            del self.fields["portal"]
        if not user.is_superuser:
            del self.fields["history"]
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            jobs.check_upload(uploaded)
        except jobs.ImportJobError as exc:
            raise ValidationError(str(exc))
        return uploaded

    def chosen_portal(self):
        return self.cleaned_data["portal"] if "portal" in self.fields else self.portals[0]

    def chosen_mode(self):
        return ImportMode.HISTORY if self.cleaned_data.get("history") else ImportMode.DRAFT


def _require_importer(request):
    if not jobs.can_import(request.user):
        raise PermissionDenied


def _get_job(request, pk):
    job = get_object_or_404(EntryImport.objects.select_related("portal", "requested_by"), pk=pk)
    if not jobs.can_view(request.user, job):
        raise PermissionDenied
    return job


def index_view(request):
    _require_importer(request)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                job = jobs.create_job(
                    request.user, form.chosen_portal(), form.cleaned_data["file"], mode=form.chosen_mode()
                )
            except jobs.ImportJobError as exc:
                form.add_error("file", str(exc))
            else:
                return redirect("gongkai_import_job", pk=job.pk)
    else:
        form = UploadForm(user=request.user)
    context = {
        "form": form,
        "columns": [(key, key in uploads.REQUIRED_KEYS, uploads.COLUMN_HELP.get(key, "")) for key in uploads.COLUMNS],
        "jobs": jobs.visible_jobs(request.user).select_related("portal", "requested_by")[:20],
        "max_mb": jobs.upload_max_size() // 1024 // 1024,
    }
    return render(request, "pages/admin/import_index.html", context)


def template_view(request):
    _require_importer(request)
    buffer = io.BytesIO()
    jobs.template_workbook().save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="gongkai-import-template.xlsx"'
    return response


def job_view(request, pk):
    job = _get_job(request, pk)
    done = jobs.current_progress(job)
    context = {
        "job": job,
        "done": done,
        "percent": int(done * 100 / job.total) if job.total else (100 if job.state == ImportState.DONE else 0),
        "preview_headers": PREVIEW_HEADERS,
        "targets": [
            {"url": reverse("wagtailadmin_explore", args=[pk_]), "label": label, "count": count}
            for pk_, label, count in job.targets
        ],
        "can_confirm": job.state == ImportState.PENDING and not job.problems and job.requested_by_id == request.user.pk,
        "running": job.state == ImportState.RUNNING,
        "index_url": reverse("gongkai_import_index"),
        "status_url": reverse("gongkai_import_status", args=[job.pk]),
    }
    return render(request, "pages/admin/import_job.html", context)


@require_POST
def confirm_view(request, pk):
    job = _get_job(request, pk)
    try:
        job = jobs.confirm_job(job, request.user)
    except jobs.ImportJobError as exc:
        messages.error(request, str(exc))
    else:
        if job.state == ImportState.DONE:
            messages.success(request, "导入完成")
        elif job.state == ImportState.FAILED:
            messages.error(request, "导入失败，未写入任何数据")
        else:
            messages.success(request, "已开始导入")
    return redirect("gongkai_import_job", pk=job.pk)


def status_view(request, pk):
    job = _get_job(request, pk)
    response = JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "done": jobs.current_progress(job),
            "total": job.total,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def admin_urls():
    return [
        path("gongkai/imports/", index_view, name="gongkai_import_index"),
        path("gongkai/imports/template.xlsx", template_view, name="gongkai_import_template"),
        path("gongkai/imports/<int:pk>/", job_view, name="gongkai_import_job"),
        path("gongkai/imports/<int:pk>/confirm/", confirm_view, name="gongkai_import_confirm"),
        path("gongkai/imports/<int:pk>/status/", status_view, name="gongkai_import_status"),
    ]
