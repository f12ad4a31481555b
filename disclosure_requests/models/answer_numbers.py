"""The office's 答复书 settings per portal (文号, 复议机关, 法院) and the per-portal, per-year
sequence that numbers every 答复书 (e.g. 某政公复〔2026〕12号)."""

from django.db import models
from wagtail.admin.panels import FieldPanel

DEFAULT_NUMBER_PREFIX = "政府信息公开答复"


class AnswerSettings(models.Model):
    portal = models.OneToOneField(
        "pages.DisclosurePortal", verbose_name="受理机关", on_delete=models.CASCADE, related_name="+"
    )
    number_prefix = models.CharField(
        "答复书文号前缀",
        max_length=40,
        default=DEFAULT_NUMBER_PREFIX,
        help_text="如“某政公复”，文号为 某政公复〔2026〕12号，每年从1号起编",
    )
    review_body = models.CharField(
        "行政复议机关", max_length=100, help_text="如：某某县人民政府（乡镇人民政府的复议机关为县级人民政府）"
    )
    court = models.CharField(
        "管辖法院", max_length=100, blank=True, help_text="如：某某县人民法院；留空写“有管辖权的人民法院”"
    )

    panels = [FieldPanel("portal"), FieldPanel("number_prefix"), FieldPanel("review_body"), FieldPanel("court")]

    class Meta:
        verbose_name = verbose_name_plural = "答复书文号与救济途径"

    def __str__(self):
        return f"{self.portal}：{self.number_prefix}"

    @classmethod
    def for_portal(cls, portal):
        return cls.objects.filter(portal=portal).first() or cls(portal=portal)


class AnswerNumberSequence(models.Model):
    """The last 答复书 serial given for one portal and year; rows are locked while a number is taken."""

    portal = models.ForeignKey("pages.DisclosurePortal", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["portal", "year"], name="answer_number_sequence_unique")]
