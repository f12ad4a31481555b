"""What the office reads before it confirms 发布 of the annual report: figures that look wrong
(a row of table (二) at 0 while the portal published entries of that kind in the year), and who
will approve it — publication is refused when 部门审核 or 领导审批 has nobody to act."""

import datetime

from django.db.models import Q

from pages.models import public_entries

from .documents import DOCUMENT_COLUMNS, report_genres, row_entries
from .figures import DECISIONS, OFFICE_FIGURES
from .publishing import report_catalog_item

# Row of table (二) → words that mark an entry of that kind (catalog item, area or title).
OFFICE_ROW_WORDS = {label: label for label, _ in OFFICE_FIGURES}


def _entries_of_kind(portal, year, word):
    """The portal's public entries of ``year`` whose title, catalog area or item names ``word``."""
    query = Q(title__contains=word)
    for node in portal.get_descendants().filter(depth__lte=portal.depth + 2, title__contains=word):
        query |= Q(path__startswith=node.path)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return public_entries().filter(portal=portal, published_on__gte=start, published_on__lte=end).filter(query)


def suspicious_figures(portal, data):
    """Warnings (Chinese) for rows of table (二) that are 0 while entries of that kind exist."""
    year, table = int(data["year"]), data["table2"]
    warnings = []
    for label, word in OFFICE_ROW_WORDS.items():
        count = _entries_of_kind(portal, year, word).count()
        if not table.get(label, {}).get(DECISIONS) and count:
            warnings.append(
                f"表二「{label}」本年处理决定数量为 0，但本门户{year}年发布了 {count} 条{word}类信息，请核对后填写"
            )
    for label in report_genres():
        row = table.get(label, {})
        if any(row.get(column) for column in DOCUMENT_COLUMNS):
            continue
        count = _entries_of_kind(portal, year, label).exclude(pk__in=row_entries(portal, label).values("pk")).count()
        if count:
            warnings.append(
                f"表二「{label}」为 0，但有 {count} 条名称含“{label}”的信息未计入（未归入政策文件「{label}」栏目"
                "或该体裁分类，或发布机构不是本机关及其部门），请核对"
            )
    return warnings


def approvers(portal):
    """(reviewers, leaders, problems): who will approve the report's entry, and why it would get stuck."""
    try:
        department = report_catalog_item(portal).department
    except Exception as exc:  # AnnualReportError: no catalog item or no department
        return [], [], [" ".join(getattr(exc, "messages", [str(exc)]))]
    reviewers = (
        list(department.reviewers_group.user_set.filter(is_active=True)) if department.reviewers_group_id else []
    )
    leaders = list(portal.leaders_group.user_set.filter(is_active=True)) if portal.leaders_group_id else []
    problems = []
    if not reviewers:
        problems.append(
            f"责任部门「{department.name}」没有部门负责人账号，部门审核无人办理：请先在「设置 › 用户」中添加"
        )
    if not leaders:
        problems.append("本门户没有领导账号，领导审批无人办理：请先在「设置 › 用户」中添加领导")
    return reviewers, leaders, problems
