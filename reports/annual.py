"""The statutory annual report (政府信息公开工作年度报告, format of 国办公开办函〔2021〕30号).

``build_annual_report(portal, year)`` returns the report as a plain dict (the JSON contract the
command prints and every renderer reads); ``check_consistency`` applies the rule printed on the
form; the ``*_layout`` functions give the official table layouts (cells with their spans) that
the HTML and the .docx both draw; ``publish_annual_report`` hands the report to the one
publishing pipeline (a draft entry submitted to 部门审核 → 领导审批).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from pages.models import Validity, public_entries
from workflows.answers import ANSWER_TYPE_GROUPS, ANSWER_TYPE_LABELS, TABLE3_COLUMNS, table3
from pages.permissions import is_office, office_portals

from .models import AnnualReport, ReviewLitigationCase


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

DOCUMENT_COLUMNS = ["本年制发件数", "本年废止件数", "现行有效件数"]
DECISIONS = "本年处理决定数量"
FEES = "本年收费金额（万元）"
# 体裁分类 names counted as 规章 / 行政规范性文件 (a local convention: settings.ANNUAL_REPORT_GENRES).
DEFAULT_REPORT_GENRES = {"规章": ["规章"], "行政规范性文件": ["行政规范性文件", "规范性文件"]}
OFFICE_FIGURES = [("行政许可", "licensing_decisions"), ("行政处罚", "penalty_decisions"),
                  ("行政强制", "enforcement_decisions")]

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
    ("（三）不予公开", '3.危及"三安全一稳定"', "withhold_3"),
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


def report_genres():
    return getattr(settings, "ANNUAL_REPORT_GENRES", DEFAULT_REPORT_GENRES)


def document_figures(portal, year, genre_names):
    """规章 / 行政规范性文件 row of table (二) from the portal's public entries of those genres.

    本年制发 = 成文日期 in the year; 本年废止 = 废止 with 废止日期 in the year; 现行有效 = in force
    at 31 December: written (or else published) by then, in effect by then, not lapsed or
    repealed by then.
    """
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    entries = public_entries().filter(portal=portal, genre__name__in=genre_names)
    issued = entries.filter(written_on__gte=start, written_on__lte=end).count()
    repealed = entries.filter(validity=Validity.REPEALED, expired_on__gte=start, expired_on__lte=end).count()
    in_force = (
        entries.filter(Q(written_on__lte=end) | Q(written_on=None, published_on__lte=end))
        .filter(Q(effective_on=None) | Q(effective_on__lte=end))
        .exclude(~Q(validity=Validity.VALID) & Q(expired_on__lte=end))
        .count()
    )
    return {"本年制发件数": issued, "本年废止件数": repealed, "现行有效件数": in_force}


def compute_table2(portal, year, report=None):
    table = {name: document_figures(portal, year, genres) for name, genres in report_genres().items()}
    for label, field in OFFICE_FIGURES:
        table[label] = {DECISIONS: getattr(report, field, 0) if report else 0}
    amount = report.fee_amount if report else Decimal(0)
    table["行政事业性收费"] = {FEES: float(amount)}
    return table


def compute_table3(portal, year):
    """Table (三) keyed by the form's own row labels (workflows.answers.table3 does the counting)."""
    computed = table3(portal, year)
    rows = {NEW: computed[NEW], CARRIED_IN: computed[CARRIED_IN]}
    for _, label, code in RESULT_ROWS:
        rows[label] = computed[f"三、{ANSWER_TYPE_GROUPS[code]} {ANSWER_TYPE_LABELS[code]}"]
    rows[TOTAL] = computed["三、（七）总计"]
    rows[CARRIED_OUT] = computed[CARRIED_OUT]
    return {"columns": list(TABLE3_COLUMNS), "rows": rows}


def compute_table4(portal, year):
    """Concluded in the year → by result; filed by 31 December and not concluded by then → 尚未审结."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = {label: [0] * len(TABLE4_COLUMNS) for label in TABLE4_ROWS.values()}
    cases = ReviewLitigationCase.objects.filter(portal=portal, filed_on__lte=end).exclude(concluded_on__lt=start)
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
            problems.append(f"表三「{column}」列：一（{new}）+ 二（{carried_in}）= {new + carried_in}，"
                            f"不等于三（七）（{total}）+ 四（{carried_out}）= {total + carried_out}")
        results = sum(rows[label][i] for _, label, _ in RESULT_ROWS)
        if results != total:
            problems.append(f"表三「{column}」列：（一）至（六）合计 {results}，不等于（七）总计 {total}")
    return problems


def validate_report(data):
    problems = check_consistency(data)
    if problems:
        raise AnnualReportError("年度报告数据不一致，不能生成或发布：" + "；".join(problems))


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
    blocks = [("第二十条第（五）项", DECISIONS, ["行政许可"]),
              ("第二十条第（六）项", DECISIONS, ["行政处罚", "行政强制"]),
              ("第二十条第（八）项", "本年收费金额（单位：万元）", ["行政事业性收费"])]
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
        [cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan=3, rowspan=3, header=True),
         cell("申请人情况", colspan=7, header=True)],
        [cell("自然人", rowspan=2, header=True), cell("法人或其他组织", colspan=5, header=True),
         cell("总计", rowspan=2, header=True)],
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
    return render_to_string("reports/annual_body.html", render_context(data, title))


def render_html(data, title):
    """A self-contained HTML page (inline styles, no external resources)."""
    return render_to_string("reports/annual_report.html", render_context(data, title))


# -- access and editing ---------------------------------------------------------------------


def has_annual_access(user):
    return bool(user and user.is_authenticated and user.is_active) and bool(office_portals(user))


def require_office(user, portal):
    if not is_office(user, portal):
        raise PermissionDenied("只有政务公开办公室可以管理年度报告")


def get_or_create_report(portal, year):
    report, _ = AnnualReport.objects.get_or_create(portal=portal, year=int(year))
    return report


# -- publication ----------------------------------------------------------------------------

REPORT_AREA = "政府信息公开年报"
REPORT_ITEM = "年度报告"


def report_catalog_item(portal):
    """The catalog item 年度报告 of the area 政府信息公开年报 (standard catalog) of ``portal``."""
    from pages.catalog import child_by_title
    from pages.models import CatalogArea, CatalogItem

    area = child_by_title(portal, CatalogArea, REPORT_AREA)
    item = child_by_title(area, CatalogItem, REPORT_ITEM) if area else None
    if item is None:
        raise AnnualReportError(f"门户尚无「{REPORT_AREA} › {REPORT_ITEM}」目录事项，请先加载标准目录（load_standard_catalog）")
    if item.department_id is None:
        raise AnnualReportError(f"目录事项「{REPORT_AREA} › {REPORT_ITEM}」未指定责任部门，请先在目录中指定")
    return item


def _vocabulary(model, name):
    return model.objects.filter(name=name).first()


@transaction.atomic
def publish_annual_report(report, user):
    """发布: a draft DisclosureEntry (the report's HTML as 正文, the .docx as 附件) under
    年度报告, submitted to 部门审核 → 领导审批; it goes public only when both approve."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from pages.models import DisclosureEntry, EntryAttachment, FivePublicType, Genre
    from workflows import services as moderation

    from .annual_docx import render_docx

    require_office(user, report.portal)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.state == AnnualReport.State.PUBLISHED and report.entry_id:
        raise AnnualReportError("本年度报告已发布，不能重复发布")
    if not report.overview.strip():
        raise AnnualReportError("请先填写「一、总体情况」再发布")
    portal = report.portal
    data = build_annual_report(portal, report.year)
    item = report_catalog_item(portal)
    title = report_title(portal, report.year)
    department = item.department

    document = get_document_model()(
        title=title, collection=department.collection or _root_collection(), uploaded_by_user=user,
    )
    document.file.save(f"{portal.slug}-{report.year}-annual-report.docx",
                       ContentFile(render_docx(data, title)), save=False)
    document.save()
    entry = DisclosureEntry(
        title=title,
        department=department,
        publisher=portal.body_name,
        written_on=timezone.localdate(),
        genre=_vocabulary(Genre, "报告"),
        five_public=_vocabulary(FivePublicType, "结果公开"),
        keywords="政府信息公开,年度报告",
        summary=f"{portal.body_name or portal.title}{report.year}年度政府信息公开工作情况",
        body=render_body_html(data, title),
        live=False,
    )
    entry.attachments = [EntryAttachment(document=document, title=f"{title}（Word版）")]
    item.add_child(instance=entry)
    entry.save_revision(user=user, log_action=True)
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    moderation.submit(entry, user)
    report.state = AnnualReport.State.PUBLISHED
    report.entry = entry
    report.published_at = timezone.now()
    report.published_by = user
    report.save(update_fields=["state", "entry", "published_at", "published_by", "updated_at"])
    return report


def _root_collection():
    from wagtail.models import Collection

    return Collection.get_first_root_node()
