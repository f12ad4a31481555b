"""Records the publishing pipeline reads: 强制发布 overrides, the office numbers published on purpose
and reviewers' confirmations of attachments the personal-data guard cannot read."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class ForcedPublication(models.Model):
    """强制发布: an override of the approval chain, flagged until someone else confirms it."""

    entry = models.ForeignKey("pages.DisclosureEntry", on_delete=models.CASCADE, related_name="forced_publications")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.SET_NULL, null=True, related_name="+")
    forced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="强制发布人"
    )
    forced_at = models.DateTimeField("强制发布时间", default=timezone.now)
    reason = models.TextField("理由")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="复核人",
    )
    confirmed_at = models.DateTimeField("复核时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "强制发布记录"
        db_table = "workflows_forcedpublication"  # created when this model lived in workflows/
        ordering = ["-forced_at"]

    @property
    def flagged(self):
        return self.confirmed_at is None

    def __str__(self):
        return f"{self.entry} 强制发布（{self.forced_by}）"


class PublicContactNumber(index.Indexed, models.Model):
    """Office phone numbers the office publishes on purpose: never reported as personal data."""

    number = models.CharField("号码", max_length=30, unique=True)
    owner = models.CharField("单位或岗位", max_length=100, blank=True)

    panels = [FieldPanel("number"), FieldPanel("owner")]
    search_fields = [index.SearchField("number"), index.SearchField("owner")]

    class Meta:
        verbose_name = verbose_name_plural = "公开的办公电话"
        db_table = "workflows_publiccontactnumber"  # created when this model lived in workflows/

    def __str__(self):
        return f"{self.number} {self.owner}".strip()


class HeldAttachmentConfirmation(models.Model):
    """A reviewer's confirmation that an attachment the guard cannot read (a scan, an image, an
    encrypted file) holds no personal data. It covers this file's content (``sha256``) on this
    entry: a replaced file is held again."""

    entry = models.ForeignKey(
        "pages.DisclosureEntry", on_delete=models.CASCADE, related_name="attachment_confirmations"
    )
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    sha256 = models.CharField("文件SHA-256", max_length=64)
    file_name = models.CharField("文件名", max_length=255, blank=True)
    held_reasons = models.TextField("无法读取的原因", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="确认人"
    )
    confirmed_at = models.DateTimeField("确认时间", default=timezone.now)
    reason = models.TextField("确认理由")

    class Meta:
        verbose_name = verbose_name_plural = "附件人工确认记录"
        ordering = ["-confirmed_at"]
        indexes = [models.Index(fields=["entry", "document", "sha256"], name="held_attachment_lookup")]

    def __str__(self):
        return f"{self.entry} 附件「{self.file_name}」已由{self.confirmed_by}确认"
