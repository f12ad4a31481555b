"""统计分析: published entries over a period, by department × month, area, 五公开 type and genre;
server-side SVG bar charts and the Excel export. Plain functions; the views only parse the form.

Counted are entries that went through publication and are live (``dashboard.published_entries``),
by their 发布日期.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Length, Substr, TruncMonth
from django.utils.html import escape
from django.utils.safestring import mark_safe

from cms.plain_text import strip_control_characters

from .dashboard import published_entries

NO_DEPARTMENT = "未指定部门"
UNTAGGED = "未标注"
MAX_MONTHS = 36


@dataclass
class Statistics:
    date_from: datetime.date
    date_to: datetime.date
    department: object = None  # the chosen Department, or None for all in scope
    months: list = field(default_factory=list)  # first day of each month in the period
    department_rows: list = field(default_factory=list)  # {"label", "counts": [per month], "total"}
    month_totals: list = field(default_factory=list)
    total: int = 0
    by_area: list = field(default_factory=list)  # [(label, count)]
    by_five_public: list = field(default_factory=list)
    by_genre: list = field(default_factory=list)

    @property
    def month_labels(self):
        return [month_label(m, self.date_from.year != self.date_to.year) for m in self.months]

    @property
    def by_department(self):
        return [(row["label"], row["total"]) for row in self.department_rows]

    @property
    def by_month(self):
        return list(zip(self.month_labels, self.month_totals))

    @property
    def department_table_rows(self):
        """The department × month table's body, built here: a county has 200 departments, and
        2,600 cells through the template engine cost about 60 ms."""
        return mark_safe(  # noqa: S308 - the label is escaped, the rest are ints
            "".join(
                f'<tr><td class="title">{escape(row["label"])}</td>'
                + "".join(f"<td>{int(n)}</td>" for n in row["counts"])
                + f"<td><strong>{int(row['total'])}</strong></td></tr>"
                for row in self.department_rows
            )
        )


def month_label(month, with_year=True):
    return f"{month.year}年{month.month}月" if with_year else f"{month.month}月"


def months_between(date_from, date_to):
    months, month = [], date_from.replace(day=1)
    while month <= date_to:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def scope_departments(scope):
    """Departments the office may filter by: those of its portals (every one for superusers)."""
    from pages.models import Department

    departments = Department.objects.select_related("portal")
    if not scope.everything:
        departments = departments.filter(portal_id__in=scope.portal_ids)
    return departments.order_by("portal__path", "name")


def spans_portals(scope):
    """Whether the office's departments belong to more than one portal (then each is named with its
    portal: a county has twenty 财政所)."""
    return len(scope_departments(scope).order_by().values_list("portal", flat=True).distinct()[:2]) > 1


def _sorted_pairs(counts):
    """(label, count) pairs, largest first, the untagged bucket last."""
    pairs = sorted(((k, v) for k, v in counts.items() if k != UNTAGGED), key=lambda p: (-p[1], p[0]))
    if counts.get(UNTAGGED):
        pairs.append((UNTAGGED, counts[UNTAGGED]))
    return pairs


def _counts(entries):
    """The period's plain counts, each one grouped query: per (department, month), per parent
    page, per 五公开 type and per 体裁. Kept until what is public changes (``figures``)."""
    per_month = [
        (department_id, month.date() if isinstance(month, datetime.datetime) else month, n)
        for department_id, month, n in entries.order_by()
        .annotate(month=TruncMonth("published_on"))
        .values("department_id", "month")
        .annotate(n=Count("pk"))
        .values_list("department_id", "month", "n")
    ]
    per_parent = dict(
        entries.order_by()
        .annotate(parent_path=Substr("path", 1, Length("path") - 4))
        .values("parent_path")
        .annotate(n=Count("pk"))
        .values_list("parent_path", "n")
    )
    vocabularies = {
        name: dict(entries.order_by().values(f"{name}__name").annotate(n=Count("pk")).values_list(f"{name}__name", "n"))
        for name in ("five_public", "genre")
    }
    # Area titles too: renaming an area is a recorded change of the entries below it.
    return {"per_month": per_month, "by_area": _by_area(per_parent), **vocabularies}


def _by_area(per_parent):
    """Counts per catalog area: entries sit under an item (whose parent is the area) or directly
    under an area; counted by parent path, mapped to areas in two queries."""
    from pages.models import CatalogArea, CatalogItem

    item_area = {
        path: path[:-4] for path in CatalogItem.objects.filter(path__in=per_parent).values_list("path", flat=True)
    }
    area_paths = {item_area.get(path, path) for path in per_parent}
    area_titles = dict(CatalogArea.objects.filter(path__in=area_paths).values_list("path", "title"))
    counts = {}
    for parent, n in per_parent.items():
        title = area_titles.get(item_area.get(parent, parent), UNTAGGED)
        counts[title] = counts.get(title, 0) + n
    return _sorted_pairs(counts)


def _by_vocabulary(grouped, model, keep_zero):
    counts = {}
    for name, n in grouped.items():
        counts[name or UNTAGGED] = counts.get(name or UNTAGGED, 0) + n
    if not keep_zero:
        return _sorted_pairs(counts)
    # A small fixed vocabulary (五公开): every type in its own order, zeros included.
    pairs = [(name, counts.pop(name, 0)) for name in model.objects.filter(active=True).values_list("name", flat=True)]
    pairs += [(k, v) for k, v in counts.items() if k != UNTAGGED]
    if counts.get(UNTAGGED):
        pairs.append((UNTAGGED, counts[UNTAGGED]))
    return pairs


def build_statistics(scope, date_from, date_to, department=None):
    """Every breakdown for entries published from ``date_from`` to ``date_to`` (inclusive) in the
    office's scope, optionally of one department (which must be one of ``scope_departments``)."""
    from pages.models import FivePublicType, Genre

    if date_from > date_to:
        raise ValueError("开始日期不能晚于结束日期")
    entries = published_entries().filter(published_on__range=(date_from, date_to))
    if not scope.everything:
        entries = entries.filter(scope.entries_q())
    if department is not None:
        entries = entries.filter(department=department)
    stats = Statistics(
        date_from=date_from, date_to=date_to, department=department, months=months_between(date_from, date_to)
    )
    column = {month: i for i, month in enumerate(stats.months)}

    several = spans_portals(scope)  # a county's twenty 财政所: name the portal

    def label(name, portal_title):
        return f"{portal_title} · {name}" if several else name

    departments = (
        [(department.pk, department.name, department.portal.title)]
        if department is not None
        else list(scope_departments(scope).filter(active=True).values_list("pk", "name", "portal__title"))
    )
    rows = {pk: {"label": label(name, p), "counts": [0] * len(stats.months), "total": 0} for pk, name, p in departments}
    from .figures import cached_figures, scope_key

    counts = cached_figures(
        "statistics",
        (scope_key(scope), date_from, date_to, department.pk if department is not None else None),
        lambda: _counts(entries),
    )
    per_month = counts["per_month"]
    if per_month:
        from pages.models import Department

        extra = Department.objects.filter(pk__in={d for d, _, _ in per_month if d and d not in rows})
        for pk, name, p in extra.values_list("pk", "name", "portal__title"):  # inactive, yet published
            rows[pk] = {"label": label(name, p), "counts": [0] * len(stats.months), "total": 0}
    for department_id, month, n in per_month:
        row = rows.setdefault(department_id, {"label": NO_DEPARTMENT, "counts": [0] * len(stats.months), "total": 0})
        row["counts"][column[month.replace(day=1)]] += n
        row["total"] += n
    stats.department_rows = sorted(rows.values(), key=lambda r: (-r["total"], r["label"]))
    stats.month_totals = [sum(r["counts"][i] for r in stats.department_rows) for i in range(len(stats.months))]
    stats.total = sum(stats.month_totals)
    stats.by_area = counts["by_area"]
    stats.by_five_public = _by_vocabulary(counts["five_public"], FivePublicType, keep_zero=True)
    stats.by_genre = _by_vocabulary(counts["genre"], Genre, keep_zero=False)
    return stats


# -- SVG charts --------------------------------------------------------------------------------

FONT = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei',sans-serif"
BAR_COLOUR = "#2e6da4"
TEXT_COLOUR = "#1f2933"


def _label(text, limit=12):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(width, height, title, body):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gongkai-chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" font-family="{FONT}" '
        f'style="max-width:100%;height:auto">'
        f"<title>{escape(title)}</title>"
        f'<text x="0" y="22" font-size="16" font-weight="bold" fill="{TEXT_COLOUR}">{escape(title)}</text>'
        + "".join(body)
        + "</svg>"
    )


def bar_chart_svg(data, title, width=760):
    """Horizontal bars, one row per ``(label, value)``: long Chinese labels stay readable."""
    label_width, value_width, row_height, top = 200, 56, 30, 40
    height = top + max(len(data), 1) * row_height + 10
    peak = max([value for _, value in data] + [1])
    scale = (width - label_width - value_width) / peak
    body = []
    if not data:
        body.append(f'<text x="{label_width}" y="{top + 18}" font-size="14" fill="#666">暂无数据</text>')
    for i, (label, value) in enumerate(data):
        y = top + i * row_height
        bar = max(value * scale, 2 if value else 0)
        middle = y + row_height / 2
        body.append(
            f'<text x="{label_width - 10}" y="{middle:.1f}" text-anchor="end" dominant-baseline="middle" '
            f'font-size="14" fill="{TEXT_COLOUR}">{escape(_label(label))}</text>'
            f'<rect class="bar" x="{label_width}" y="{y + 5}" width="{bar:.1f}" height="{row_height - 10}" '
            f'fill="{BAR_COLOUR}" data-label="{escape(label)}" data-value="{value}">'
            f"<title>{escape(label)}：{value}</title></rect>"
            f'<text x="{label_width + bar + 6:.1f}" y="{middle:.1f}" dominant-baseline="middle" font-size="13" '
            f'fill="{TEXT_COLOUR}">{value}</text>'
        )
    return _svg(width, height, title, body)


def column_chart_svg(data, title, width=760):
    """Vertical columns, e.g. one per month; labels turn when the columns get narrow."""
    left, top, plot_height, bottom = 40, 44, 220, 60
    height = top + plot_height + bottom
    n = max(len(data), 1)
    slot = (width - left - 10) / n
    bar_width = max(min(slot * 0.7, 48), 4)
    peak = max([value for _, value in data] + [1])
    turn = slot < 56
    baseline = top + plot_height
    body = [
        f'<line x1="{left}" y1="{baseline}" x2="{width - 10}" y2="{baseline}" stroke="#9aa5b1"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="12" fill="#52606d">{peak}</text>',
        f'<text x="{left - 6}" y="{baseline}" text-anchor="end" font-size="12" fill="#52606d">0</text>',
    ]
    for i, (label, value) in enumerate(data):
        x = left + i * slot + (slot - bar_width) / 2
        bar = value / peak * plot_height
        centre = x + bar_width / 2
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{baseline - bar:.1f}" width="{bar_width:.1f}" height="{bar:.1f}" '
            f'fill="{BAR_COLOUR}" data-label="{escape(label)}" data-value="{value}">'
            f"<title>{escape(label)}：{value}</title></rect>"
        )
        if value:
            body.append(
                f'<text x="{centre:.1f}" y="{baseline - bar - 5:.1f}" text-anchor="middle" font-size="12" '
                f'fill="{TEXT_COLOUR}">{value}</text>'
            )
        if turn:
            body.append(
                f'<text x="{centre:.1f}" y="{baseline + 14}" text-anchor="end" font-size="12" '
                f'fill="{TEXT_COLOUR}" transform="rotate(-45 {centre:.1f} {baseline + 14})">'
                f"{escape(label)}</text>"
            )
        else:
            body.append(
                f'<text x="{centre:.1f}" y="{baseline + 20}" text-anchor="middle" font-size="13" '
                f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
            )
    return _svg(width, height, title, body)


def charts(stats):
    suffix = f"（{stats.department.name}）" if stats.department is not None else ""
    return {
        "by_month": column_chart_svg(stats.by_month, "各月发布信息数" + suffix),
        "by_department": bar_chart_svg(stats.by_department, "各部门发布信息数"),
        "by_area": bar_chart_svg(stats.by_area, "各领域发布信息数" + suffix),
        "by_five_public": bar_chart_svg(stats.by_five_public, "五公开类型" + suffix),
        "by_genre": bar_chart_svg(stats.by_genre, "体裁分类" + suffix),
    }


# -- Excel -----------------------------------------------------------------------------------------


def _display_width(value):
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _write_sheet(workbook, title, header, rows):
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(title)
    for values in [header] + rows:
        # XML (the .xlsx) cannot carry control characters that old names may hold.
        sheet.append([strip_control_characters(v) for v in values])
    for row in sheet.iter_rows():
        for cell in row:
            # openpyxl stores text beginning with "=" as a formula: names are data, never formulas.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.iter_cols():
        width = max(_display_width(cell.value) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "B2"
    return sheet


def _pairs_sheet(workbook, title, label, pairs):
    rows = [list(p) for p in pairs] + [["合计", sum(v for _, v in pairs)]]
    return _write_sheet(workbook, title, [label, "信息数"], rows)


SHEETS = ("部门×月份", "按领域", "按五公开", "按体裁", "统计说明")


def export_xlsx(stats):
    """The breakdowns as an .xlsx file (bytes): one sheet each, bold header, fitted columns."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    labels = stats.month_labels
    rows = [[r["label"], *r["counts"], r["total"]] for r in stats.department_rows]
    rows.append(["合计", *stats.month_totals, stats.total])
    _write_sheet(workbook, SHEETS[0], ["部门", *labels, "合计"], rows)
    _pairs_sheet(workbook, SHEETS[1], "领域", stats.by_area)
    _pairs_sheet(workbook, SHEETS[2], "五公开类型", stats.by_five_public)
    _pairs_sheet(workbook, SHEETS[3], "体裁分类", stats.by_genre)
    _write_sheet(
        workbook,
        SHEETS[4],
        ["项目", "内容"],
        [
            ["统计期间", f"{stats.date_from.isoformat()} 至 {stats.date_to.isoformat()}"],
            ["部门", stats.department.name if stats.department is not None else "全部部门"],
            ["统计口径", "已发布（在线）的公开信息，按发布日期计"],
            ["信息总数", stats.total],
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(stats):
    return f"统计分析-{stats.date_from:%Y%m%d}-{stats.date_to:%Y%m%d}.xlsx"
