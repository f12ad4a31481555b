"""Wagtail hooks for the annual report (registered via reports.wagtail_hooks)."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from .. import annual
from ..models import ReviewLitigationCase
from . import admin_views

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
