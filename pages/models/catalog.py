"""The catalog pages under a portal: 领域 (CatalogArea) → 事项 (CatalogItem)."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Page

from .choices import Audience, CatalogMethod, UpdateRhythm
from .departments import Department
from .portal import NoWorkflowMixin, PortalContextMixin, portal_of


class CatalogOwnedMixin(NoWorkflowMixin):
    """Shared by areas and items: who owns the node and its entries, and 未涉及."""

    def clean(self):
        super().clean()
        if self.not_applicable and not self.not_applicable_reason.strip():
            raise ValidationError(
                {"not_applicable_reason": "标记为未涉及时须说明理由（将在“未涉及领域事项说明”中公开）"}
            )
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
    not_applicable = models.BooleanField(
        "未涉及", default=False, help_text="本机关不涉及此项工作；须说明理由，说明将公开，自查不再计为空白栏目"
    )
    not_applicable_reason = models.TextField("未涉及理由", blank=True)

    parent_page_types = ["pages.DisclosurePortal"]
    subpage_types = [
        "pages.CatalogItem",
        "pages.DisclosureEntry",
        "pages.QuestionAnswerEntry",
        "pages.ConsultationFeedbackEntry",
        "pages.InterpretationEntry",
        "pages.ResponseEntry",
    ]

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("department"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("not_applicable"), FieldPanel("not_applicable_reason")]),
    ]

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
        from pages.catalog_counts import item_counts
        from pages.listing import entries_page

        counts = item_counts(self)
        items = list(CatalogItem.objects.child_of(self).live().public())
        for item in items:
            item.public_count = counts.get(item.pk, 0)
        context["items"] = items
        context.update(entries_page(request, _public_entries().child_of(self)))
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
    not_applicable = models.BooleanField(
        "未涉及", default=False, help_text="本机关不涉及此项工作；须说明理由，说明将公开，自查不再计为空白栏目"
    )
    not_applicable_reason = models.TextField("未涉及理由", blank=True)
    # 范文: the office's model entry for this item; 新建 under the item starts from it.
    model_title = models.CharField(
        "范文标题", max_length=255, blank=True, help_text="新建信息时预填的标题，如：清河镇2026年第X季度低保名单公示"
    )
    model_body = RichTextField(
        "范文正文",
        blank=True,
        help_text="新建信息时预填的正文，如公示的栏目（姓名、家庭人口、保障金额……）和固定表述；信息员在此基础上修改",
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
        FieldRowPanel([FieldPanel("not_applicable"), FieldPanel("not_applicable_reason")]),
        MultiFieldPanel([FieldPanel("model_title"), FieldPanel("model_body")], heading="范文（新建信息的起点）"),
    ]

    class Meta:
        verbose_name = "公开事项"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from pages.listing import entries_page

        context.update(entries_page(request, _public_entries().child_of(self)))
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
