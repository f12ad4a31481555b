"""Departments: each owns catalog nodes and has its editors and reviewers groups."""

from django.contrib.auth.models import Group
from django.db import models
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
)
from wagtail.models import Collection


class Department(models.Model):
    """A department of a body (财政所, 民政办 …) with its two permission groups."""

    portal = models.ForeignKey(
        "pages.DisclosurePortal", verbose_name="所属门户", on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField("部门名称", max_length=100)
    short_name = models.CharField("简称", max_length=30, blank=True)
    org_code = models.CharField(
        "机构代码", max_length=32, blank=True, help_text="用于生成索引号，如 000014349 或 18 位统一社会信用代码"
    )
    active = models.BooleanField("启用", default=True)
    editors_group = models.OneToOneField(
        Group,
        verbose_name="信息员组",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="editor_of_department",
    )
    reviewers_group = models.OneToOneField(
        Group,
        verbose_name="负责人组",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="reviewer_of_department",
    )
    collection = models.ForeignKey(
        Collection,
        verbose_name="附件集合",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("portal"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
        FieldPanel("org_code"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = verbose_name_plural = "部门"
        ordering = ["portal", "name"]
        constraints = [
            models.UniqueConstraint(fields=["portal", "name"], name="department_unique_name_per_portal"),
        ]

    def __str__(self):
        return self.name

    @property
    def display_short_name(self):
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from pages.permissions import sync_department_groups, sync_department_nodes

        sync_department_groups(self)
        sync_department_nodes(self)
