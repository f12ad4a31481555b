"""Disclosure catalog and entry models.

Page types stay small; the behaviour (permission sync, 索引号 allocation,
publication guards, import) lives in plain modules that tests call directly.
"""

import html
import os
import string
import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    TabbedInterface,
    ObjectList,
)
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.fields import RichTextField
from wagtail.models import Collection, Orderable, Page
from wagtail.search import index

from search.fields import ChineseAutocomplete, ChineseText


# ---------------------------------------------------------------------------
# Fixed by law: kept as choices. Everything else is data the office extends.
# ---------------------------------------------------------------------------


class Openness(models.TextChoices):
    """公开方式 (条例 第十九条、第二十七条)."""

    PROACTIVE = "主动公开", "主动公开"
    ON_REQUEST = "依申请公开", "依申请公开"


class Validity(models.TextChoices):
    VALID = "有效", "有效"
    LAPSED = "失效", "失效"
    REPEALED = "废止", "废止"


class Classification(models.TextChoices):
    """密级 (保守国家秘密法)."""

    NONE = "非涉密", "非涉密"
    SECRET = "秘密", "秘密"
    CONFIDENTIAL = "机密", "机密"
    TOP_SECRET = "绝密", "绝密"


# 保守国家秘密法: default maximum secrecy periods when no other period is marked.
DEFAULT_SECRECY_YEARS = {
    Classification.SECRET: 10,
    Classification.CONFIDENTIAL: 20,
    Classification.TOP_SECRET: 30,
}


class Audience(models.TextChoices):
    PUBLIC = "全社会", "全社会"
    SPECIFIC = "特定群体", "特定群体"


class CatalogMethod(models.TextChoices):
    PROACTIVE = "主动", "主动"
    ON_REQUEST = "依申请", "依申请"


class UpdateRhythm(models.TextChoices):
    REALTIME = "实时", "实时"
    MONTHLY = "每月", "每月"
    QUARTERLY = "每季度", "每季度"
    HALF_YEARLY = "每半年", "每半年"
    YEARLY = "每年", "每年"
    IRREGULAR = "不定期", "不定期"


# Calendar days after which an item with this rhythm counts as overdue.
UPDATE_RHYTHM_DAYS = {
    UpdateRhythm.REALTIME: 31,
    UpdateRhythm.MONTHLY: 31,
    UpdateRhythm.QUARTERLY: 92,
    UpdateRhythm.HALF_YEARLY: 183,
    UpdateRhythm.YEARLY: 366,
    UpdateRhythm.IRREGULAR: None,
}


# ---------------------------------------------------------------------------
# Vocabularies (snippets)
# ---------------------------------------------------------------------------


class Vocabulary(models.Model):
    name = models.CharField("名称", max_length=50, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    active = models.BooleanField("启用", default=True)

    panels = [FieldPanel("name"), FieldPanel("sort_order"), FieldPanel("active")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Topic(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "主题分类"


class Genre(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "体裁分类"


class FivePublicType(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "五公开类型"


# ---------------------------------------------------------------------------
# Departments
# ---------------------------------------------------------------------------


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
        Group, verbose_name="信息员组", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="editor_of_department",
    )
    reviewers_group = models.OneToOneField(
        Group, verbose_name="负责人组", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="reviewer_of_department",
    )
    collection = models.ForeignKey(
        Collection, verbose_name="附件集合", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
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
        from .permissions import sync_department_groups, sync_department_nodes

        sync_department_groups(self)
        sync_department_nodes(self)


# ---------------------------------------------------------------------------
# Page types
# ---------------------------------------------------------------------------

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
            "索引号规则含未知字段：%s（可用：%s）" % ("、".join(sorted(unknown)), "、".join(sorted(INDEX_PATTERN_FIELDS)))
        )
    if names.count("serial") != 1:
        raise ValidationError("索引号规则必须且只能包含一个 {serial}（流水号）")


class NoWorkflowMixin:
    """Catalog and portal pages are run by the office directly; only entries are moderated."""

    def get_workflow(self):
        return None


class PortalContextMixin:
    """Every public page knows its portal (header, breadcrumbs)."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["portal"] = portal_of(self)
        return context


def public_entries():
    """Entries any public output (pages, API, search, feed, sitemap, attachments) may show:
    live, not behind a view restriction, published through the pipeline (索引号), and
    主动公开 — information disclosed on request is given to its applicant, not posted."""
    return DisclosureEntry.objects.live().public().exclude(index_number=None).filter(openness=Openness.PROACTIVE)


class DisclosurePortal(NoWorkflowMixin, PortalContextMixin, Page):
    """Root of one body's disclosure site (a county, a town …)."""

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
        from .catalog import child_by_title

        area = child_by_title(self, CatalogArea, "政府信息公开年报")
        item = child_by_title(area, CatalogItem, "年度报告") if area else None
        return item if item is not None and item.live else None

    class Meta:
        verbose_name = "政务公开门户"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["areas"] = CatalogArea.objects.child_of(self).live().public()
        context["latest"] = public_entries().filter(portal=self).order_by("-published_on", "-pk")[:20]
        return context

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.leaders_group_id is None:
            from .permissions import ensure_leaders_group

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
    subpage_types = ["pages.CatalogItem", "pages.DisclosureEntry"]

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
        context["entries"] = public_entries().child_of(self).order_by("-published_on", "-pk")[:50]
        return context


class CatalogItem(PortalContextMixin, CatalogOwnedMixin, Page):
    """事项: a standard catalog item with its statutory metadata."""

    level1_name = models.CharField("一级事项", max_length=100, blank=True)
    content_elements = models.TextField("公开内容（要素）", blank=True)
    basis = models.TextField("公开依据", blank=True)
    time_limit_days = models.PositiveSmallIntegerField("公开时限（工作日）", default=20)
    time_limit_text = models.CharField(
        "公开时限说明", max_length=200, default="信息形成或者变更之日起20个工作日内", blank=True
    )
    subject = models.CharField("公开主体（标准）", max_length=200, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="公开主体（责任部门）", null=True, blank=True,
        on_delete=models.PROTECT, related_name="items",
    )
    channels = models.CharField("公开渠道和载体", max_length=200, blank=True, default="政府网站")
    audience = models.CharField("公开对象", max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    method = models.CharField("公开方式", max_length=10, choices=CatalogMethod.choices, default=CatalogMethod.PROACTIVE)
    level = models.CharField("公开层级", max_length=50, blank=True, default="乡级")
    update_rhythm = models.CharField(
        "更新频率", max_length=10, choices=UpdateRhythm.choices, default=UpdateRhythm.IRREGULAR
    )

    parent_page_types = ["pages.CatalogArea"]
    subpage_types = ["pages.DisclosureEntry"]

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
        context["entries"] = public_entries().child_of(self).order_by("-published_on", "-pk")[:50]
        return context

    def clean(self):
        super().clean()
        parent = self.get_parent().specific if self.path and self.depth > 1 else None
        if isinstance(parent, CatalogArea) and parent.department_id and self.department_id:
            if parent.department_id != self.department_id:
                raise ValidationError({"department": f"所属领域由「{parent.department}」负责，事项的责任部门须一致"})


def plain_text_to_html(text):
    """Imported bodies are plain text with newline-separated paragraphs."""
    paragraphs = [p.strip() for p in (text or "").splitlines() if p.strip()]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


class DisclosureEntryForm(WagtailAdminPageForm):
    """Editors need not invent a URL slug for every entry: a short random one is used."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "留空时自动生成"

    def clean_slug(self):
        return self.cleaned_data.get("slug") or uuid.uuid4().hex[:12]


class DisclosureEntry(PortalContextMixin, Page):
    """公开信息: one disclosed document with the metadata real sites show."""

    base_form_class = DisclosureEntryForm

    # 索引号: allocated at first publication, never editable, never reused.
    index_number = models.CharField("索引号", max_length=64, unique=True, null=True, blank=True, editable=False)
    portal = models.ForeignKey(
        DisclosurePortal, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    source_id = models.CharField("来源编号", max_length=100, blank=True, db_index=True)

    department = models.ForeignKey(
        Department, verbose_name="责任部门", on_delete=models.PROTECT, related_name="entries", null=True, blank=True,
        help_text="留空时取所在目录的责任部门",
    )
    publisher = models.CharField("发布机构", max_length=200, blank=True, help_text="留空时使用责任部门名称")
    doc_number = models.CharField("发文字号", max_length=100, blank=True, help_text="如：某政发〔2020〕12号")
    written_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True, help_text="留空时取首次发布当日")
    topic = models.ForeignKey(Topic, verbose_name="主题分类", null=True, blank=True, on_delete=models.PROTECT)
    genre = models.ForeignKey(Genre, verbose_name="体裁分类", null=True, blank=True, on_delete=models.PROTECT)
    five_public = models.ForeignKey(
        FivePublicType, verbose_name="五公开", null=True, blank=True, on_delete=models.PROTECT
    )
    openness = models.CharField("公开方式", max_length=10, choices=Openness.choices, default=Openness.PROACTIVE)
    disclosure_scope = models.CharField("公开范围", max_length=50, default="面向社会", blank=True)
    validity = models.CharField("有效性", max_length=4, choices=Validity.choices, default=Validity.VALID)
    effective_on = models.DateField("生效日期", null=True, blank=True)
    expired_on = models.DateField("失效/废止日期", null=True, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="多个关键词用逗号或空格分隔")
    summary = models.TextField("内容概述", blank=True)
    body = RichTextField("正文", blank=True)

    classification = models.CharField(
        "密级", max_length=4, choices=Classification.choices, default=Classification.NONE
    )
    classified_on = models.DateField("定密日期", null=True, blank=True)
    secrecy_period_years = models.PositiveSmallIntegerField(
        "保密期限（年）", null=True, blank=True, help_text="留空时按法定默认期限：秘密10年、机密20年、绝密30年"
    )
    declassified_on = models.DateField("解密日期", null=True, blank=True)
    declassified_by = models.CharField("解密审批人", max_length=100, blank=True)
    declassification_basis = models.TextField("解密依据", blank=True)

    # 撤回: set by the retract action (pipeline-owned, never by revisions).
    retracted_at = models.DateTimeField("撤回时间", null=True, blank=True, editable=False)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="撤回人", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    retraction_reason = models.TextField("撤回理由", blank=True, editable=False)

    interprets = models.ForeignKey(
        "self", verbose_name="解读的政策", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="interpretations",
        help_text="本条为政策解读时，选择被解读的政策文件",
    )
    related_entries = ParentalManyToManyField("self", verbose_name="相关信息", blank=True, symmetrical=False)

    parent_page_types = ["pages.CatalogItem", "pages.CatalogArea"]
    subpage_types = []

    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.SearchField("summary"),
        index.SearchField("keywords"),
        index.SearchField("doc_number"),
        index.FilterField("index_number"),
        index.FilterField("published_on"),
        # Character bigrams, so the admin's search finds Chinese words (search.wagtail_search).
        ChineseText("title"),
        ChineseText("body"),
        ChineseAutocomplete("title"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("department"), FieldPanel("publisher")]),
                FieldRowPanel([FieldPanel("doc_number"), FieldPanel("written_on"), FieldPanel("published_on")]),
                FieldRowPanel([FieldPanel("topic"), FieldPanel("genre"), FieldPanel("five_public")]),
                FieldRowPanel([FieldPanel("openness"), FieldPanel("disclosure_scope")]),
                FieldRowPanel([FieldPanel("validity"), FieldPanel("effective_on"), FieldPanel("expired_on")]),
                FieldPanel("keywords"),
            ],
            heading="元数据",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", heading="附件", label="附件"),
        MultiFieldPanel(
            [PageChooserPanel("interprets", "pages.DisclosureEntry"), FieldPanel("related_entries")],
            heading="解读与关联",
        ),
    ]
    secrecy_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("classification"), FieldPanel("classified_on"), FieldPanel("secrecy_period_years")]),
                FieldRowPanel([FieldPanel("declassified_on"), FieldPanel("declassified_by")]),
                FieldPanel("declassification_basis"),
            ],
            heading="密级与解密",
        )
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="内容"),
            ObjectList(secrecy_panels, heading="保密审查"),
            ObjectList(Page.promote_panels, heading="推广"),
            ObjectList(Page.settings_panels, heading="设置"),
        ]
    )

    class Meta:
        verbose_name = "公开信息"
        verbose_name_plural = "公开信息"
        # The public list's default order: walking this index stops after one page instead of
        # sorting every public entry (SQLite 6.5 → 0.2 ms at 5,075 entries).
        indexes = [models.Index(fields=["published_on", "page_ptr"], name="entry_published_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["portal", "source_id"],
                condition=~models.Q(source_id=""),
                name="entry_unique_source_id_per_portal",
            ),
        ]

    # -- domain helpers -----------------------------------------------------

    @property
    def publisher_name(self):
        return self.publisher or (self.department.name if self.department_id else "")

    @property
    def keyword_list(self):
        return [k for k in self.keywords.replace("，", ",").replace("、", ",").replace(" ", ",").split(",") if k]

    @property
    def is_interpretation(self):
        return self.interprets_id is not None

    def secrecy_expires_on(self):
        """Last day the classification mark binds (None when not classified)."""
        if self.classification == Classification.NONE or not self.classified_on:
            return None
        years = self.secrecy_period_years or DEFAULT_SECRECY_YEARS[Classification(self.classification)]
        try:
            return self.classified_on.replace(year=self.classified_on.year + years)
        except ValueError:  # 29 February
            return self.classified_on.replace(year=self.classified_on.year + years, day=28)

    def catalog_node(self):
        return self.get_parent().specific

    def clean(self):
        super().clean()
        errors = {}
        if self.validity != Validity.VALID and not self.expired_on:
            errors["expired_on"] = "失效或废止的信息必须填写失效/废止日期"
        if self.expired_on and self.effective_on and self.expired_on < self.effective_on:
            errors["expired_on"] = "失效/废止日期不能早于生效日期"
        if self.written_on and self.published_on and self.written_on > self.published_on:
            errors["written_on"] = "成文日期不能晚于发布日期"
        if self.classification != Classification.NONE and not self.classified_on:
            errors["classified_on"] = "标注密级时必须填写定密日期"
        if self.interprets_id and self.interprets_id == self.pk:
            errors["interprets"] = "不能解读自身"
        if errors:
            raise ValidationError(errors)
        parent = self.get_parent().specific if self.depth and self.depth > 1 and self.path else None
        if isinstance(parent, CatalogArea) and parent.has_items():
            raise ValidationError("该领域下设有事项，请在具体事项下添加公开信息")

    def full_clean(self, *args, **kwargs):
        if not self.slug:
            self.slug = uuid.uuid4().hex[:12]
        super().full_clean(*args, **kwargs)

    # A copy is a new entry: it gets its own 索引号 when it is published.
    exclude_fields_in_copy = ["index_number", "source_id"]

    def save(self, *args, **kwargs):
        if getattr(self, "skip_full_clean", False):
            kwargs["clean"] = False
        if self.live and not self.index_number:
            # Only the publishing pipeline allocates a 索引号 before making an
            # entry live; anything else (a copy, a stray add_child) stays a draft.
            self.live = False
        if self.portal_id is None and self.path:
            self.portal = portal_of(self)
        if self.department_id is None and self.path and self.depth > 1:
            node = self.get_parent().specific
            self.department_id = getattr(node, "department_id", None)
        super().save(*args, **kwargs)

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        # Fields owned by the publication pipeline, not by revisions.
        obj.index_number = self.index_number
        obj.portal_id = self.portal_id
        obj.retracted_at = self.retracted_at
        obj.retracted_by_id = self.retracted_by_id
        obj.retraction_reason = self.retraction_reason
        obj.skip_full_clean = getattr(self, "skip_full_clean", False)
        return obj

    @property
    def status_string(self):
        # The staff-facing state (草稿, 待部门审核 …) everywhere Wagtail shows a page status.
        from workflows.states import disclosure_status

        return disclosure_status(self)

    def permissions_for_user(self, user):
        from workflows.states import EntryPermissionTester

        return EntryPermissionTester(user, self)

    def publish(self, revision, user=None, changed=True, log_action=True, previous_revision=None,
                skip_permission_checks=False):
        # Every route to the public (admin, workflow, scheduler, bulk, import,
        # API, commands) ends here: Revision.publish() delegates to the page.
        from workflows.publication import EntryPublishAction, NotApproved, PublicationRefused, record_refusal

        action = EntryPublishAction(
            revision, user=user, changed=changed, log_action=log_action, previous_revision=previous_revision
        )
        if log_action != "wagtail.publish.scheduled":
            return action.execute(skip_permission_checks=skip_permission_checks)
        # The scheduler publishes many pages in one run: a refusal is recorded
        # and the schedule dropped, without stopping the others.
        try:
            return action.execute(skip_permission_checks=True)
        except (PublicationRefused, NotApproved) as exc:
            record_refusal(self, exc, revision=revision)
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])

    def serve(self, request, *args, **kwargs):
        from django.http import Http404

        if not public_entries().filter(pk=self.pk).exists():
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["interpretations"] = public_entries().filter(interprets=self)
        context["interpreted_policy"] = public_entries().filter(pk=self.interprets_id).first()
        return context


class EntryAttachment(Orderable):
    entry = ParentalKey(DisclosureEntry, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="文件", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("附件名称", max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = verbose_name_plural = "附件"

    @property
    def display_title(self):
        return self.title or self.document.title


class IndexNumberSequence(models.Model):
    """Last serial used for one 索引号 prefix (pattern rendered without serial).

    Rows only ever grow, so a number is never handed out twice, even after a
    retraction or deletion.
    """

    scope = models.CharField(max_length=150, unique=True)
    last_serial = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "索引号流水"

    def __str__(self):
        return f"{self.scope} → {self.last_serial}"


# ---------------------------------------------------------------------------
# Batch import from the admin (pages.import_jobs, pages.import_admin)
# ---------------------------------------------------------------------------


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
