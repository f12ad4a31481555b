"""The 考核 trend: each department's total over the periods up to the chosen one, as a line chart."""

from django.utils.html import escape

from ..statistics import TEXT_COLOUR, _label, _svg
from .scores import Period, assess

TREND_PERIODS = {"month": 6, "quarter": 4, "year": 3}
# Distinguishable on white and for the common colour blindnesses (Okabe–Ito), then repeated.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933")


def previous(period):
    if period.kind == "year" or period.number == 1:
        last = {"year": 1, "quarter": 4, "month": 12}[period.kind]
        return Period(period.kind, period.year - 1, last)
    return Period(period.kind, period.year, period.number - 1)


def trend(departments, period, on=None, portal=None):
    """[(period label, {department name: total or None})], oldest first, ending at ``period``."""
    departments = list(departments)
    periods = [period]
    for _ in range(TREND_PERIODS[period.kind] - 1):
        periods.insert(0, previous(periods[0]))
    series = []
    for each in periods:
        result = assess(departments, each, on=on, portal=portal)
        series.append((each.label, {row.department.name: row.total for row in result.rows}))
    return series


def trend_chart_svg(series, title, width=760):
    """One line per department across the periods; a gap where a period had nothing to score."""
    left, top, plot_height, bottom = 40, 44, 200, 40
    names = sorted({name for _, totals in series for name in totals})
    legend_rows = (len(names) + 3) // 4
    height = top + plot_height + bottom + 16 + legend_rows * 22
    baseline = top + plot_height
    slot = (width - left - 20) / max(len(series), 1)
    body = [f'<line x1="{left}" y1="{baseline}" x2="{width - 10}" y2="{baseline}" stroke="#9aa5b1"/>']
    for value in (0, 50, 100):
        y = baseline - value / 100 * plot_height
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#52606d">{value}</text>'
        )
    for i, (label, _) in enumerate(series):
        body.append(
            f'<text x="{left + (i + 0.5) * slot:.1f}" y="{baseline + 20}" text-anchor="middle" font-size="12" '
            f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
        )
    for n, name in enumerate(names):
        colour = COLOURS[n % len(COLOURS)]
        points = []
        for i, (label, totals) in enumerate(series):
            total = totals.get(name)
            if total is None:
                points.append(None)
                continue
            x, y = left + (i + 0.5) * slot, baseline - total / 100 * plot_height
            points.append((x, y))
            body.append(
                f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}" data-label="{escape(name)}" '
                f'data-period="{escape(label)}" data-value="{total}"><title>{escape(name)} {escape(label)}：{total}'
                "</title></circle>"
            )
        segment = []
        for point in [*points, None]:
            if point is None:
                if len(segment) > 1:
                    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
                    body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
                segment = []
            else:
                segment.append(point)
        lx, ly = left + (n % 4) * 180, baseline + 56 + (n // 4) * 22
        body.append(
            f'<rect x="{lx}" y="{ly - 10}" width="14" height="4" fill="{colour}"/>'
            f'<text x="{lx + 20}" y="{ly - 4}" font-size="13" fill="{TEXT_COLOUR}">{escape(_label(name))}</text>'
        )
    return _svg(width, height, title, body)
