"""发布、解读、回应: 政策解读 in its four forms and 回应关切, each a disclosure entry of its own type
linked to the policy it explains or answers, so review, the guards and ``disclosed()`` apply
unchanged and the policy's page lists them once they are public.

Media of a 图解 or 视频 are Wagtail documents (private files): the public reaches them only while a
public entry carries them (``pages.wagtail_hooks.only_public_attachments``), videos with range
requests (``pages.documents.sendfile``) so the browser's own player can seek.
"""

import datetime
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import DurationField, ExpressionWrapper, F, Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.models import Orderable, Page, PageManager

from .catalog import CatalogArea
from .entries import DisclosureEntry, DisclosureEntryQuerySet

IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
VIDEO_EXTENSIONS = {".mp4", ".webm", ".ogv", ".ogg"}
# 国办发〔2016〕61号: respond to a public concern within 48 hours, to a major incident within 24.
RESPONSE_HOURS = 48
MAJOR_RESPONSE_HOURS = 24


class InterpretationForm(models.TextChoices):
    TEXT = "text", "文字解读"
    GRAPHIC = "graphic", "图解"
    VIDEO = "video", "视频解读"
    QA = "qa", "问答解读"


def _tabs(content_panels):
    return TabbedInterface(
        [
            ObjectList(content_panels, heading="内容"),
            ObjectList(DisclosureEntry.secrecy_panels, heading="保密审查"),
            ObjectList(Page.settings_panels, heading="设置"),
        ]
    )


class InterpretationEntry(DisclosureEntry):
    """政策解读: explains one policy (``interprets``, required) as text, a 图解 with its text
    alternative, a video played by the browser's own player, or questions and answers."""

    template = "pages/public/interpretation_entry.html"

    interpretation_form = models.CharField(
        "解读形式", max_length=10, choices=InterpretationForm.choices, default=InterpretationForm.TEXT
    )
    media = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="图解图片或视频文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="图解：PNG/JPG/GIF/WebP/SVG 图片；视频：MP4/WebM/Ogg 文件",
    )
    media_alt = models.TextField(
        "图解文字说明", blank=True, help_text="图解的完整文字版（供读屏软件和无法看图的读者使用）；视频的内容简介"
    )

    parent_page_types = ["pages.CatalogItem", "pages.CatalogArea"]
    subpage_types = []

    content_panels = DisclosureEntry.content_panels + [
        MultiFieldPanel(
            [FieldPanel("interpretation_form"), FieldPanel("media"), FieldPanel("media_alt")], heading="解读形式"
        ),
        InlinePanel("qa_items", heading="问答", label="问答"),
    ]
    edit_handler = _tabs(content_panels)

    class Meta:
        verbose_name = verbose_name_plural = "政策解读"

    def clean(self):
        super().clean()
        errors = {}
        if not self.interprets_id:
            errors["interprets"] = "政策解读须选择被解读的政策文件"
        extension = os.path.splitext(self.media.file.name)[1].lower() if self.media_id else ""
        if self.interpretation_form == InterpretationForm.GRAPHIC:
            if extension not in IMAGE_EXTENSIONS:
                errors["media"] = "图解须上传图片文件（PNG、JPG、GIF、WebP 或 SVG）"
            if not self.media_alt.strip():
                errors["media_alt"] = "图解须填写文字说明，供无法看图的读者阅读"
        elif self.interpretation_form == InterpretationForm.VIDEO and extension not in VIDEO_EXTENSIONS:
            errors["media"] = "视频解读须上传视频文件（MP4、WebM 或 Ogg）"
        if errors:
            raise ValidationError(errors)

    def extra_public_texts(self):
        yield "图解文字说明", self.media_alt or "", False
        for n, item in enumerate(self.qa_items.all(), 1):
            yield f"问答{n}的问题", item.question or "", False
            yield f"问答{n}的回答", item.answer or "", False


class InterpretationQuestion(Orderable):
    """One question and answer of a 问答解读."""

    entry = ParentalKey(InterpretationEntry, on_delete=models.CASCADE, related_name="qa_items")
    question = models.CharField("问", max_length=300)
    answer = models.TextField("答")

    panels = [FieldPanel("question"), FieldPanel("answer")]

    class Meta(Orderable.Meta):
        verbose_name = verbose_name_plural = "问答"


class ResponseQuerySet(DisclosureEntryQuerySet):
    def _late(self):
        taken = ExpressionWrapper(F("first_published_at") - F("concern_noticed_at"), output_field=DurationField())
        return self.alias(taken=taken).filter(
            Q(major_incident=True, taken__gt=datetime.timedelta(hours=MAJOR_RESPONSE_HOURS))
            | Q(major_incident=False, taken__gt=datetime.timedelta(hours=RESPONSE_HOURS))
        )

    def responded(self):
        return self.filter(first_published_at__isnull=False, index_number__isnull=False)

    def late(self):
        """Published after the limit (48 h, 24 h for a major incident)."""
        return self.responded()._late()

    def in_time(self):
        return self.responded().exclude(pk__in=self._late().values("pk"))


class ResponseEntry(DisclosureEntry):
    """回应关切: the office's response to a public concern, linked to the policy or information it
    concerns; the time from the concern to the response's first publication is what oversight reads."""

    template = "pages/public/response_entry.html"

    objects = PageManager.from_queryset(ResponseQuerySet)()

    concern = models.TextField("关切事项", help_text="公众关注的问题或舆情（不含个人信息）")
    concern_noticed_at = models.DateTimeField("关切发现时间", help_text="舆情或关切首次发现的时间，回应时限由此起算")
    major_incident = models.BooleanField("重大突发事件", default=False, help_text="重大突发事件须在24小时内回应")
    responds_to = models.ForeignKey(
        DisclosureEntry,
        verbose_name="回应的政策或信息",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )

    parent_page_types = ["pages.CatalogItem", "pages.CatalogArea"]
    subpage_types = []

    content_panels = DisclosureEntry.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("concern"),
                FieldRowPanel([FieldPanel("concern_noticed_at"), FieldPanel("major_incident")]),
                FieldPanel("responds_to"),
            ],
            heading="回应关切",
        )
    ]
    edit_handler = _tabs(content_panels)

    class Meta:
        verbose_name = verbose_name_plural = "回应关切"

    def clean(self):
        super().clean()
        if self.concern_noticed_at and self.concern_noticed_at > timezone.now():
            raise ValidationError({"concern_noticed_at": "关切发现时间不能晚于当前时间"})

    def extra_public_texts(self):
        yield "关切事项", self.concern or "", False

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["responded_policy"] = DisclosureEntry.objects.disclosed().filter(pk=self.responds_to_id).first()
        return context

    @property
    def limit_hours(self):
        return MAJOR_RESPONSE_HOURS if self.major_incident else RESPONSE_HOURS

    def response_hours(self):
        """Hours from the concern to the first publication (None before it)."""
        if not (self.first_published_at and self.concern_noticed_at):
            return None
        return round((self.first_published_at - self.concern_noticed_at).total_seconds() / 3600, 1)

    def responded_in_time(self):
        hours = self.response_hours()
        return None if hours is None else hours <= self.limit_hours


def policies_without_interpretation(portal=None):
    """Public policy documents (under the areas named in POLICY_AREA_NAMES, default 政策文件) that
    have no public 解读 — the two are to be published together."""
    public = DisclosureEntry.objects.disclosed()
    areas = CatalogArea.objects.filter(title__in=getattr(settings, "POLICY_AREA_NAMES", ["政策文件"]))
    if portal is not None:
        areas = areas.descendant_of(portal)
    condition = Q()
    for area in areas:
        condition |= Q(path__startswith=area.path, depth__gt=area.depth)
    if not condition:
        return public.none()
    interpreted = public.filter(interprets__isnull=False).values("interprets")
    return public.filter(condition).exclude(pk__in=interpreted).exclude(interprets__isnull=False)
