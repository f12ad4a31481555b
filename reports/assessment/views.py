"""部门考核 admin page, its Excel download and the office's weights form.

The disclosure office (and superusers) see every department of the portal and set the weights; a
department's own users see only their department — its score, rank and what lowers it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode

from ..dashboard import today, user_scope
from . import export, trend
from .rules import indicators
from .scores import PERIOD_KINDS, Period, assess
from .weights import WeightsForm, can_set_weights, set_weights

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
QUERY_FIELDS = ("portal", "kind", "year", "number")


class AssessmentForm(forms.Form):
    portal = forms.TypedChoiceField(label="门户", coerce=int, error_messages={"invalid_choice": "请选择门户"})
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

    def __init__(self, data=None, portals=(), **kwargs):
        on = today()
        self.portals = {p.pk: p for p in portals}
        defaults = {
            "portal": str(next(iter(self.portals), "")),
            "kind": "quarter",
            "year": str(on.year),
            "number": str((on.month - 1) // 3 + 1),
        }
        super().__init__({**defaults, **{k: v for k, v in (data or {}).items() if k in defaults}}, **kwargs)
        self.fields["portal"].choices = [(p.pk, p.title) for p in portals]
        if len(self.portals) <= 1:
            self.fields["portal"].widget = forms.HiddenInput()

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

    def chosen_portal(self):
        return self.portals[self.cleaned_data["portal"]]

    def query(self):
        return urlencode({k: self.cleaned_data[k] or "" for k in QUERY_FIELDS})


def _portals(scope):
    """The portals the user is assessed in: the office's, else those of the user's departments."""
    from pages.models import DisclosurePortal

    portals = DisclosurePortal.objects.order_by("path")
    if not scope.everything:
        own = set(scope.portal_ids)
        own |= set(DisclosurePortal.objects.filter(departments__in=scope.department_ids).values_list("pk", flat=True))
        portals = portals.filter(pk__in=own)
    return list(portals)


def _assessment(request, data):
    """(context, status) of the page for ``data`` (the filter's query)."""
    scope = user_scope(request.user)
    portals = _portals(scope)
    if not portals:
        raise PermissionDenied
    form = AssessmentForm(data, portals=portals)
    context = {"form": form, "assessment": None, "rules": indicators(), "is_office": scope.is_office}
    if not form.is_valid():
        return context, 400
    portal, period = form.chosen_portal(), form.period()
    office = scope.everything or portal.pk in scope.portal_ids
    departments = list(portal.departments.filter(active=True).order_by("name"))
    assessment = assess(departments, period, portal=portal)
    if not office:
        assessment = assessment.only(scope.department_ids)
        departments = [d for d in departments if d.pk in scope.department_ids]
    context.update(
        portal=portal,
        is_office=office,
        rules=assessment.indicators,
        assessment=assessment,
        chart=export.chart(assessment),
        trend_chart=trend.trend_chart_svg(
            trend.trend(departments, period, portal=portal), f"截至{period.label}的得分趋势（满分100）"
        ),
        export_url=reverse("reports_assessment_export") + "?" + form.query(),
        query=form.cleaned_data,
        weights=portal_weights(portal),
    )
    if office:
        context["weights_form"] = WeightsForm(portal=portal)
    return context, 200


def portal_weights(portal):
    from ..models import AssessmentWeights

    return AssessmentWeights.objects.filter(portal=portal).select_related("updated_by").first()


def assessment_view(request):
    context, status = _assessment(request, request.GET.dict())
    return render(request, "reports/admin/assessment.html", context, status=status)


def assessment_export_view(request):
    context, status = _assessment(request, request.GET.dict())
    if status != 200:
        return render(request, "reports/admin/assessment.html", context, status=status)
    assessment = context["assessment"]
    response = HttpResponse(export.export_xlsx(assessment), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, export.export_filename(assessment))
    response["Cache-Control"] = "private, no-store"
    return response


def assessment_weights_view(request):
    """POST: the office stores its portal's weights and returns to the page it came from."""
    from pages.models import DisclosurePortal

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        portal = get_object_or_404(DisclosurePortal, pk=int(request.POST.get("portal", "")))
    except ValueError:
        raise PermissionDenied from None
    if not can_set_weights(request.user, portal):
        raise PermissionDenied
    back = {k: request.POST.get(k, "") for k in QUERY_FIELDS}
    form = WeightsForm(request.POST, portal=portal)
    if form.is_valid():
        set_weights(portal, form.weights(), request.user)
        messages.success(request, "考核权重已保存，下面的得分已按新权重计算")
        return redirect(reverse("reports_assessment") + "?" + urlencode(back))
    context, status = _assessment(request, back)
    context["weights_form"] = form  # shown again with its errors and what was typed (a form, so 200)
    return render(request, "reports/admin/assessment.html", context, status=status)
