"""The statutory annual report (政府信息公开工作年度报告, format of 国办公开办函〔2021〕30号).

``build_annual_report(portal, year)`` returns the report as a plain dict (the JSON contract the
command prints and every renderer reads); ``check_consistency`` applies the rule printed on the
form; the ``*_layout`` functions give the official table layouts (cells with their spans) that
the HTML and the .docx both draw; ``publish_annual_report`` hands the report to the one
publishing pipeline (a draft entry submitted to 部门审核 → 领导审批).
"""

from pages.permissions import office_portals

from .figures import (
    CARRIED_IN,
    CARRIED_OUT,
    DECISIONS,
    DEFAULT_REPORT_GENRES,
    DOCUMENT_COLUMNS,
    FEES,
    HEADINGS,
    NARRATIVE_FIELDS,
    NEW,
    OFFICE_FIGURES,
    RESULT_COLUMNS,
    RESULT_ROWS,
    RESULTS,
    SECTION_OTHER,
    SECTION_OVERVIEW,
    SECTION_PROACTIVE,
    SECTION_PROBLEMS,
    SECTION_REQUESTS,
    SECTION_REVIEW,
    TABLE3_DATA_ROWS,
    TABLE4_COLUMNS,
    TABLE4_ROWS,
    TOTAL,
    AnnualReportError,
    build_annual_report,
    check_consistency,
    compute_table2,
    compute_table3,
    compute_table4,
    document_figures,
    report_genres,
    table3,
    table3_rows,
    validate_report,
)
from .layout import (
    cell,
    format_amount,
    render_body_html,
    render_context,
    render_html,
    report_title,
    table2_layout,
    table3_layout,
    table4_layout,
)
from .publishing import (
    REPORT_AREA,
    REPORT_ITEM,
    get_or_create_report,
    has_annual_access,
    publish_annual_report,
    report_catalog_item,
    require_office,
)

__all__ = [
    "CARRIED_IN", "CARRIED_OUT", "DECISIONS", "DEFAULT_REPORT_GENRES", "DOCUMENT_COLUMNS", "FEES", "HEADINGS",
    "NARRATIVE_FIELDS", "NEW", "OFFICE_FIGURES", "RESULT_COLUMNS", "RESULT_ROWS", "RESULTS", "SECTION_OTHER",
    "SECTION_OVERVIEW", "SECTION_PROACTIVE", "SECTION_PROBLEMS", "SECTION_REQUESTS", "SECTION_REVIEW",
    "TABLE3_DATA_ROWS", "TABLE4_COLUMNS", "TABLE4_ROWS", "TOTAL", "AnnualReportError", "build_annual_report",
    "check_consistency", "compute_table2", "compute_table3", "compute_table4", "document_figures", "report_genres",
    "table3", "table3_rows", "validate_report", "cell", "format_amount", "render_body_html", "render_context",
    "render_html", "report_title", "table2_layout", "table3_layout", "table4_layout", "REPORT_AREA", "REPORT_ITEM",
    "get_or_create_report", "has_annual_access", "publish_annual_report", "report_catalog_item", "require_office",
    "office_portals",
]
