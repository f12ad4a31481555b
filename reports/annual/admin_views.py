"""Admin for the annual report: the list of years, one page per (portal, year) with the tables,
the office's text and figures, downloads and 发布; and the 行政复议/行政诉讼 cases (table 四).

Only the disclosure office (superusers, holders of publish permission on the portal — the rule of
disclosure_requests.services.is_office) sees any of it; department staff get 403.
"""

import json
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from disclosure_requests.services import is_office
from pages.models import DisclosurePortal
from pages.publishing.states import disclosure_status

from .. import annual
from ..models import AnnualReport, ReviewLitigationCase
from . import checks
from .docx import render_docx
from .narrative import overview_draft


def _portal_for(request, portal_id, year=None):
    portal = get_object_or_404(DisclosurePortal, pk=portal_id)
    if year is not None and not 2008 <= year <= 2100:
        raise Http404
    if not is_office(request.user, portal):
        raise PermissionDenied
    return portal


def _overview_draft(portal, year):
    try:
        return overview_draft(portal, year, annual.build_annual_report(portal, year, validate=False))
    except ValidationError:
        return ""


def _error_text(exc):
    return "；".join(getattr(exc, "messages", None) or [str(exc)])


class OpenYearForm(forms.Form):
    portal = forms.ModelChoiceField(label="门户", queryset=DisclosurePortal.objects.none(), empty_label=None)
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["portal"].queryset = DisclosurePortal.objects.filter(
            pk__in=[p.pk for p in annual.office_portals(user)]
        )


class AnnualReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = [
            "overview",
            "licensing_decisions",
            "penalty_decisions",
            "enforcement_decisions",
            "fee_amount",
            "problems",
            "other_matters",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in ("overview", "problems", "other_matters")}
        help_texts = {
            "overview": "已按主动公开、依申请公开、政府信息管理、平台建设、监督保障五部分用本系统数据预填，请核对补充",
            "other_matters": "报告自动写明本年信息处理费的收取情况（来自依申请公开的收费记录），此处填写其他事项",
        }


def index_view(request):
    if not annual.has_annual_access(request.user):
        raise PermissionDenied
    portals = annual.office_portals(request.user)
    last_year = timezone.localdate().year - 1
    form = OpenYearForm(
        request.GET or None,
        user=request.user,
        initial={"year": last_year, "portal": portals[0].pk if portals else None},
    )
    if request.GET and form.is_valid():
        return redirect("annual_report_detail", form.cleaned_data["portal"].pk, form.cleaned_data["year"])
    reports = AnnualReport.objects.filter(portal__in=portals).select_related("portal", "entry")
    rows = []
    known = {(r.portal_id, r.year) for r in reports}
    for portal in portals:
        if (portal.pk, last_year) not in known:
            rows.append({"portal": portal, "year": last_year, "report": None})
    rows += [
        {"portal": r.portal, "year": r.year, "report": r, "status": disclosure_status(r.entry) if r.entry_id else None}
        for r in reports
    ]
    rows.sort(key=lambda row: (-row["year"], row["portal"].path))
    return render(request, "reports/admin/annual_index.html", {"rows": rows, "form": form})


def detail_view(request, portal_id, year):
    portal = _portal_for(request, portal_id, year)
    report = AnnualReport.objects.filter(portal=portal, year=year).first()
    locked = bool(report and report.state == AnnualReport.State.PUBLISHED and report.entry_id)
    form = AnnualReportForm(instance=report or AnnualReport(portal=portal, year=year))
    if not (report and report.overview):
        form.initial["overview"] = _overview_draft(portal, year)
    if request.method == "POST":
        if locked:
            messages.error(request, "本年度报告已发布，不能再修改")
            return redirect("annual_report_detail", portal.pk, year)
        form = AnnualReportForm(request.POST, instance=report or AnnualReport(portal=portal, year=year))
        if form.is_valid():
            form.save()
            messages.success(request, "已保存")
            return redirect("annual_report_detail", portal.pk, year)
        messages.error(request, "保存失败，请检查填写内容")
    title = annual.report_title(portal, year)
    try:
        data = annual.build_annual_report(portal, year)
        body = annual.render_body_html(data, title)
        error = None
    except ValidationError as exc:
        body, error = "", _error_text(exc)
    context = {
        "portal": portal,
        "year": year,
        "report": report,
        "form": form,
        "locked": locked,
        "title": title,
        "body": body,
        "error": error,
        "entry_status": disclosure_status(report.entry) if report and report.entry_id else None,
        "cases_url": reverse("annual_report_cases:index") + f"?portal={portal.pk}",
        "counted": [(name, annual.counted_entries(portal, year, name)) for name in annual.report_genres()],
    }
    return render(request, "reports/admin/annual_detail.html", context)


def publish_view(request, portal_id, year):
    """GET: the confirmation (suspicious figures, who approves); POST: 发布."""
    portal = _portal_for(request, portal_id, year)
    reviewers, leaders, problems = checks.approvers(portal)
    if request.method == "GET":
        try:
            warnings = checks.suspicious_figures(portal, annual.build_annual_report(portal, year))
        except ValidationError as exc:
            problems = [*problems, _error_text(exc)]
            warnings = []
        context = {"portal": portal, "year": year, "title": annual.report_title(portal, year), "warnings": warnings}
        context.update(reviewers=reviewers, leaders=leaders, problems=problems)
        return render(request, "reports/admin/annual_publish_confirm.html", context)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    report = annual.get_or_create_report(portal, year)
    try:
        if problems:
            raise ValidationError(problems)
        report = annual.publish_annual_report(report, request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "发布失败：" + _error_text(exc))
    else:
        messages.success(
            request,
            f"已生成公开信息「{report.entry.title}」并提交部门审核（{'、'.join(map(_person, reviewers))}），"
            f"再由领导审批（{'、'.join(map(_person, leaders))}），审批通过后向社会公开",
        )
    return redirect("annual_report_detail", portal.pk, year)


def _person(user):
    return user.get_full_name() or user.get_username()


CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def download_view(request, portal_id, year, fmt):
    portal = _portal_for(request, portal_id, year)
    if fmt not in CONTENT_TYPES:
        raise Http404
    try:
        data = annual.build_annual_report(portal, year)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("annual_report_detail", portal.pk, year)
    title = annual.report_title(portal, year)
    if fmt == "json":
        content = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    elif fmt == "html":
        content = annual.render_html(data, title).encode("utf-8")
    else:
        content = render_docx(data, title)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"{title}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "private, no-store"
    return response


def admin_urls():
    return [
        path("annual-reports/", index_view, name="annual_report_index"),
        path("annual-reports/<int:portal_id>/<int:year>/", detail_view, name="annual_report_detail"),
        path("annual-reports/<int:portal_id>/<int:year>/publish/", publish_view, name="annual_report_publish"),
        path(
            "annual-reports/<int:portal_id>/<int:year>/download/<str:fmt>/",
            download_view,
            name="annual_report_download",
        ),
    ]


# -- 行政复议、行政诉讼案件 ------------------------------------------------------------------------


class CasePolicy(BasePermissionPolicy):
    """The office of the case's portal adds, changes and deletes; nobody else sees any case."""

    def user_has_permission(self, user, action):
        return annual.has_annual_access(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return is_office(user, instance.portal)

    def instances_user_has_permission_for(self, user, action):
        return office_cases(user)

    def users_with_permission(self, action):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()


def office_cases(user):
    return ReviewLitigationCase.objects.filter(portal__in=[p.pk for p in annual.office_portals(user)])


class CaseIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=office_cases(self.request.user).values("pk"))


class CaseEditView(EditView):
    def get_queryset(self):
        return office_cases(self.request.user)


class CaseDeleteView(DeleteView):
    def get_queryset(self):
        return office_cases(self.request.user)


class CaseForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "portal" in self.fields:
            self.fields["portal"].queryset = DisclosurePortal.objects.filter(
                pk__in=[p.pk for p in annual.office_portals(self.for_user)]
            )


class ReviewLitigationCaseViewSet(ModelViewSet):
    model = ReviewLitigationCase
    icon = "doc-full"
    name = "annual_report_cases"
    url_prefix = "annual-report-cases"
    add_to_admin_menu = False
    index_view_class = CaseIndexView
    edit_view_class = CaseEditView
    delete_view_class = CaseDeleteView
    inspect_view_enabled = False
    copy_view_enabled = False
    list_filter = ["portal", "kind", "result"]
    list_display = [
        "case_number",
        Column("kind", label="类型", accessor="get_kind_display"),
        "filed_on",
        "concluded_on",
        Column("result", label="审结结果", accessor="get_result_display"),
        "portal",
    ]
    search_fields = ["case_number", "note"]
    edit_handler = ObjectList(
        [
            FieldPanel("portal", widget=forms.Select),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("case_number")]),
            FieldRowPanel([FieldPanel("filed_on"), FieldPanel("concluded_on"), FieldPanel("result")]),
            FieldPanel("review_body_co_defendant"),
            FieldPanel("note"),
        ],
        base_form_class=CaseForm,
    )


__all__ = ["admin_urls", "ReviewLitigationCaseViewSet"]
