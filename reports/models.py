"""The annual report's own data: what the office writes and enters by hand. Everything else in
the report is computed (reports.annual) from the entries and the disclosure requests."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class AnnualReport(models.Model):
    """政府信息公开工作年度报告 of one portal for one year (国办公开办函〔2021〕30号)."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布（已送审）"

    portal = models.ForeignKey(
        "pages.DisclosurePortal", verbose_name="门户", on_delete=models.CASCADE, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2008), MaxValueValidator(2100)])
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    # Table (二): figures the office enters (the system does not hold these decisions).
    licensing_decisions = models.PositiveIntegerField("行政许可 本年处理决定数量", default=0)
    penalty_decisions = models.PositiveIntegerField("行政处罚 本年处理决定数量", default=0)
    enforcement_decisions = models.PositiveIntegerField("行政强制 本年处理决定数量", default=0)
    fee_amount = models.DecimalField(
        "行政事业性收费 本年收费金额（万元）",
        max_digits=14,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0)],
    )

    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT, editable=False)
    entry = models.ForeignKey(
        "pages.DisclosureEntry",
        verbose_name="公开信息",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "portal"]
        constraints = [
            models.UniqueConstraint(fields=["portal", "year"], name="annual_report_unique_per_portal_year"),
        ]

    def __str__(self):
        return f"{self.portal.body_name or self.portal.title}{self.year}年政府信息公开工作年度报告"


class ReviewLitigationCase(models.Model):
    """A 行政复议 or 行政诉讼 case about information disclosure; table (四) is counted from these."""

    class Kind(models.TextChoices):
        REVIEW = "review", "行政复议"
        LITIGATION_DIRECT = "litigation_direct", "行政诉讼·未经复议直接起诉"
        LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼·复议后起诉"

    class Result(models.TextChoices):
        UPHELD = "upheld", "结果维持"
        CORRECTED = "corrected", "结果纠正"
        OTHER = "other", "其他结果"

    portal = models.ForeignKey(
        "pages.DisclosurePortal", verbose_name="门户", on_delete=models.CASCADE, related_name="review_litigation_cases"
    )
    kind = models.CharField("类型", max_length=24, choices=Kind.choices)
    case_number = models.CharField("案号", max_length=100)
    filed_on = models.DateField("受理（立案）日期")
    concluded_on = models.DateField("审结日期", null=True, blank=True, help_text="尚未审结的留空")
    result = models.CharField("审结结果", max_length=10, choices=Result.choices, blank=True, help_text="审结后必填")
    # 复议维持后起诉, the 复议机关 is co-defendant with the original body (行政诉讼法 Art. 26): such a
    # case is the original body's, so the 复议机关 records it but table (四) does not count it.
    review_body_co_defendant = models.BooleanField(
        "本机关仅作为复议机关为共同被告",
        default=False,
        help_text="复议后起诉、本机关仅因作为复议机关维持原行为而成为共同被告的，勾选后不计入年报表四（由原行政机关统计）",
    )
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政复议、行政诉讼案件"
        ordering = ["-filed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["portal", "kind", "case_number"], name="review_case_unique_number"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.case_number}"

    def clean(self):
        super().clean()
        errors = {}
        if self.concluded_on and not self.result:
            errors["result"] = "已填写审结日期的案件必须选择审结结果"
        if self.result and not self.concluded_on:
            errors["concluded_on"] = "选择了审结结果的案件必须填写审结日期"
        if self.concluded_on and self.filed_on and self.concluded_on < self.filed_on:
            errors["concluded_on"] = "审结日期不能早于受理日期"
        if self.review_body_co_defendant and self.kind != self.Kind.LITIGATION_AFTER_REVIEW:
            errors["review_body_co_defendant"] = "只有「行政诉讼·复议后起诉」的案件才可能以复议机关身份作为共同被告"
        if errors:
            raise ValidationError(errors)


class AssessmentWeights(models.Model):
    """部门考核的指标权重 the office set for its portal; an indicator missing here takes the default
    (``reports.assessment.rules``: the rules' weight, or ``ASSESSMENT_WEIGHTS`` in the settings)."""

    portal = models.OneToOneField(
        "pages.DisclosurePortal", verbose_name="门户", on_delete=models.CASCADE, related_name="assessment_weights"
    )
    weights = models.JSONField("权重", default=dict)  # indicator key → non-negative integer
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "部门考核权重"

    def __str__(self):
        return f"{self.portal}的考核权重"
