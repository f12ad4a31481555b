"""统计分析 admin page and its Excel download.

Only the disclosure office (and superusers) may open it: the figures cover whole portals.
A department user gets 403 (their own figures are on the dashboard).
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode

from . import statistics
from .dashboard import today, user_scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_ERRORS = {"required": "请填写日期", "invalid": "请输入有效的日期，格式如 2025-01-31"}


class StatisticsForm(forms.Form):
    date_from = forms.DateField(
        label="开始日期", error_messages=DATE_ERRORS, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label="结束日期", error_messages=DATE_ERRORS, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    department = forms.ModelChoiceField(
        label="部门",
        queryset=None,
        required=False,
        empty_label="全部部门",
        error_messages={"invalid_choice": "所选部门不存在或不在您的管理范围内"},
    )

    def __init__(self, data=None, scope=None, **kwargs):
        on = today()
        defaults = {
            "date_from": datetime.date(on.year, 1, 1).isoformat(),
            "date_to": datetime.date(on.year, 12, 31).isoformat(),
            "department": "",
        }
        # The page opens on this year; any submitted field overrides its default.
        bound = {**defaults, **{k: v for k, v in (data or {}).items() if k in defaults}}
        super().__init__(bound, **kwargs)
        # The portal's page is not loaded for 200 options; its title is, to tell a county's twenty
        # 财政所 apart when the office oversees several portals.
        departments = statistics.scope_departments(scope).select_related(None).annotate(portal_title=F("portal__title"))
        self.fields["department"].queryset = departments
        if scope is not None and statistics.spans_portals(scope):
            self.fields["department"].label_from_instance = lambda d: f"{d.portal_title} · {d.name}"

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to:
            if date_from > date_to:
                raise forms.ValidationError("开始日期不能晚于结束日期")
            if len(statistics.months_between(date_from, date_to)) > statistics.MAX_MONTHS:
                raise forms.ValidationError(f"统计期间最长为 {statistics.MAX_MONTHS} 个月，请缩小范围")
        return cleaned


def _office_form(request):
    scope = user_scope(request.user)
    if not scope.is_office:
        raise PermissionDenied
    return scope, StatisticsForm(request.GET.dict(), scope=scope)


def _build(scope, form):
    data = form.cleaned_data
    return statistics.build_statistics(scope, data["date_from"], data["date_to"], data["department"])


def statistics_view(request):
    scope, form = _office_form(request)
    context = {"form": form, "stats": None}
    if form.is_valid():
        stats = _build(scope, form)
        query = {"date_from": stats.date_from.isoformat(), "date_to": stats.date_to.isoformat()}
        if stats.department is not None:
            query["department"] = stats.department.pk
        context.update(
            stats=stats,
            charts=statistics.charts(stats),
            export_url=reverse("reports_statistics_export") + "?" + urlencode(query),
        )
    return render(request, "reports/admin/statistics.html", context, status=200 if form.is_valid() else 400)


def statistics_export_view(request):
    scope, form = _office_form(request)
    if not form.is_valid():
        return render(request, "reports/admin/statistics.html", {"form": form, "stats": None}, status=400)
    stats = _build(scope, form)
    response = HttpResponse(statistics.export_xlsx(stats), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, statistics.export_filename(stats))
    response["Cache-Control"] = "private, no-store"
    return response
