"""Base for the Wagtail admin home panels of every app (workflows, reports)."""

from wagtail.admin.ui.components import Component


class DashboardPanel(Component):
    """A homepage panel: subclasses return their own figures from ``get_panel_context``."""

    def get_panel_context(self, request):
        return {}

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = {"request": request, "csrf_token": parent_context.get("csrf_token")}
        context.update(self.get_panel_context(request))
        return context
