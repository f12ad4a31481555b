"""Wagtail hooks of 部门考核: the admin page, its export and the menu item (office only)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ..dashboard import user_scope
from . import views


@hooks.register("register_admin_urls")
def assessment_urls():
    return [
        path("reports/assessment/", views.assessment_view, name="reports_assessment"),
        path("reports/assessment/export.xlsx", views.assessment_export_view, name="reports_assessment_export"),
    ]


class AssessmentMenuItem(MenuItem):
    def is_shown(self, request):
        return user_scope(request.user).is_office


@hooks.register("register_admin_menu_item")
def assessment_menu_item():
    return AssessmentMenuItem(
        "部门考核", reverse("reports_assessment"), name="reports_assessment", icon_name="pick", order=262
    )
