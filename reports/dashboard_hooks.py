"""Wagtail hooks for the dashboard panels and statistics (registered via reports.wagtail_hooks)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import PagesSummaryItem

from cms.admin_panels import DashboardPanel

from . import dashboard, responses, statistics_views


class ScopedPanel(DashboardPanel):
    """A panel over the user's scope (office: its portals; department: its own); hidden when empty."""

    def __init__(self, scope):
        self.scope = scope

    def render_html(self, parent_context=None):
        if self.scope.is_empty:
            return ""
        return super().render_html(parent_context)


class PendingApprovalsPanel(ScopedPanel):
    name = "gongkai_pending_by_department"
    template_name = "reports/admin/dashboard_pending.html"
    order = 60

    def get_panel_context(self, request):
        return {"rows": dashboard.pending_approvals(self.scope), "office": self.scope.is_office}


class RequestDeadlinesPanel(DashboardPanel):
    name = "gongkai_request_deadlines"
    template_name = "reports/admin/dashboard_requests.html"
    order = 70

    def get_panel_context(self, request):
        index = reverse("disclosure_requests:index")
        return {
            **dashboard.request_deadlines(request.user),
            "overdue_url": index + "?urgency=overdue",
            "due_soon_url": index + "?urgency=due_soon",
            "correction_notice_url": index + "?urgency=correction_notice",
        }


class TimelinessPanel(ScopedPanel):
    name = "gongkai_timeliness"
    template_name = "reports/admin/dashboard_timeliness.html"
    order = 80

    def get_panel_context(self, request):
        return {**dashboard.timeliness_alerts(self.scope), "working_days": dashboard.PUBLICATION_WORKING_DAYS}


class ResponseTimelinessPanel(ScopedPanel):
    """回应关切: this year's responses in and out of time, and the concerns past their limit."""

    name = "gongkai_response_timeliness"
    template_name = "reports/admin/dashboard_responses.html"
    order = 85

    def get_panel_context(self, request):
        return responses.response_timeliness(self.scope)


class YearTotalsPanel(ScopedPanel):
    name = "gongkai_year_totals"
    template_name = "reports/admin/dashboard_totals.html"
    order = 30

    def get_panel_context(self, request):
        return {"totals": dashboard.year_totals(self.scope, request.user), "office": self.scope.is_office}


class KeptPagesSummaryItem(PagesSummaryItem):
    """Wagtail's 页面 count in the site summary, kept like the other figures (``figures``):
    counting a county's 100,000 pages on every view of the dashboard took 56 ms on SQLite.

    Besides the public version, the key holds the newest page's id, so a new catalog node (which
    changes nothing public) is counted at once. Deleting an entry is a public change; only
    deleting a page that was never public (an empty column, a draft) can leave the figure one
    too high, for ``figures.TIMEOUT`` at most."""

    def get_context_data(self, parent_context):
        from wagtail.admin.navigation import get_site_for_user
        from wagtail.models import Page, Site

        from .figures import cached_figures

        site_details = get_site_for_user(self.request.user)
        root_page = site_details["root_page"]
        count = 0
        if root_page:
            newest = Page.objects.order_by("-pk").values_list("pk", flat=True).first()
            count = cached_figures(
                "page_count",
                (root_page.path, newest),
                lambda: Page.objects.descendant_of(root_page, inclusive=True).count(),
            )
            if root_page.is_root():
                count -= 1  # the tree root is not a real page
                # One site: link to its home page rather than the tree root, as Wagtail does.
                sites = list(Site.objects.select_related("root_page")[:2])
                root_page = sites[0].root_page if len(sites) == 1 else root_page
        return {"root_page": root_page, "total_pages": count, "site_name": site_details["site_name"]}


@hooks.register("construct_homepage_summary_items")
def kept_page_count(request, summary_items):
    summary_items[:] = [
        KeptPagesSummaryItem(request) if type(item) is PagesSummaryItem else item for item in summary_items
    ]


@hooks.register("construct_homepage_panels")
def oversight_panels(request, panels):
    from disclosure_requests.admin_views import has_request_access

    scope = dashboard.user_scope(request.user)
    panels.extend(
        [YearTotalsPanel(scope), PendingApprovalsPanel(scope), TimelinessPanel(scope), ResponseTimelinessPanel(scope)]
    )
    if has_request_access(request.user):
        panels.append(RequestDeadlinesPanel())


# -- 统计分析 ------------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def statistics_urls():
    return [
        path("reports/statistics/", statistics_views.statistics_view, name="reports_statistics"),
        path(
            "reports/statistics/export.xlsx", statistics_views.statistics_export_view, name="reports_statistics_export"
        ),
    ]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return dashboard.user_scope(request.user).is_office


@hooks.register("register_admin_menu_item")
def statistics_menu_item():
    return StatisticsMenuItem(
        "统计分析", reverse("reports_statistics"), name="reports_statistics", icon_name="table", order=260
    )
