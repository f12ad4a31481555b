"""Wagtail hooks for the annual report (registered via reports.wagtail_hooks)."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from cms.admin_panels import DashboardPanel

from .. import annual
from ..models import ReviewLitigationCase
from . import admin_views
from .due import due_reminders

register_permission_policy(ReviewLitigationCase, admin_views.CasePolicy(ReviewLitigationCase))


class AnnualReportMenuItem(MenuItem):
    def is_shown(self, request):
        return annual.has_annual_access(request.user)


@hooks.register("register_admin_urls")
def annual_report_urls():
    return admin_views.admin_urls()


@hooks.register("register_admin_viewset")
def annual_report_cases_viewset():
    return admin_views.ReviewLitigationCaseViewSet()


@hooks.register("register_admin_menu_item")
def annual_report_menu_item():
    return AnnualReportMenuItem(
        "政府信息公开年报",
        reverse("annual_report_index"),
        name="annual_reports",
        icon_name="doc-full-inverse",
        order=260,
    )


class AnnualReportDuePanel(DashboardPanel):
    """The office's reminder that last year's report is due (portal setting 年报公布期限)."""

    name = "gongkai_annual_report_due"
    template_name = "reports/admin/dashboard_annual_due.html"
    order = 25

    def __init__(self, reminders):
        self.reminders = reminders

    def get_panel_context(self, request):
        return {"reminders": self.reminders}


@hooks.register("construct_homepage_panels")
def annual_report_due_panel(request, panels):
    if not annual.has_annual_access(request.user):
        return
    reminders = due_reminders(list(annual.office_portals(request.user)))
    if reminders:
        panels.append(AnnualReportDuePanel(reminders))
