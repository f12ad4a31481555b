"""The report's text parts the system can state itself: the 信息处理费 of section 六 (from the
disclosure requests) and a draft of 一、总体情况 in the format's five parts, pre-filled from the
data for the office to edit."""

import datetime
from decimal import Decimal

from django.db.models import Count, Sum

from disclosure_requests.models import DisclosureRequest
from pages.models import CatalogItem, DisclosureEntry

from .documents import counted_entries

OVERVIEW_PARTS = ["主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障"]
NUMERALS = "一二三四五"


def _year(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def fee_figures(portal, year):
    """(notices sent, fees paid, amount paid in 元) for the year, from the requests' fee records."""
    start, end = _year(year)
    requests = DisclosureRequest.objects.filter(portal=portal)
    notices = requests.filter(fee_notified_on__gte=start, fee_notified_on__lte=end).count()
    paid = requests.filter(fee_paid_on__gte=start, fee_paid_on__lte=end).aggregate(n=Count("pk"), total=Sum("fee"))
    return notices, paid["n"], paid["total"] or Decimal(0)


def fee_statement(portal, year):
    """Section 六's sentence on 信息处理费 (《政府信息公开信息处理费管理办法》)."""
    notices, paid, amount = fee_figures(portal, year)
    if not notices and not paid:
        return f"{year}年度本机关未收取政府信息公开信息处理费。"
    return (
        f"{year}年度本机关依据《政府信息公开信息处理费管理办法》发出信息处理费收费通知{notices}件，"
        f"实际收取信息处理费{paid}件，合计{amount:.2f}元。"
    )


def other_matters(portal, year, text):
    """Section 六 as printed: the fee statement, then what the office wrote."""
    return "\n".join(part for part in (fee_statement(portal, year), (text or "").strip()) if part)


def overview_draft(portal, year, data):
    """一、总体情况 in the five parts of the format, each opened with figures from the data."""
    start, end = _year(year)
    entries = DisclosureEntry.objects.disclosed().filter(portal=portal, published_on__gte=start, published_on__lte=end)
    policies = entries.policy_documents().count()
    rows = data["table3"]["rows"]
    new, total = rows["一、本年新收政府信息公开申请数量"][-1], rows["（七）总计"][-1]
    carried = rows["二、上年结转政府信息公开申请数量"][-1]
    norms = counted_entries(portal, year, "行政规范性文件")
    retracted = DisclosureEntry.objects.filter(portal=portal, retracted_at__year=year).count()
    columns = CatalogItem.objects.descendant_of(portal).live().count()
    review = data["table4"]["rows"]
    reviews = review["行政复议"][-1]
    suits = review["行政诉讼·未经复议直接起诉"][-1] + review["行政诉讼·复议后起诉"][-1]
    texts = [
        f"本年度通过政府信息公开专栏主动公开政府信息{entries.count()}条，其中政策文件{policies}件。",
        f"本年度新收政府信息公开申请{new}件，上年结转{carried}件，办结{total}件。",
        f"本年度制发行政规范性文件{len(norms['本年制发件数'])}件、废止{len(norms['本年废止件数'])}件，"
        f"年末现行有效{len(norms['现行有效件数'])}件；撤回已公开信息{retracted}条。",
        f"政府信息公开专栏按标准目录设置栏目{columns}个，由{portal.title}统一发布。",
        f"本年度因政府信息公开被申请行政复议{reviews}件、提起行政诉讼{suits}件。",
    ]
    return "\n".join(f"（{NUMERALS[i]}）{part}。{text}" for i, (part, text) in enumerate(zip(OVERVIEW_PARTS, texts)))
