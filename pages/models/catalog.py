"""The portal and its catalog pages: 领域 (CatalogArea) → 事项 (CatalogItem)."""

import string

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
)
from wagtail.models import Page

from .choices import Audience, CatalogMethod, UpdateRhythm
from .departments import Department

INDEX_PATTERN_FIELDS = {"org_code", "body_code", "dept", "year", "month", "serial"}
DEFAULT_INDEX_PATTERN = "{org_code}/{year}-{serial:05d}"


def validate_index_pattern(pattern):
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
    except ValueError as exc:
        raise ValidationError(f"索引号规则格式错误：{exc}") from exc
    unknown = set(names) - INDEX_PATTERN_FIELDS
    if unknown:
        raise ValidationError(
            "索引号规则含未知字段：%s（可用：%s）"
            % ("、".join(sorted(unknown)), "、".join(sorted(INDEX_PATTERN_FIELDS)))
        )
    if names.count("serial") != 1:
        raise ValidationError("索引号规则必须且只能包含一个 {serial}（流水号）")


class NoWorkflowMixin:
    """Catalog and portal pages are run by the office directly; only entries are moderated.

    Wagtail offers 提交审核 wherever an ancestor (the portal) has a workflow, and starting
    ``get_workflow()``'s ``None`` was a 500: the permission tester says no to it on these pages
    (``has_workflow`` itself stays: for the create view it means "the children have one")."""

    def get_workflow(self):
        return None

    def permissions_for_user(self, user):
        # The office's pages: department editors add entries beneath, never edit these.
        from pages.permissions import CatalogPermissionTester

        return CatalogPermissionTester(user, self)


class PortalContextMixin:
    """Every public page knows its portal (header, breadcrumbs)."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["portal"] = portal_of(self)
        return context


class DisclosurePortal(NoWorkflowMixin, PortalContextMixin, Page):
    """Root of one body's disclosure site (a county, a town …)."""

    template = "pages/public/disclosure_portal.html"

    body_name = models.CharField("机关名称", max_length=100, help_text="如：某某镇人民政府")
    org_code = models.CharField("机关机构代码", max_length=32, blank=True)
    index_pattern = models.CharField(
        "索引号规则",
        max_length=100,
        default=DEFAULT_INDEX_PATTERN,
        validators=[validate_index_pattern],
        help_text="可用字段：{org_code} 部门机构代码（缺省为机关代码）、{body_code} 机关代码、{dept} 部门简称、"
        "{year} 发布年份、{month} 发布月份、{serial} 流水号（如 {serial:05d}）",
    )
    leaders_group = models.ForeignKey(
        Group, verbose_name="领导审批组", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    intro = models.TextField("简介", blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.CatalogArea"]
    max_count_per_parent = None

    content_panels = Page.content_panels + [
        FieldPanel("body_name"),
        FieldRowPanel([FieldPanel("org_code"), FieldPanel("index_pattern")]),
        FieldPanel("leaders_group"),
        FieldPanel("intro"),
    ]

    def annual_report_item(self):
        """Where published annual reports live: the standard catalog's 政府信息公开年报 › 年度报告
        (``None`` when the portal has no such live item)."""
        from pages.catalog import child_by_title

        area = child_by_title(self, CatalogArea, "政府信息公开年报")
        item = child_by_title(area, CatalogItem, "年度报告") if area else None
        return item if item is not None and item.live else None

    class Meta:
        verbose_name = "政务公开门户"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["areas"] = CatalogArea.objects.child_of(self).live().public()
        context["latest"] = _public_entries().filter(portal=self).order_by("-published_on", "-pk")[:20]
        return context

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.leaders_group_id is None:
            from pages.permissions import ensure_leaders_group

            ensure_leaders_group(self)


def portal_of(page):
    """The DisclosurePortal a page sits in (None outside any portal)."""
    if not page.path:
        return None
    if isinstance(page, DisclosurePortal):
        return page
    return DisclosurePortal.objects.ancestor_of(page).first()


class CatalogOwnedMixin(NoWorkflowMixin):
    """Shared by areas and items: who owns the node and its entries."""

    def clean(self):
        super().clean()
        portal = portal_of(self)
        if self.department_id and portal and self.department.portal_id != portal.pk:
            raise ValidationError({"department": "责任部门不属于本门户"})


class CatalogArea(PortalContextMixin, CatalogOwnedMixin, Page):
    """领域 (e.g. 社会救助) or a statutory section (e.g. 政策文件)."""

    template = "pages/public/catalog_area.html"

    KIND_CHOICES = [("basic", "基层政务公开标准领域"), ("statutory", "法定公开栏目"), ("custom", "自定义")]

    kind = models.CharField("类别", max_length=20, choices=KIND_CHOICES, default="custom")
    department = models.ForeignKey(
        Department,
        verbose_name="责任部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="areas",
        help_text="仅用于未设事项、信息直接挂在领域下的情形",
    )
    description = models.TextField("说明", blank=True)

    parent_page_types = ["pages.DisclosurePortal"]
    subpage_types = [
        "pages.CatalogItem",
        "pages.DisclosureEntry",
        "pages.QuestionAnswerEntry",
        "pages.ConsultationFeedbackEntry",
        "pages.InterpretationEntry",
        "pages.ResponseEntry",
    ]

    content_panels = Page.content_panels + [FieldPanel("kind"), FieldPanel("department"), FieldPanel("description")]

    class Meta:
        verbose_name = "公开领域"

    def clean(self):
        super().clean()
        if self.department_id and self.pk:
            foreign = CatalogItem.objects.child_of(self).exclude(department=None).exclude(department=self.department_id)
            if foreign.exists():
                raise ValidationError({"department": "该领域下已有其他部门负责的事项，不能整体指定责任部门"})

    def has_items(self):
        return CatalogItem.objects.child_of(self).exists()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = CatalogItem.objects.child_of(self).live().public()
        context["entries"] = _public_entries().child_of(self).order_by("-published_on", "-pk")[:50]
        return context


class CatalogItem(PortalContextMixin, CatalogOwnedMixin, Page):
    """事项: a standard catalog item with its statutory metadata."""

    template = "pages/public/catalog_item.html"

    level1_name = models.CharField("一级事项", max_length=100, blank=True)
    content_elements = models.TextField("公开内容（要素）", blank=True)
    basis = models.TextField("公开依据", blank=True)
    time_limit_days = models.PositiveSmallIntegerField("公开时限（工作日）", default=20)
    time_limit_text = models.CharField(
        "公开时限说明", max_length=200, default="信息形成或者变更之日起20个工作日内", blank=True
    )
    subject = models.CharField("公开主体（标准）", max_length=200, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name="公开主体（责任部门）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    channels = models.CharField("公开渠道和载体", max_length=200, blank=True, default="政府网站")
    audience = models.CharField("公开对象", max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    method = models.CharField("公开方式", max_length=10, choices=CatalogMethod.choices, default=CatalogMethod.PROACTIVE)
    level = models.CharField("公开层级", max_length=50, blank=True, default="乡级")
    update_rhythm = models.CharField(
        "更新频率", max_length=10, choices=UpdateRhythm.choices, default=UpdateRhythm.IRREGULAR
    )

    parent_page_types = ["pages.CatalogArea"]
    subpage_types = [
        "pages.DisclosureEntry",
        "pages.InterpretationEntry",
        "pages.ResponseEntry",
        "pages.QuestionAnswerEntry",
        "pages.ConsultationFeedbackEntry",
    ]

    content_panels = Page.content_panels + [
        FieldPanel("level1_name"),
        FieldPanel("department"),
        FieldPanel("content_elements"),
        FieldPanel("basis"),
        FieldRowPanel([FieldPanel("time_limit_days"), FieldPanel("time_limit_text")]),
        FieldPanel("subject"),
        FieldPanel("channels"),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("method"), FieldPanel("level")]),
        FieldPanel("update_rhythm"),
    ]

    class Meta:
        verbose_name = "公开事项"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["entries"] = _public_entries().child_of(self).order_by("-published_on", "-pk")[:50]
        return context

    def clean(self):
        super().clean()
        parent = self.get_parent().specific if self.path and self.depth > 1 else None
        if isinstance(parent, CatalogArea) and parent.department_id and self.department_id:
            if parent.department_id != self.department_id:
                raise ValidationError({"department": f"所属领域由「{parent.department}」负责，事项的责任部门须一致"})


def _public_entries():
    from .entries import public_entries  # entries import this module

    return public_entries()
