"""网站自查 admin page and its Excel download: the disclosure office's portals only."""

import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_POST

from . import cache, run_site_check

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _portal(request):
    from pages.permissions import office_portals

    portals = office_portals(request.user)
    if not portals:
        raise PermissionDenied
    wanted = request.GET.get("portal")
    if not wanted:
        return portals, portals[0]
    for portal in portals:
        if str(portal.pk) == wanted:
            return portals, portal
    raise Http404("门户不存在或不在您的管理范围内")


def site_check_view(request):
    portals, portal = _portal(request)
    result = run_site_check(portal)
    cache.store(result)  # the dashboard panel shows what this page shows
    export_url = reverse("reports_site_check_export") + "?" + urlencode({"portal": portal.pk})
    context = {"portals": portals, "portal": portal, "result": result, "export_url": export_url}
    return render(request, "reports/admin/site_check.html", context)


@require_POST
def site_check_refresh_view(request):
    """重新检查 on the dashboard panel: a fresh run now, back to the dashboard."""
    _, portal = _portal(request)
    cache.panel_summary(portal, refresh=True)
    return redirect("wagtailadmin_home")


def site_check_export_view(request):
    _, portal = _portal(request)
    result = run_site_check(portal)
    response = HttpResponse(export_xlsx(result, request.build_absolute_uri("/")), content_type=XLSX)
    filename = f"网站自查-{portal.slug}-{result.on:%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def export_xlsx(result, base_url=""):
    """Sheet 自查结果 (one row per indicator) and sheet 问题清单 (one row per finding, with its link)."""
    from openpyxl import Workbook

    from ..statistics import _write_sheet

    workbook = Workbook()
    workbook.remove(workbook.active)
    summary = [
        [
            f.title,
            f.status_label,
            "" if f.skipped else f.count,
            f.veto_at if f.veto_at and f.veto_at > 1 else ("发生即否决" if f.veto_at else "扣分项"),
            f.skipped or f.advice,
        ]
        for f in result.findings
    ]
    summary.append(["结论", "合格" if result.passed else "存在单项否决项", "", "", f"自查日期 {result.on.isoformat()}"])
    _write_sheet(workbook, "自查结果", ["检查项", "结果", "问题数", "否决线", "下一步怎么做"], summary)
    rows = [
        [f.title, row["text"], row["detail"], base_url.rstrip("/") + row["url"] if row.get("url") else ""]
        for f in result.findings
        for row in f.rows
    ]
    _write_sheet(workbook, "问题清单", ["检查项", "栏目或信息", "情况", "整改链接"], rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
