"""Wagtail hooks of 部门考核: the admin page, its export, the weights form and the menu item (the
office, and department users for their own department)."""

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
        path("reports/assessment/weights/", views.assessment_weights_view, name="reports_assessment_weights"),
    ]


class AssessmentMenuItem(MenuItem):
    def is_shown(self, request):
        return not user_scope(request.user).is_empty  # the office, and departments for their own score


@hooks.register("register_admin_menu_item")
def assessment_menu_item():
    return AssessmentMenuItem(
        "部门考核", reverse("reports_assessment"), name="reports_assessment", icon_name="pick", order=262
    )
