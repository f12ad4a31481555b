"""信息处理费 standard of 国办函〔2020〕109号 (《政府信息公开信息处理费管理办法》), as pure functions.

One method per request, never both. 按件计收: per applicant and calendar month, the first 10
requests are free, the 11th–30th cost 100元 each, and each further 10 requests cost 100元 more
per request (31st–40th 200元, 41st–50th 300元 …). 按量计收: per request, 30 pages free, then
charged on the marginal part of each band ("的部分"): 31–100 pages 10元/页, 101–200 20元/页,
201 and more 40元/页.
"""

from decimal import Decimal

FREE_REQUESTS_PER_MONTH = 10
PAGE_BANDS = ((30, Decimal(0)), (100, Decimal(10)), (200, Decimal(20)), (None, Decimal(40)))


def fee_by_item(nth):
    """The fee of an applicant's ``nth`` request in a calendar month (按件计收)."""
    nth = int(nth)
    if nth < 1:
        raise ValueError("申请序号须为正整数")
    if nth <= FREE_REQUESTS_PER_MONTH:
        return Decimal(0)
    if nth <= 30:
        return Decimal(100)
    return Decimal(100) * (1 + (nth - 30 + 9) // 10)


def fee_by_page(pages):
    """The fee of one request of ``pages`` pages (按量计收), each band charged on its own part."""
    pages = int(pages)
    if pages < 0:
        raise ValueError("页数不能为负数")
    total, lower = Decimal(0), 0
    for upper, price in PAGE_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            total += (top - lower) * price
        if upper is None or pages <= upper:
            break
        lower = upper
    return total
