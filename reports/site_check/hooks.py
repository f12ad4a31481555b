"""Wagtail hooks of the self-check: admin page, Excel export, menu item and dashboard panel."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.admin_panels import DashboardPanel

from . import cache, views


@hooks.register("register_admin_urls")
def site_check_urls():
    return [
        path("reports/site-check/", views.site_check_view, name="reports_site_check"),
        path("reports/site-check/refresh/", views.site_check_refresh_view, name="reports_site_check_refresh"),
        path("reports/site-check/export.xlsx", views.site_check_export_view, name="reports_site_check_export"),
    ]


def _office_portals(user):
    from pages.permissions import office_portals

    return office_portals(user)


class SiteCheckMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(_office_portals(request.user))


@hooks.register("register_admin_menu_item")
def site_check_menu_item():
    return SiteCheckMenuItem(
        "网站自查", reverse("reports_site_check"), name="reports_site_check", icon_name="tasks", order=265
    )


class SiteCheckPanel(DashboardPanel):
    name = "gongkai_site_check"
    template_name = "reports/admin/dashboard_site_check.html"
    order = 25

    def __init__(self, portal):
        self.portal = portal

    def get_panel_context(self, request):
        return {
            "summary": cache.panel_summary(self.portal),
            "url": reverse("reports_site_check"),
            "refresh_url": reverse("reports_site_check_refresh"),
        }


@hooks.register("construct_homepage_panels")
def site_check_panel(request, panels):
    portals = _office_portals(request.user)
    if portals:
        panels.append(SiteCheckPanel(portals[0]))
