"""部门考核 admin page and its Excel download: the disclosure office (and superusers) only."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode

from ..dashboard import today, user_scope
from ..statistics import scope_departments
from . import export
from .rules import indicators
from .scores import PERIOD_KINDS, Period, assess

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AssessmentForm(forms.Form):
    kind = forms.ChoiceField(label="考核周期", choices=list(PERIOD_KINDS.items()))
    year = forms.IntegerField(
        label="年份",
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "请输入年份，如 2026",
            "min_value": "年份不能早于2000年",
            "max_value": "年份不能晚于2100年",
        },
    )
    number = forms.IntegerField(
        label="月份或季度",
        required=False,
        min_value=1,
        max_value=12,
        help_text="月度填 1—12，季度填 1—4，年度不填",
        error_messages={"invalid": "请输入数字", "min_value": "最小为1", "max_value": "最大为12"},
    )

    def __init__(self, data=None, **kwargs):
        on = today()
        defaults = {"kind": "quarter", "year": str(on.year), "number": str((on.month - 1) // 3 + 1)}
        super().__init__({**defaults, **{k: v for k, v in (data or {}).items() if k in defaults}}, **kwargs)

    def clean(self):
        cleaned = super().clean()
        kind, number = cleaned.get("kind"), cleaned.get("number")
        if kind == "quarter" and number is not None and number > 4:
            self.add_error("number", "季度只能是 1—4")
        if kind in ("month", "quarter") and number is None:
            self.add_error("number", "请填写月份或季度")
        return cleaned

    def period(self):
        data = self.cleaned_data
        return Period(data["kind"], data["year"], 1 if data["kind"] == "year" else data["number"])


def _office(request):
    scope = user_scope(request.user)
    if not scope.is_office:
        raise PermissionDenied
    return scope, AssessmentForm(request.GET.dict())


def assessment_view(request):
    scope, form = _office(request)
    context = {"form": form, "assessment": None, "rules": indicators()}
    if form.is_valid():
        assessment = assess(scope_departments(scope).filter(active=True), form.period())
        query = urlencode({k: form.cleaned_data[k] or "" for k in ("kind", "year", "number")})
        context.update(
            assessment=assessment,
            chart=export.chart(assessment),
            export_url=reverse("reports_assessment_export") + "?" + query,
        )
    return render(request, "reports/admin/assessment.html", context, status=200 if form.is_valid() else 400)


def assessment_export_view(request):
    scope, form = _office(request)
    if not form.is_valid():
        return render(
            request,
            "reports/admin/assessment.html",
            {"form": form, "assessment": None, "rules": indicators()},
            status=400,
        )
    assessment = assess(scope_departments(scope).filter(active=True), form.period())
    response = HttpResponse(export.export_xlsx(assessment), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, export.export_filename(assessment))
    response["Cache-Control"] = "private, no-store"
    return response
