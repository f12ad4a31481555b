"""Disclosure entries (公开信息), their attachments and the 索引号 counters."""

import html

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from search.fields import ChineseAutocomplete, ChineseText

from ..richtext import sanitize_for_output
from . import entry_panels
from .attachment_info import AttachmentFileInfo
from .catalog import CatalogArea
from .choices import DEFAULT_SECRECY_YEARS, Classification, Openness, Validity
from .departments import Department
from .entry_form import DisclosureEntryForm, new_entry_slug
from .portal import DisclosurePortal, PortalContextMixin, portal_of
from .secrecy import classification_passes, secrecy_last_day
from .vocabularies import FivePublicType, Genre, Topic


def plain_text_to_html(text):
    """Imported bodies are plain text with newline-separated paragraphs."""
    paragraphs = [p.strip() for p in (text or "").splitlines() if p.strip()]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


class DisclosureEntryQuerySet(PageQuerySet):
    def disclosed(self, today=None):
        """The one public rule for every public output (pages, API, search, feed, sitemap,
        attachments): live, not behind a view restriction, published through the pipeline
        (索引号), 主动公开 — information disclosed on request goes to its applicant only — and
        not under a classification mark that still binds (the classification guard, in SQL)."""
        return (
            self.live()
            .public()
            .exclude(index_number=None)
            .filter(openness=Openness.PROACTIVE)
            .alias(secrecy_last_day=secrecy_last_day())
            .filter(classification_passes(today or timezone.localdate()))
        )

    def policy_documents(self):
        """政策文件: entries filed under a 政策文件 section, less the interpretations (解读) there."""
        sections = Q(pk__in=[])
        for path in CatalogArea.objects.filter(title=POLICY_SECTION).values_list("path", flat=True):
            sections |= Q(path__startswith=path)
        return self.filter(sections, interprets=None).exclude(genre__name=INTERPRETATION_GENRE)

    def issued_by(self, portal):
        """What the portal's body itself issued: 发布机构 the body or one of its departments (blank
        means the 责任部门, so the body's own), never a superior's document reposted there."""
        names = [n for n in (portal.body_name, portal.title) if n]
        names += list(portal.departments.values_list("name", flat=True))
        return self.filter(portal=portal).filter(Q(publisher="") | Q(publisher__in=names))


POLICY_SECTION = "政策文件"
INTERPRETATION_GENRE = "解读"


def public_entries():
    return DisclosureEntry.objects.disclosed()


class DisclosureEntry(PortalContextMixin, Page):
    """公开信息: one disclosed document with the metadata real sites show."""

    template = "pages/public/disclosure_entry.html"

    objects = PageManager.from_queryset(DisclosureEntryQuerySet)()

    base_form_class = DisclosureEntryForm

    # 索引号: allocated at first publication, never editable, never reused.
    index_number = models.CharField("索引号", max_length=64, unique=True, null=True, blank=True, editable=False)
    portal = models.ForeignKey(
        DisclosurePortal, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    source_id = models.CharField("来源编号", max_length=100, blank=True, db_index=True)

    department = models.ForeignKey(
        Department,
        verbose_name="责任部门",
        on_delete=models.PROTECT,
        related_name="entries",
        null=True,
        blank=True,
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

    classification = models.CharField("密级", max_length=4, choices=Classification.choices, default=Classification.NONE)
    classified_on = models.DateField("定密日期", null=True, blank=True)
    secrecy_period_years = models.PositiveSmallIntegerField(
        "保密期限（年）", null=True, blank=True, help_text="留空时按法定默认期限：秘密10年、机密20年、绝密30年"
    )
    secrecy_period_basis = models.TextField(
        "保密期限依据", blank=True, help_text="保密期限短于法定期限时必须填写依据（如定密审批文号、变更决定）"
    )
    declassified_on = models.DateField("解密日期", null=True, blank=True)
    declassified_by = models.CharField("解密审批人", max_length=100, blank=True)
    declassification_basis = models.TextField("解密依据", blank=True)

    # 撤回: set by the retract action (pipeline-owned, never by revisions).
    retracted_at = models.DateTimeField("撤回时间", null=True, blank=True, editable=False)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤回人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    retraction_reason = models.TextField("撤回理由", blank=True, editable=False)

    interprets = models.ForeignKey(
        "self",
        verbose_name="解读的政策",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
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

    content_panels = entry_panels.CONTENT
    secrecy_panels = entry_panels.SECRECY
    edit_handler = entry_panels.EDIT_HANDLER

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

    def secrecy_years(self):
        """The marked period, else the level's default; a shorter one only with its recorded basis."""
        default = DEFAULT_SECRECY_YEARS[Classification(self.classification)]
        marked = self.secrecy_period_years
        if not marked or (marked < default and not self.secrecy_period_basis.strip()):
            return default
        return marked

    def secrecy_expires_on(self):
        """Last day the classification mark binds (None when not classified)."""
        if self.classification == Classification.NONE or not self.classified_on:
            return None
        years = self.secrecy_years()
        try:
            return self.classified_on.replace(year=self.classified_on.year + years)
        except ValueError:  # 29 February in a year without one
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
        marked = self.secrecy_period_years
        if self.classification != Classification.NONE and marked and self.secrecy_years() != marked:
            default = DEFAULT_SECRECY_YEARS[Classification(self.classification)]
            errors["secrecy_period_basis"] = f"保密期限短于法定期限（{self.classification}{default}年），必须填写依据"
        if self.interprets_id and self.interprets_id == self.pk:
            errors["interprets"] = "不能解读自身"
        if errors:
            raise ValidationError(errors)
        parent = self.get_parent().specific if self.depth and self.depth > 1 and self.path else None
        if isinstance(parent, CatalogArea) and parent.has_items():
            raise ValidationError("该领域下设有事项，请在具体事项下添加公开信息")

    def full_clean(self, *args, **kwargs):
        if not self.slug:
            self.slug = new_entry_slug(self.get_parent() if self.path else None, self)
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
        from pages.publishing.states import disclosure_status

        return disclosure_status(self)

    def permissions_for_user(self, user):
        # One tester per entry object and user object: a row of the explorer asks about ten times
        # (one per button), and each tester scans all of the user's page permissions. The tester
        # reads the entry's state when asked, so keeping it is safe for the object's lifetime.
        from pages.publishing.states import EntryPermissionTester

        testers = self.__dict__.setdefault("_permission_testers", {})
        tester = testers.get(id(user))
        if tester is None or tester.user is not user:
            tester = testers[id(user)] = EntryPermissionTester(user, self)
        return tester

    def publish(
        self, revision, user=None, changed=True, log_action=True, previous_revision=None, skip_permission_checks=False
    ):
        # Every route to the public (admin, workflow, scheduler, bulk, import,
        # API, commands) ends here: Revision.publish() delegates to the page.
        from pages.publishing.publish_action import EntryPublishAction
        from pages.publishing.scheduled_action import SCHEDULED_LOG_ACTION, ScheduledPublishAction

        action_class = ScheduledPublishAction if log_action == SCHEDULED_LOG_ACTION else EntryPublishAction
        action = action_class(
            revision, user=user, changed=changed, log_action=log_action, previous_revision=previous_revision
        )
        return action.execute(skip_permission_checks=skip_permission_checks)

    def serve(self, request, *args, **kwargs):
        from django.http import Http404

        if not public_entries().filter(pk=self.pk).exists():
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["interpretations"] = public_entries().filter(interprets=self).specific()
        context["responses"] = public_entries().filter(responseentry__responds_to=self)
        context["interpreted_policy"] = public_entries().filter(pk=self.interprets_id).first()
        context["body_html"] = sanitize_for_output(self.body)  # also bodies stored unsanitised (page, preview)
        portal = context.get("portal")  # 首页 › 领域 › 事项: the catalog nodes below the portal
        context["crumbs"] = self.get_ancestors().filter(depth__gt=portal.depth) if portal else []
        return context


class EntryAttachment(AttachmentFileInfo, Orderable):
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
