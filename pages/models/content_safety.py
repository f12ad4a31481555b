"""内容安全审查: the terms the office maintains (敏感词 block publication, 错误表述 warn)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class ContentSafetyKind(models.TextChoices):
    SENSITIVE = "sensitive", "敏感词（禁止发布）"
    WRONG_EXPRESSION = "wrong", "常见错误表述（提醒）"


class ContentSafetyTerm(index.Indexed, models.Model):
    term = models.CharField("词语或表述", max_length=100, unique=True, error_messages={"unique": "该词语已在清单中"})
    kind = models.CharField(
        "类型", max_length=10, choices=ContentSafetyKind.choices, default=ContentSafetyKind.SENSITIVE
    )
    suggestion = models.CharField("建议改为", max_length=100, blank=True, help_text="错误表述的正确写法；敏感词可留空")
    active = models.BooleanField("启用", default=True)

    panels = [FieldPanel("term"), FieldPanel("kind"), FieldPanel("suggestion"), FieldPanel("active")]
    search_fields = [index.SearchField("term"), index.SearchField("suggestion")]

    class Meta:
        verbose_name = verbose_name_plural = "内容安全词库"
        ordering = ["kind", "term"]

    def __str__(self):
        return f"{self.term}（{self.get_kind_display()}）"
