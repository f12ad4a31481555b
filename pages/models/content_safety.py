"""内容安全审查: the one list of words the office maintains. 敏感词 block publication, 错误表述 warn;
敏感词 and 检索屏蔽词 are never shown as a 热词 (``search.hot_words``), nor is a query holding one recorded."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class ContentSafetyKind(models.TextChoices):
    SENSITIVE = "sensitive", "敏感词（禁止发布）"
    WRONG_EXPRESSION = "wrong", "常见错误表述（提醒）"
    SEARCH_ONLY = "search", "检索屏蔽词（不作热词，不影响发布）"


# The kinds the publishing guard reads, and the kinds that keep a query out of the 热词.
PUBLISHING_KINDS = (ContentSafetyKind.SENSITIVE, ContentSafetyKind.WRONG_EXPRESSION)
HOT_WORD_BLOCKING_KINDS = (ContentSafetyKind.SENSITIVE, ContentSafetyKind.SEARCH_ONLY)


class ContentSafetyTerm(index.Indexed, models.Model):
    term = models.CharField("词语或表述", max_length=100, unique=True, error_messages={"unique": "该词语已在清单中"})
    kind = models.CharField(
        "类型",
        max_length=10,
        choices=ContentSafetyKind.choices,
        default=ContentSafetyKind.SENSITIVE,
        help_text="敏感词禁止发布且不作热词；检索屏蔽词只是不作热词（如“毒品”，禁毒宣传中正常使用）",
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


class LeaderTitle(models.Model):
    """领导名册: a leader's name with the current title(s). In published text the name followed by
    another title is a severe expression error (an inspection veto item) and blocks publication."""

    name = models.CharField("姓名", max_length=20)
    title = models.CharField(
        "现任职务", max_length=100, help_text="如：镇长；兼任多个职务时用顿号分隔，如：党委书记、人大主席"
    )
    active = models.BooleanField("在任", default=True, help_text="离任后取消勾选（不再检查）")

    panels = [FieldPanel("name"), FieldPanel("title"), FieldPanel("active")]

    class Meta:
        verbose_name = verbose_name_plural = "领导名册"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="pages_leadertitle_unique_name")]

    def __str__(self):
        return f"{self.name}（{self.title}）"

    def titles(self):
        return [part.strip() for part in self.title.replace(",", "、").replace("，", "、").split("、") if part.strip()]
