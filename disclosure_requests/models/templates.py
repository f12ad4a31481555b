"""答复书 templates the office edits."""

from django.db import models
from wagtail.admin.panels import FieldPanel

from ..answer_kinds import kind_choices
from ..answers import ANSWER_TYPES, answer_type_display

DEFAULT_ANSWER_BODY = """{applicant_name}：
本机关于{received_on}收到您的政府信息公开申请（查询码：{tracking_code}），内容为：
{description}
经审查，答复如下：{answer_type}。
{answer_text}
{entries}
{remedy}
{body_name}
{answered_on}"""


class AnswerTemplate(models.Model):
    """答复书模板 the office edits; placeholders in braces, e.g. {applicant_name}."""

    portal = models.ForeignKey(
        "pages.DisclosurePortal",
        verbose_name="适用机关",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="留空则适用于所有机关",
    )
    name = models.CharField("模板名称", max_length=100)
    answer_group = models.CharField(
        "适用办理结果",
        max_length=12,
        blank=True,
        choices=[(c, answer_type_display(c)) for c, _, _ in ANSWER_TYPES],
        help_text="留空则适用于所有办理结果",
    )
    answer_kind = models.CharField(
        "适用答复形式",
        max_length=12,
        blank=True,
        choices=kind_choices(),
        help_text="条例第三十条、第三十五条至第三十九条规定的答复形式；优先于“适用办理结果”",
    )
    title = models.CharField("标题", max_length=200, default="政府信息公开申请答复书")
    body = models.TextField(
        "正文",
        default=DEFAULT_ANSWER_BODY,
        help_text="可用占位符：{body_name} {applicant_name} {tracking_code} {received_on} {description} "
        "{answer_type} {answer_text} {entries} {answered_on} {department} {today} {answer_number} {remedy}（复议、诉讼救济途径）"
        " {where} {reasons} {legal_basis} {responsible_body} {responsible_contact} {channel} {previous_answer}"
        " {correction_notified_on}",
    )

    panels = [
        FieldPanel("portal"),
        FieldPanel("name"),
        FieldPanel("answer_kind"),
        FieldPanel("answer_group"),
        FieldPanel("title"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = verbose_name_plural = "答复书模板"
        db_table = "workflows_answertemplate"  # created when these models lived in workflows/

    def __str__(self):
        return self.name
