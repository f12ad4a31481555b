"""Batch import from the admin (pages.importing.jobs, pages.importing.admin_views)."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from .departments import Department
from .portal import DisclosurePortal


def import_storage():
    # Uploaded import files hold unpublished content.
    from cms.storage import PrivateStorage

    return PrivateStorage("IMPORT_PRIVATE_ROOT", "导入文件")


def import_upload_to(instance, filename):
    suffix = os.path.splitext(filename)[1].lower()
    return f"imports/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class ImportState(models.TextChoices):
    PENDING = "pending", "待确认"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ImportMode(models.TextChoices):
    DRAFT = "draft", "草稿（经审核流程发布）"
    HISTORY = "history", "作为历史已发布信息导入"


class EntryImport(models.Model):
    """One upload in the admin: validated on upload, imported after the user confirms."""

    portal = models.ForeignKey(DisclosurePortal, verbose_name="门户", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    office_scope = models.BooleanField("可导入全部部门", default=False)
    departments = models.ManyToManyField(Department, verbose_name="可导入的部门", blank=True, related_name="+")
    file = models.FileField("文件", upload_to=import_upload_to, storage=import_storage, blank=True)
    original_name = models.CharField("原文件名", max_length=255)
    format = models.CharField("格式", max_length=10, choices=[("csv", "CSV"), ("xlsx", "Excel（.xlsx）")])
    mode = models.CharField("导入方式", max_length=10, choices=ImportMode.choices, default=ImportMode.DRAFT)
    state = models.CharField("状态", max_length=10, choices=ImportState.choices, default=ImportState.PENDING)
    total = models.PositiveIntegerField("数据行数", default=0)
    done = models.PositiveIntegerField("已处理", default=0)
    problems = models.JSONField("校验问题", default=list, blank=True)  # [[row, field, problem], …]
    preview = models.JSONField("预览", default=list, blank=True)
    targets = models.JSONField("导入到的目录", default=list, blank=True)  # [[page id, label, rows], …]
    report = models.TextField("导入报告", blank=True)
    error = models.TextField("失败原因", blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "批量导入"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.original_name}（{self.get_state_display()}）"
