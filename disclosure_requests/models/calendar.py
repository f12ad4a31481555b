"""The office's calendar for years chinesecalendar does not know: a year's 放假 and 调休上班 days.
Saving it recomputes the provisional deadlines."""

from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel


class WorkCalendarYear(ClusterableModel):
    """One year's holiday schedule as published by the State Council, entered by the office."""

    year = models.PositiveIntegerField("年份", unique=True)
    complete = models.BooleanField(
        "全年安排已完整录入",
        default=False,
        help_text="勾选后，该年度的期限不再标注为“暂定”",
    )
    basis = models.CharField(
        "依据", max_length=200, blank=True, help_text="如：国务院办公厅关于2027年部分节假日安排的通知"
    )

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("complete")]),
        FieldPanel("basis"),
        InlinePanel("days", label="放假日与调休上班日"),
    ]

    class Meta:
        verbose_name = verbose_name_plural = "节假日安排"
        db_table = "workflows_workcalendaryear"  # created when these models lived in workflows/
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年节假日安排" + ("" if self.complete else "（未完整）")


class WorkCalendarDay(models.Model):
    KIND_CHOICES = [("holiday", "放假（不计工作日）"), ("workday", "调休上班（计工作日）")]

    calendar_year = ParentalKey(WorkCalendarYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=KIND_CHOICES)
    note = models.CharField("说明", max_length=100, blank=True, help_text="如：春节")

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("kind"), FieldPanel("note")])]

    class Meta:
        verbose_name = verbose_name_plural = "节假日安排日"
        db_table = "workflows_workcalendarday"  # created when these models lived in workflows/
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"


def office_year(year):
    """(complete?, {date: kind}) of the office's entries for ``year`` — the loader
    ``cms.workdays`` uses for years chinesecalendar lacks (registered in ``apps.ready``)."""
    complete = WorkCalendarYear.objects.filter(year=year, complete=True).exists()
    days = dict(WorkCalendarDay.objects.filter(date__year=year).values_list("date", "kind"))
    return complete, days


def _calendar_changed(sender, instance, **kwargs):
    from ..services import recompute_provisional_deadlines

    recompute_provisional_deadlines()


for _model in (WorkCalendarYear, WorkCalendarDay):
    models.signals.post_save.connect(
        _calendar_changed, sender=_model, dispatch_uid=f"gongkai-cal-save-{_model.__name__}"
    )
    models.signals.post_delete.connect(
        _calendar_changed, sender=_model, dispatch_uid=f"gongkai-cal-del-{_model.__name__}"
    )
