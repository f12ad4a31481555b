"""The official table layouts (cells with their spans) that the HTML and the .docx both draw."""

from decimal import Decimal

from django.template.loader import render_to_string

from .documents import DOCUMENT_COLUMNS, report_genres
from .figures import (
    CARRIED_IN,
    CARRIED_OUT,
    DECISIONS,
    FEES,
    HEADINGS,
    NEW,
    RESULT_ROWS,
    RESULTS,
    SECTION_OTHER,
    SECTION_OVERVIEW,
    SECTION_PROBLEMS,
    TABLE4_ROWS,
    TOTAL,
)

# -- presentation ---------------------------------------------------------------------------


def report_title(portal, year):
    return f"{portal.body_name or portal.title}{year}年政府信息公开工作年度报告"


def format_amount(value):
    text = f"{Decimal(str(value)):.4f}".rstrip("0").rstrip(".")
    return text or "0"


def cell(text, colspan=1, rowspan=1, header=False):
    return {"text": str(text), "colspan": colspan, "rowspan": rowspan, "header": header}


def table2_layout(data):
    """Table (二) as the form draws it: 4 columns, one block per article of the 条例."""
    table = data["table2"]
    rows = [
        [cell("第二十条第（一）项", colspan=4, header=True)],
        [cell("信息内容", header=True)] + [cell(c, header=True) for c in DOCUMENT_COLUMNS],
    ]
    for name in report_genres():
        rows.append([cell(name, header=True)] + [cell(table[name][c]) for c in DOCUMENT_COLUMNS])
    blocks = [
        ("第二十条第（五）项", DECISIONS, ["行政许可"]),
        ("第二十条第（六）项", DECISIONS, ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", "本年收费金额（单位：万元）", ["行政事业性收费"]),
    ]
    for title, heading, names in blocks:
        rows.append([cell(title, colspan=4, header=True)])
        rows.append([cell("信息内容", header=True), cell(heading, colspan=3, header=True)])
        for name in names:
            value = table[name].get(DECISIONS, table[name].get(FEES))
            text = format_amount(value) if FEES in table[name] else value
            rows.append([cell(name, header=True), cell(text, colspan=3)])
    return rows


def table3_layout(data):
    """Table (三): three label columns (with the nested groups merged) and seven figure columns."""
    values = data["table3"]["rows"]
    kinds = data["table3"]["columns"][1:-1]
    rows = [
        [
            cell(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                colspan=3,
                rowspan=3,
                header=True,
            ),
            cell("申请人情况", colspan=7, header=True),
        ],
        [
            cell("自然人", rowspan=2, header=True),
            cell("法人或其他组织", colspan=5, header=True),
            cell("总计", rowspan=2, header=True),
        ],
        [cell(k, header=True) for k in kinds],
    ]

    def figures(label):
        return [cell(v) for v in values[label]]

    rows.append([cell(NEW, colspan=3, header=True)] + figures(NEW))
    rows.append([cell(CARRIED_IN, colspan=3, header=True)] + figures(CARRIED_IN))
    group_sizes = {}
    for header, _, _ in RESULT_ROWS:
        group_sizes[header] = group_sizes.get(header, 0) + 1
    seen = set()
    for index, (header, label, _) in enumerate(RESULT_ROWS):
        row = []
        if index == 0:
            row.append(cell(RESULTS, rowspan=len(RESULT_ROWS) + 1, header=True))
        if header is None:
            row.append(cell(label, colspan=2, header=True))
        else:
            if header not in seen:
                seen.add(header)
                row.append(cell(header, rowspan=group_sizes[header], header=True))
            row.append(cell(label, header=True))
        rows.append(row + figures(label))
    rows.append([cell(TOTAL, colspan=2, header=True)] + figures(TOTAL))
    rows.append([cell(CARRIED_OUT, colspan=3, header=True)] + figures(CARRIED_OUT))
    return rows


def table4_layout(data):
    """Table (四): 行政复议 (5) | 行政诉讼 (10 = 未经复议直接起诉 5 + 复议后起诉 5), one row of figures."""
    values = data["table4"]["rows"]
    columns = data["table4"]["columns"]
    review, direct, after = TABLE4_ROWS.values()
    return [
        [cell("行政复议", colspan=5, header=True), cell("行政诉讼", colspan=10, header=True)],
        [cell(c, rowspan=2, header=True) for c in columns]
        + [cell("未经复议直接起诉", colspan=5, header=True), cell("复议后起诉", colspan=5, header=True)],
        [cell(c, header=True) for c in columns * 2],
        [cell(v) for v in values[review] + values[direct] + values[after]],
    ]


def render_context(data, title):
    sections = data["sections"]
    return {
        "title": title,
        "data": data,
        "overview": sections.get(SECTION_OVERVIEW, ""),
        "problems": sections.get(SECTION_PROBLEMS, ""),
        "other": sections.get(SECTION_OTHER, ""),
        "headings": HEADINGS,
        "table2": table2_layout(data),
        "table3": table3_layout(data),
        "table4": table4_layout(data),
    }


def render_body_html(data, title):
    """Sections and tables as an HTML fragment (the published entry's 正文, the admin preview)."""
    return render_to_string("reports/public/annual_body.html", render_context(data, title))


def render_html(data, title):
    """A self-contained HTML page (inline styles, no external resources)."""
    return render_to_string("reports/public/annual_report.html", render_context(data, title))
