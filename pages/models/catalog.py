"""The portal and its catalog pages: 领域 (CatalogArea) → 事项 (CatalogItem)."""

import string

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from .choices import Audience, CatalogMethod, UpdateRhythm
from .departments import Department

# 公开层级 of a portal: which standard catalog items apply (an item lists the levels it applies at).
PORTAL_LEVELS = [("", "不限（全部层级的事项）"), ("县级", "县级"), ("乡级", "乡级")]


def applies_at(item_levels, portal_level):
    """Whether an item whose 公开层级 is ``item_levels`` ("县级、乡级" or a list) applies at ``portal_level``
    (an empty portal level means every level: portals set up before levels existed)."""
    if not portal_level:
        return True
    if isinstance(item_levels, str):
        item_levels = [part.strip() for part in item_levels.replace(",", "、").split("、")]
    return portal_level in item_levels


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


class DisclosurePortal(NoWorkflowMixin, PortalContextMixin, RoutablePageMixin, Page):
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
    level = models.CharField(
        "行政层级",
        max_length=10,
        choices=PORTAL_LEVELS,
        blank=True,
        default="",
        help_text="决定载入哪些标准目录事项；乡镇选“乡级”，县级政府及部门选“县级”",
    )

    # What the public site's footer and the generated 政府信息公开指南 show (site_info.py).
    host_name = models.CharField("主办单位", max_length=100, blank=True, help_text="留空时使用机关名称")
    operator_name = models.CharField("承办单位", max_length=100, blank=True, help_text="如：某某镇党政综合办公室")
    office_name = models.CharField(
        "政府信息公开工作机构", max_length=100, blank=True, help_text="如：某某镇政务公开办公室（指南中受理申请的机构）"
    )
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    office_hours = models.CharField(
        "办公时间", max_length=200, blank=True, help_text="如：工作日上午8:30—12:00，下午14:30—17:30（法定节假日除外）"
    )
    phone = models.CharField("咨询电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    supervisor = models.CharField(
        "监督投诉", max_length=200, blank=True, help_text="受理投诉举报的上级机关或主管部门及其电话"
    )
    site_code = models.CharField("网站标识码", max_length=20, blank=True)
    icp_number = models.CharField("ICP备案号", max_length=50, blank=True, help_text="如：京ICP备12345678号")
    police_number = models.CharField(
        "公安机关备案号", max_length=50, blank=True, help_text="如：京公网安备11010502000001号"
    )
    party_mark = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="党政机关网站标识",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="由开办单位上传的党政机关网站标识图片",
    )
    guide_updated_on = models.DateField("指南更新日期", null=True, blank=True, editable=False)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.CatalogArea"]
    max_count_per_parent = None

    content_panels = Page.content_panels + [
        FieldPanel("body_name"),
        FieldRowPanel([FieldPanel("org_code"), FieldPanel("index_pattern")]),
        FieldRowPanel([FieldPanel("level"), FieldPanel("leaders_group")]),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("host_name"), FieldPanel("operator_name")]),
                FieldPanel("office_name"),
                FieldRowPanel([FieldPanel("office_address"), FieldPanel("postcode")]),
                FieldPanel("office_hours"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("fax"), FieldPanel("email")]),
                FieldPanel("supervisor"),
            ],
            heading="联系方式与政府信息公开指南",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("site_code"), FieldPanel("icp_number"), FieldPanel("police_number")]),
                FieldPanel("party_mark"),
            ],
            heading="网站标识与备案",
        ),
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
        from pages.portal_home import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self))
        return context

    # The 政府信息公开 column and the generated 指南: short, stable URLs below the portal.
    @path("")
    def home(self, request):
        return self.render(request)

    @path("xxgk/", name="column")
    def column(self, request):
        from pages.site_info import proactive_sections

        return self.render(
            request,
            context_overrides={"sections": proactive_sections(self)},
            template="pages/public/disclosure_column.html",
        )

    @path("zhinan/", name="guide")
    def guide(self, request):
        from pages.site_info import guide_context

        return self.render(
            request, context_overrides=guide_context(self), template="pages/public/disclosure_guide.html"
        )

    @path("ditu/", name="site_map")
    def site_map(self, request):
        from pages.site_info import proactive_sections

        return self.render(
            request, context_overrides={"sections": proactive_sections(self)}, template="pages/public/site_map.html"
        )

    def site_map_url(self):
        return self.url + self.reverse_subpage("site_map")

    def column_links(self):
        from pages.site_info import column_links

        return column_links(self)

    def column_url(self):
        return self.url + self.reverse_subpage("column")

    def guide_url(self):
        return self.url + self.reverse_subpage("guide")

    def section(self, title):
        """A live statutory section of the catalog by title (政府信息公开制度 …), or None."""
        from pages.catalog import child_by_title

        area = child_by_title(self, CatalogArea, title)
        return area if area is not None and area.live else None

    def save(self, *args, **kwargs):
        from pages.site_info import stamp_guide_date

        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = list(kwargs["update_fields"])
        stamp_guide_date(self, kwargs.get("update_fields"))
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

    parent_page_types = ["pages.CatalogArea"]
    subpage_types = ["pages.DisclosureEntry", "pages.QuestionAnswerEntry", "pages.ConsultationFeedbackEntry"]

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
