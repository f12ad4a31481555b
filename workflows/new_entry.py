"""新建公开信息 on the dashboard: the catalog items a 信息员 may write under (their departments'),
each with its 新建 link; items with a 范文 say so (新建 starts from it)."""

from django.urls import reverse

from cms.admin_panels import DashboardPanel
from pages.models import CatalogItem, Department


def writable_items(user):
    """Live catalog items of the departments whose 信息员 ``user`` is, in catalog order."""
    if not (user and user.is_authenticated and user.is_active):
        return CatalogItem.objects.none()
    departments = Department.objects.filter(editors_group__in=user.groups.all())
    return CatalogItem.objects.filter(department__in=departments, live=True, not_applicable=False).order_by("path")


class NewEntryPanel(DashboardPanel):
    name = "gongkai_new_entry"
    template_name = "workflows/admin/new_entry_panel.html"
    order = 44

    def get_panel_context(self, request):
        items = writable_items(request.user).select_related("department")
        rows = [
            {
                "item": item,
                "area": item.get_parent().title,
                "add_url": reverse("wagtailadmin_pages:add", args=["pages", "disclosureentry", item.pk]),
                "has_model": bool(item.model_title or item.model_body),
            }
            for item in items[:40]
        ]
        return {"rows": rows}
