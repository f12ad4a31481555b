"""The 考核 chart (server-side SVG) and the .xlsx export."""

import io

from ..statistics import _write_sheet, bar_chart_svg


def score_text(value):
    return "—" if value is None else f"{value:g}"


def chart(assessment):
    data = [(row.department.name, row.total) for row in assessment.rows if row.total is not None]
    return bar_chart_svg(data, f"{assessment.period.label}部门考核得分（满分100）")


def export_xlsx(assessment):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    header = ["排名", "部门"]
    for indicator in assessment.indicators:
        header += [f"{indicator.name}（达标/考核）", f"{indicator.name}得分"]
    header += ["总分", "扣分原因"]
    rows = []
    for row in assessment.rows:
        values = [row.rank or "—", row.department.name]
        for indicator in assessment.indicators:
            result = row.results[indicator.key]
            values += [f"{result['met']}/{result['counted']}", score_text(result["score"])]
        values += [score_text(row.total), "；".join(row.problems)]
        rows.append(values)
    _write_sheet(workbook, "考核得分", header, rows)
    rules = [[i.name, i.weight, i.counts, i.meets] for i in assessment.indicators]
    rules += [
        ["考核期间", "", f"{assessment.period.label}（{assessment.period.start} 至 {assessment.period.end}）", ""],
        ["计算截至", "", assessment.as_of.isoformat(), ""],
        ["计分方法", "", "指标得分 = 达标数 ÷ 考核数 × 100；总分 = 有考核对象的指标得分按权重加权平均", ""],
        ["保密与个人信息审查", "", "期内经发布审查的本部门信息中，未因密级或个人信息被拒绝发布的比例", ""],
    ]
    _write_sheet(workbook, "评分规则", ["指标", "权重", "考核对象", "达标标准"], rules)
    flagged = [[row.department.name, item] for row in assessment.rows for item in row.flagged_items]
    _write_sheet(workbook, "避实就虚事项", ["部门", "只公开决策、管理、服务类信息的事项"], flagged)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(assessment):
    return f"部门考核-{assessment.period.label}.xlsx"
