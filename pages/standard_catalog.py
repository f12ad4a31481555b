"""The portal's 标准目录 as one public table (every element column) and its .xlsx, with the catalog's
revision history: when each area or item was added and last changed.

Only live nodes without a view restriction, under a live, public area; the values of the published
version. A node the office changed shows the date of that publication (Wagtail's ``last_published_at``);
the history sheet lists every publication of a node from the page log.
"""

import io

from django.utils import timezone

from cms.plain_text import strip_control_characters

from .models import CatalogArea, CatalogItem

COLUMNS = [
    "序号",
    "领域",
    "一级事项",
    "二级事项",
    "公开内容（要素）",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象",
    "公开方式",
    "公开层级",
    "更新频率",
    "未涉及",
    "列入目录日期",
    "最近修订日期",
]


def _day(moment):
    # The day in the portal's time zone (Asia/Shanghai): a UTC date is the day before until 08:00.
    return timezone.localdate(moment).isoformat() if moment else ""


def _not_applicable(node):
    return f"未涉及：{node.not_applicable_reason}" if node.not_applicable else ""


def catalog_rows(portal):
    """One list of COLUMNS values per item, and per area without items, in catalog order."""
    areas = list(CatalogArea.objects.child_of(portal).live().public().select_related("department").order_by("path"))
    items = CatalogItem.objects.descendant_of(portal).live().public().select_related("department").order_by("path")
    by_area = {}
    for item in items:
        by_area.setdefault(item.path[: -item.steplen], []).append(item)
    rows = []
    for area in areas:
        for item in by_area.get(area.path, []):
            rows.append(
                [
                    len(rows) + 1,
                    area.title,
                    item.level1_name,
                    item.title,
                    item.content_elements,
                    item.basis,
                    item.time_limit_text or f"{item.time_limit_days}个工作日",
                    str(item.department or item.subject or ""),
                    item.channels,
                    item.get_audience_display(),
                    item.get_method_display(),
                    item.level,
                    item.get_update_rhythm_display(),
                    _not_applicable(area) or _not_applicable(item),
                    _day(item.first_published_at),
                    _day(item.last_published_at),
                ]
            )
        if area.pk and not by_area.get(area.path):
            empty = ["", "", "", "", ""]  # 渠道, 对象, 方式, 层级, 更新频率
            rows.append(
                [len(rows) + 1, area.title, "", "", area.description, "", "", str(area.department or "")]
                + empty
                + [_not_applicable(area), _day(area.first_published_at), _day(area.last_published_at)]
            )
    return rows


def revision_history(portal, limit=2000):
    """[(date, 领域, 事项, 新增|修订)], newest first: when each live, public area or item entered the
    catalog (its first publication) and every later publication the page log recorded."""
    import datetime

    from wagtail.models import PageLogEntry

    areas = {a.path: a for a in CatalogArea.objects.child_of(portal).live().public()}
    nodes = {a.pk: (a, a.title, "") for a in areas.values()}
    for item in CatalogItem.objects.descendant_of(portal).live().public():
        area = areas.get(item.path[: -item.steplen])
        if area is not None:
            nodes[item.pk] = (item, area.title, item.title)
    events = [(node.first_published_at, area, item, "新增") for node, area, item in nodes.values()]
    logs = PageLogEntry.objects.filter(page_id__in=list(nodes), action="wagtail.publish").values_list(
        "page_id", "timestamp"
    )
    for page_id, timestamp in logs:
        node, area, item = nodes[page_id]
        if node.first_published_at and timestamp > node.first_published_at + datetime.timedelta(seconds=5):
            events.append((timestamp, area, item, "修订"))
    events = [e for e in events if e[0]]
    events.sort(key=lambda event: event[0], reverse=True)
    return [(_day(moment), area, item, change) for moment, area, item, change in events[:limit]]


def _sheet(workbook, title, header, rows):
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(title)
    for values in [header] + rows:
        sheet.append([strip_control_characters(v) if isinstance(v, str) else v for v in values])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return sheet


def catalog_xlsx(portal):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, "标准目录", COLUMNS, catalog_rows(portal))
    _sheet(workbook, "修订记录", ["日期", "领域", "事项", "变更"], [list(r) for r in revision_history(portal)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
