"""意见征集: a draft decision open for public comment for a period (重大行政决策程序暂行条例,
国务院令第713号: ≥ 30 days unless a shorter period has a recorded reason), the opinions received
and the 反馈情况 that must be published before the consultation is closed.

The draft itself is an ordinary disclosure entry (决策公开) published through review; the public
comment form shows only while that entry is public and the period runs.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

DEFAULT_PERIOD_DAYS = 30


class ConsultationState(models.TextChoices):
    OPEN = "open", "征集中"  # before, during and after the period until feedback is prepared
    FEEDBACK = "feedback", "反馈待公开"
    CLOSED = "closed", "已结束"


class ConsultationQuerySet(models.QuerySet):
    def opened_between(self, start, end):
        return self.filter(opens_on__gte=start, opens_on__lte=end)

    def figures(self):
        """For the annual report: consultations, opinions received and what became of them, and
        how many 反馈情况 are public (closed consultations)."""
        comments = ConsultationComment.objects.filter(consultation__in=self.values("pk"))
        accepted = Q(moderation=Moderation.ACCEPTED)
        return {
            "consultations": self.count(),
            "closed": self.filter(state=ConsultationState.CLOSED).count(),
            **comments.aggregate(
                opinions=Count("pk"),
                adopted=Count("pk", filter=accepted & Q(adoption=Adoption.ADOPTED)),
                partly_adopted=Count("pk", filter=accepted & Q(adoption=Adoption.PARTLY)),
                not_adopted=Count("pk", filter=accepted & Q(adoption=Adoption.NOT_ADOPTED)),
            ),
        }


class Consultation(models.Model):
    portal = models.ForeignKey(
        "pages.DisclosurePortal", verbose_name="机关", on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField("征集主题", max_length=200)
    draft_entry = models.ForeignKey(
        "pages.DisclosureEntry",
        verbose_name="征求意见稿（公开信息）",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="已发布的征求意见稿及起草说明",
    )
    department = models.ForeignKey(
        "pages.Department", verbose_name="承办部门", on_delete=models.PROTECT, related_name="consultations"
    )
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    short_period_reason = models.TextField("征集期少于30日的理由", blank=True)
    state = models.CharField("状态", max_length=10, choices=ConsultationState.choices, default=ConsultationState.OPEN)
    feedback_entry = models.ForeignKey(
        "pages.ConsultationFeedbackEntry",
        verbose_name="反馈情况（公开信息）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "意见征集"
        ordering = ["-opens_on"]

    def __str__(self):
        return self.title

    def accepting(self, today=None):
        today = today or timezone.localdate()
        return self.state == ConsultationState.OPEN and self.opens_on <= today <= self.closes_on

    def period_over(self, today=None):
        return (today or timezone.localdate()) > self.closes_on


class Moderation(models.TextChoices):
    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "有效意见"
    REJECTED = "rejected", "不予采用（无关或违规）"


class Adoption(models.TextChoices):
    UNDECIDED = "", "未处理"
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class ConsultationComment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    content = models.TextField("意见内容", max_length=3000)
    name = models.CharField("姓名（选填，不公开）", max_length=50, blank=True)
    contact = models.CharField("联系方式（选填，不公开）", max_length=100, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    moderation = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.PENDING)
    adoption = models.CharField("采纳情况", max_length=12, choices=Adoption.choices, blank=True, default="")
    reason = models.TextField("理由", blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "征集意见"
        ordering = ["submitted_at"]
