"""The report's figures as the JSON contract (``build_annual_report``) and the form's own rule
(一 + 二 = 三（七） + 四 per column): table (二) from the entries, table (三) from the disclosure
requests, table (四) from the office's cases, the text sections from the office."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from disclosure_requests.answers import ANSWER_TYPE_CODES, ANSWER_TYPE_GROUPS, ANSWER_TYPE_LABELS, TABLE3_COLUMNS
from disclosure_requests.models import DisclosureRequest

from ..models import AnnualReport, ReviewLitigationCase
from .documents import document_figures, report_genres
from .narrative import other_matters


class AnnualReportError(ValidationError):
    """The report cannot be built or published as asked; the message is for the user (Chinese)."""


# -- section headings ----------------------------------------------------------------------

SECTION_OVERVIEW = "一、总体情况"
SECTION_PROACTIVE = "二、主动公开政府信息情况"
SECTION_REQUESTS = "三、收到和处理政府信息公开申请情况"
SECTION_REVIEW = "四、政府信息公开行政复议、行政诉讼情况"
SECTION_PROBLEMS = "五、存在的主要问题及改进情况"
SECTION_OTHER = "六、其他需要报告的事项"
HEADINGS = [SECTION_OVERVIEW, SECTION_PROACTIVE, SECTION_REQUESTS, SECTION_REVIEW, SECTION_PROBLEMS, SECTION_OTHER]
# Narrative sections: JSON key → AnnualReport field.
NARRATIVE_FIELDS = {SECTION_OVERVIEW: "overview", SECTION_PROBLEMS: "problems", SECTION_OTHER: "other_matters"}

# -- table (二) -----------------------------------------------------------------------------

DECISIONS = "本年处理决定数量"
FEES = "本年收费金额（万元）"
OFFICE_FIGURES = [
    ("行政许可", "licensing_decisions"),
    ("行政处罚", "penalty_decisions"),
    ("行政强制", "enforcement_decisions"),
]

# -- table (三) -----------------------------------------------------------------------------

NEW = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
RESULTS = "三、本年度办理结果"
TOTAL = "（七）总计"
CARRIED_OUT = "四、结转下年度继续办理"

# Rows of 三、本年度办理结果 as the form prints them: (group header or None, row label, answer code).
RESULT_ROWS = [
    (None, "（一）予以公开", "disclose"),
    (None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partial"),
    ("（三）不予公开", "1.属于国家秘密", "withhold_1"),
    ("（三）不予公开", "2.其他法律行政法规禁止公开", "withhold_2"),
    ("（三）不予公开", "3.危及“三安全一稳定”", "withhold_3"),
    ("（三）不予公开", "4.保护第三方合法权益", "withhold_4"),
    ("（三）不予公开", "5.属于三类内部事务信息", "withhold_5"),
    ("（三）不予公开", "6.属于四类过程性信息", "withhold_6"),
    ("（三）不予公开", "7.属于行政执法案卷", "withhold_7"),
    ("（三）不予公开", "8.属于行政查询事项", "withhold_8"),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", "unable_1"),
    ("（四）无法提供", "2.没有现成信息需要另行制作", "unable_2"),
    ("（四）无法提供", "3.补正后申请内容仍不明确", "unable_3"),
    ("（五）不予处理", "1.信访举报投诉类申请", "reject_1"),
    ("（五）不予处理", "2.重复申请", "reject_2"),
    ("（五）不予处理", "3.要求提供公开出版物", "reject_3"),
    ("（五）不予处理", "4.无正当理由大量反复申请", "reject_4"),
    ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", "reject_5"),
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_1"),
    ("（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other_2"),
    ("（六）其他处理", "3.其他", "other_3"),
]


def table3_rows():
    """Every row of table (三) in order, group headers included: [(label, is_data_row), …]."""
    rows = [(NEW, True), (CARRIED_IN, True), (RESULTS, False)]
    group = None
    for header, label, _ in RESULT_ROWS:
        if header and header != group:
            rows.append((header, False))
        group = header
        rows.append((label, True))
    rows += [(TOTAL, True), (CARRIED_OUT, True)]
    return rows


TABLE3_DATA_ROWS = [label for label, data in table3_rows() if data]

# -- table (四) -----------------------------------------------------------------------------

TABLE4_COLUMNS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
TABLE4_ROWS = {
    ReviewLitigationCase.Kind.REVIEW: "行政复议",
    ReviewLitigationCase.Kind.LITIGATION_DIRECT: "行政诉讼·未经复议直接起诉",
    ReviewLitigationCase.Kind.LITIGATION_AFTER_REVIEW: "行政诉讼·复议后起诉",
}
RESULT_COLUMNS = {
    ReviewLitigationCase.Result.UPHELD: "结果维持",
    ReviewLitigationCase.Result.CORRECTED: "结果纠正",
    ReviewLitigationCase.Result.OTHER: "其他结果",
}


# -- computation ----------------------------------------------------------------------------


def compute_table2(portal, year, report=None):
    table = {name: document_figures(portal, year, name) for name in report_genres()}
    for label, field in OFFICE_FIGURES:
        table[label] = {DECISIONS: getattr(report, field, 0) if report else 0}
    amount = report.fee_amount if report else Decimal(0)
    table["行政事业性收费"] = {FEES: float(amount)}
    return table


def table3(portal, year):
    """Table (三) of the annual report for ``portal`` and ``year`` as an ordered dict of rows
    (label → list of 7 numbers, columns as TABLE3_COLUMNS).

    一 new this year (received in the year) · 二 carried over (received before the year and not
    concluded before it) · 三 concluded this year by answer type · 四 carried to next year.
    A request is concluded on the day its answer type was decided (answer, 视为放弃, 撤回).
    """
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    requests = list(
        DisclosureRequest.objects.filter(portal=portal, received_on__lte=end).values(
            "received_on", "answered_on", "answer_type", "applicant_type", "organization_kind"
        )
    )

    def column(row):
        return TABLE3_COLUMNS.index(
            DisclosureRequest.report_column_for(row["applicant_type"], row["organization_kind"])
        )

    def empty():
        return [0] * len(TABLE3_COLUMNS)

    rows = {"一、本年新收政府信息公开申请数量": empty(), "二、上年结转政府信息公开申请数量": empty()}
    results = {code: empty() for code in ANSWER_TYPE_CODES}
    carried = empty()
    for row in requests:
        col = column(row)
        concluded = row["answered_on"] if row["answer_type"] else None
        if concluded is not None and concluded < start:
            continue
        if row["received_on"] >= start:
            rows["一、本年新收政府信息公开申请数量"][col] += 1
        else:
            rows["二、上年结转政府信息公开申请数量"][col] += 1
        if concluded is not None and concluded <= end:
            results[row["answer_type"]][col] += 1
        else:
            carried[col] += 1
    for code in ANSWER_TYPE_CODES:
        rows[f"三、{ANSWER_TYPE_GROUPS[code]} {ANSWER_TYPE_LABELS[code]}"] = results[code]
    rows["三、（七）总计"] = [sum(results[c][i] for c in ANSWER_TYPE_CODES) for i in range(len(TABLE3_COLUMNS))]
    rows["四、结转下年度继续办理"] = carried
    for values in rows.values():
        values[-1] = sum(values[:-1])
    return rows


def compute_table3(portal, year):
    """Table (三) keyed by the form's own row labels (``table3`` does the counting)."""
    computed = table3(portal, year)
    rows = {NEW: computed[NEW], CARRIED_IN: computed[CARRIED_IN]}
    for _, label, code in RESULT_ROWS:
        rows[label] = computed[f"三、{ANSWER_TYPE_GROUPS[code]} {ANSWER_TYPE_LABELS[code]}"]
    rows[TOTAL] = computed["三、（七）总计"]
    rows[CARRIED_OUT] = computed[CARRIED_OUT]
    return {"columns": list(TABLE3_COLUMNS), "rows": rows}


def compute_table4(portal, year):
    """Concluded in the year → by result; filed by 31 December and not concluded by then → 尚未审结.
    A case where the body is only co-defendant as 复议机关 is the original body's to count."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = {label: [0] * len(TABLE4_COLUMNS) for label in TABLE4_ROWS.values()}
    cases = ReviewLitigationCase.objects.filter(
        portal=portal, filed_on__lte=end, review_body_co_defendant=False
    ).exclude(concluded_on__lt=start)
    for case in cases:
        row = rows[TABLE4_ROWS[case.kind]]
        if case.concluded_on and case.concluded_on <= end:
            row[TABLE4_COLUMNS.index(RESULT_COLUMNS[case.result or ReviewLitigationCase.Result.OTHER])] += 1
        else:
            row[TABLE4_COLUMNS.index("尚未审结")] += 1
        row[-1] += 1
    return {"columns": list(TABLE4_COLUMNS), "rows": rows}


def build_annual_report(portal, year, validate=True):
    """The report as a plain dict (see the annual_report command's help for the shapes)."""
    year = int(year)
    report = AnnualReport.objects.filter(portal=portal, year=year).first()
    data = {
        "year": year,
        "portal": portal.slug,
        "table2": compute_table2(portal, year, report),
        "table3": compute_table3(portal, year),
        "table4": compute_table4(portal, year),
        "sections": {key: getattr(report, field, "") if report else "" for key, field in NARRATIVE_FIELDS.items()},
    }
    data["sections"][SECTION_OTHER] = other_matters(portal, year, data["sections"][SECTION_OTHER])
    if validate:
        validate_report(data)
    return data


def check_consistency(data):
    """Violations of 一 + 二 = 三（七） + 四 (per column) and of the totals; [] when consistent."""
    table = data["table3"]
    rows, columns = table["rows"], table["columns"]
    problems = []
    for i, column in enumerate(columns):
        new, carried_in = rows[NEW][i], rows[CARRIED_IN][i]
        total, carried_out = rows[TOTAL][i], rows[CARRIED_OUT][i]
        if new + carried_in != total + carried_out:
            problems.append(
                f"表三「{column}」列：一（{new}）+ 二（{carried_in}）= {new + carried_in}，"
                f"不等于三（七）（{total}）+ 四（{carried_out}）= {total + carried_out}"
            )
        results = sum(rows[label][i] for _, label, _ in RESULT_ROWS)
        if results != total:
            problems.append(f"表三「{column}」列：（一）至（六）合计 {results}，不等于（七）总计 {total}")
    return problems


def validate_report(data):
    problems = check_consistency(data)
    if problems:
        raise AnnualReportError("年度报告数据不一致，不能生成或发布：" + "；".join(problems))
