"""政务咨询 / 领导信箱: a citizen's question, its handling and its answer.

The asker's contact data stays here, seen by the office and the assigned department only; the
public sees a question only as a ``pages.QuestionAnswerEntry`` that passed review.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
# The website inspection (政府网站检查指标): a question left unanswered for more than 3 months
# in the past year fails the site outright.
VETO_MONTHS = 3


def new_question_code():
    return "ZX" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def months_before(day, months):
    """The same day ``months`` calendar months earlier (the month's last day when it has none)."""
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable


class QuestionState(models.TextChoices):
    RECEIVED = "received", "待分派"
    ASSIGNED = "assigned", "办理中"
    ANSWERED = "answered", "已答复"
    DISMISSED = "dismissed", "不予受理"


OPEN_QUESTION_STATES = (QuestionState.RECEIVED, QuestionState.ASSIGNED)


class QuestionCategory(models.TextChoices):
    CONSULT = "consult", "咨询"
    SUGGEST = "suggest", "建议"
    HELP = "help", "求助"
    LEADER = "leader", "领导信箱"


class QuestionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_QUESTION_STATES)

    def overdue(self, today=None):
        """Open and past the answer deadline."""
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def veto_items(self, today=None):
        """The inspection's veto item: questions of the past year left unanswered for more than
        3 months — still open after 3 months, or answered only after them."""
        today = today or timezone.localdate()
        limit = months_before(today, VETO_MONTHS)
        year_ago = months_before(today, 12)
        still_open = Q(state__in=OPEN_QUESTION_STATES, received_on__lt=limit)
        late = Q(state=QuestionState.ANSWERED, answered_late=True)
        return self.filter(received_on__gte=year_ago).filter(still_open | late)

    # -- figures for the annual report's 一、总体情况 and the department 考核 (reports/) --------

    def received_between(self, start, end):
        """Received from ``start`` to ``end``, both included (e.g. one calendar year)."""
        return self.filter(received_on__gte=start, received_on__lte=end)

    def _answered_on(self):
        return self.filter(state=QuestionState.ANSWERED).alias(answered_on=TruncDate("answered_at"))

    def answered_on_time(self):
        """Answered on or before the answer deadline (a question without one counts as on time)."""
        return self._answered_on().filter(Q(due_on__isnull=True) | Q(answered_on__lte=F("due_on")))

    def answered_after_due(self):
        return self._answered_on().filter(answered_on__gt=F("due_on"))

    def figures(self, today=None):
        """Counts of this queryset: received, answered (on time / after the deadline), dismissed,
        still open, overdue now and the inspection's veto items."""
        today = today or timezone.localdate()
        pks = lambda queryset: Q(pk__in=queryset.values("pk"))  # noqa: E731
        return self.aggregate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(state=QuestionState.ANSWERED)),
            answered_on_time=Count("pk", filter=pks(self.answered_on_time())),
            answered_after_due=Count("pk", filter=pks(self.answered_after_due())),
            dismissed=Count("pk", filter=Q(state=QuestionState.DISMISSED)),
            open=Count("pk", filter=Q(state__in=OPEN_QUESTION_STATES)),
            overdue=Count("pk", filter=pks(self.overdue(today))),
            veto=Count("pk", filter=pks(self.veto_items(today))),
        )

    def per_department(self, today=None):
        """[{department, department_name, figures…, on_time_rate}] — one row per assigned
        department, for the 考核 score (answered on time / answered); unassigned ones are left out."""
        rows = []
        departments = self.exclude(department=None).values_list("department", "department__name").distinct()
        for department, name in sorted(set(departments), key=lambda row: row[1]):
            figures = self.filter(department=department).figures(today)
            rate = figures["answered_on_time"] / figures["answered"] if figures["answered"] else None
            rows.append({"department": department, "department_name": name, **figures, "on_time_rate": rate})
        return rows


class Question(models.Model):
    portal = models.ForeignKey(
        "pages.DisclosurePortal", verbose_name="受理机关", on_delete=models.PROTECT, related_name="questions"
    )
    tracking_code = models.CharField("查询码", max_length=16, unique=True, default=new_question_code)
    category = models.CharField(
        "留言类型",
        max_length=10,
        choices=QuestionCategory.choices,
        error_messages={"blank": "请选择留言类型", "invalid_choice": "请选择留言类型"},
    )
    department = models.ForeignKey(
        "pages.Department",
        verbose_name="办理部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    subject = models.CharField("主题", max_length=100, error_messages={"blank": "请填写主题"})
    content = models.TextField(
        "留言内容", max_length=2000, error_messages={"blank": "请填写留言内容", "max_length": "留言内容不能超过2000字"}
    )
    asker_name = models.CharField("姓名", max_length=50, error_messages={"blank": "请填写姓名"})
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    consent_to_publish = models.BooleanField("同意公开（隐去个人信息）", default=False)

    state = models.CharField("状态", max_length=10, choices=QuestionState.choices, default=QuestionState.RECEIVED)
    received_at = models.DateTimeField("收到时间", default=timezone.now)
    received_on = models.DateField("收到日期", default=timezone.localdate)
    due_on = models.DateField("答复期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限为暂定", default=False)
    assigned_at = models.DateTimeField("分派时间", null=True, blank=True)
    answer = models.TextField("答复内容", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_late = models.BooleanField("超过3个月才答复", default=False, editable=False)
    dismiss_reason = models.TextField("不予受理理由", blank=True)
    answer_entry = models.ForeignKey(
        "pages.QuestionAnswerEntry",
        verbose_name="公开的答复",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    reminded_on = models.DateField("最近提醒日期", null=True, blank=True, editable=False)
    frequently_asked = models.BooleanField("收入常见问题", default=False, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "政务咨询"
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["state", "due_on"], name="question_state_due")]

    def __str__(self):
        return f"{self.tracking_code} {self.subject}"

    @property
    def is_open(self):
        return self.state in OPEN_QUESTION_STATES

    def is_overdue(self, today=None):
        return self.is_open and self.due_on is not None and self.due_on < (today or timezone.localdate())

    def days_waiting(self, today=None):
        end = timezone.localdate(self.answered_at) if self.answered_at else (today or timezone.localdate())
        return (end - self.received_on).days

    def due_display(self):
        if self.due_on is None:
            return "—"
        return f"{self.due_on}（暂定）" if self.due_provisional else str(self.due_on)


def answered_after_veto_limit(received_on, answered_on):
    return answered_on > received_on and months_before(answered_on, VETO_MONTHS) > received_on
