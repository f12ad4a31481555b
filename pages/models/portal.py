"""The portal (政务公开门户): its settings, the 索引号 pattern, and the mixins its pages share."""

import calendar
import datetime
import string

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

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
        # The office's pages: department editors add entries beneath, never edit these. One
        # tester per page object and user object, as for entries: a listing row asks about ten
        # times (one per button) and the tester keeps whether the user is the office here.
        from pages.permissions import CatalogPermissionTester

        testers = self.__dict__.setdefault("_permission_testers", {})
        tester = testers.get(id(user))
        if tester is None or tester.user is not user:
            tester = testers[id(user)] = CatalogPermissionTester(user, self)
        return tester


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
    # 条例 Art. 49: 县级以上 by 1月31日; a 乡镇 follows its province's rule, so the date is a setting.
    annual_report_due = models.CharField(
        "年报公布期限",
        max_length=5,
        default="01-31",
        validators=[RegexValidator(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", "请按“月-日”填写，如 01-31")],
        help_text="每年几月几日前公布上一年度政府信息公开工作年度报告（月-日，如 01-31）；"
        "县级以上按条例第四十九条为1月31日，乡镇按本省规定",
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
                FieldPanel("annual_report_due"),
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

    def annual_report_due_on(self, year):
        """The day the report on ``year`` must be public (in the following year)."""
        month, day = (int(part) for part in (self.annual_report_due or "01-31").split("-"))
        last = calendar.monthrange(year + 1, month)[1]
        return datetime.date(year + 1, month, min(day, last))

    def annual_report_item(self):
        """Where published annual reports live: the standard catalog's 政府信息公开年报 › 年度报告
        (``None`` when the portal has no such live item)."""
        from pages.catalog import child_by_title

        from .catalog import CatalogArea, CatalogItem

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

    @path("weisheji/", name="not_applicable")
    def not_applicable(self, request):
        from pages.not_applicable import not_applicable_nodes

        return self.render(
            request,
            context_overrides={"nodes": not_applicable_nodes(self)},
            template="pages/public/not_applicable.html",
        )

    @path("mulu/", name="standard_catalog")
    def standard_catalog(self, request):
        from pages.standard_catalog import COLUMNS, catalog_rows, revision_history

        context = {"columns": COLUMNS, "rows": catalog_rows(self), "history": revision_history(self, limit=50)}
        return self.render(request, context_overrides=context, template="pages/public/standard_catalog.html")

    @path("mulu/xlsx/", name="standard_catalog_xlsx")
    def standard_catalog_xlsx(self, request):
        from urllib.parse import quote

        from django.http import HttpResponse

        from pages.standard_catalog import catalog_xlsx

        response = HttpResponse(
            catalog_xlsx(self), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = "attachment; filename*=UTF-8''" + quote(f"{self.body_name}标准目录.xlsx")
        return response

    def standard_catalog_url(self):
        return self.url + self.reverse_subpage("standard_catalog")

    def standard_catalog_xlsx_url(self):
        return self.url + self.reverse_subpage("standard_catalog_xlsx")

    def not_applicable_url(self):
        return self.url + self.reverse_subpage("not_applicable")

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

        from .catalog import CatalogArea

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
