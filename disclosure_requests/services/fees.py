"""信息处理费 (国办函〔2020〕109号): the notice, the payment and unpaid fees."""

import datetime
import decimal
import logging

from django.db import transaction

from .. import deadlines, fee_schedule
from ..models import (
    OPEN_STATES,
    DisclosureRequest,
    FeeMethod,
    RequestState,
)
from .clock import _refresh_deadline
from .common import RequestError, _conclude, _copy, _locked, _send_after_commit, log, require, today

logger = logging.getLogger(__name__)

# -- 信息处理费 (国办函〔2020〕109号) ------------------------------------------------------------


def _id_key(value):
    return "".join(ch for ch in str(value or "") if ch.isalnum()).upper()


def applicant_month_number(disclosure_request):
    """Which request of its applicant this is in the calendar month it was received (按件计收):
    the applicant is the ID number or 统一社会信用代码, requests in the order received."""
    day = disclosure_request.received_on
    key = _id_key(disclosure_request.id_number)
    same_month = DisclosureRequest.objects.filter(
        portal_id=disclosure_request.portal_id, received_on__year=day.year, received_on__month=day.month
    ).values_list("pk", "received_on", "id_number")
    earlier = [
        pk
        for pk, received_on, id_number in same_month
        if _id_key(id_number) == key and (received_on, pk) <= (day, disclosure_request.pk)
    ]
    return len(earlier)


def standard_fee(disclosure_request, method, pages=None):
    """The fee the 109号 standard allows for this request by ``method`` (one method, never both)."""
    if method == FeeMethod.PER_REQUEST:
        return fee_schedule.fee_by_item(applicant_month_number(disclosure_request))
    if pages is None:
        raise RequestError("按量计收须填写页数")
    try:
        return fee_schedule.fee_by_page(pages)
    except (ValueError, TypeError):
        raise RequestError("页数须为非负整数")


def _standard_explained(disclosure_request, method, pages):
    if method == FeeMethod.PER_REQUEST:
        nth = applicant_month_number(disclosure_request)
        return f"按件计收：申请人本月第{nth}件申请"
    return f"按量计收：{pages}页"


def issue_fee_notice(
    disclosure_request, user, amount=None, method=FeeMethod.PER_VOLUME, notified_on=None, pages=None, received_on=None
):
    """Record the fee notice at the 109号 standard (``amount``, when given, must be that figure).
    Only before the current answer deadline. From the next day until payment the answer clock
    stands still; the applicant has ``FEE_PAYMENT_WORKING_DAYS`` working days from the day after
    receiving the notice (``received_on``, default the notice day) to pay."""
    if method not in FeeMethod.values:
        raise RequestError("计收方式须为按件计收或按量计收")
    if method == FeeMethod.PER_REQUEST and pages is not None:
        raise RequestError("按件计收与按量计收只能选择一种，按件计收不填页数")
    standard = standard_fee(disclosure_request, method, pages)
    explained = _standard_explained(disclosure_request, method, pages)
    if standard <= 0:
        raise RequestError(f"{explained}，按国办函〔2020〕109号标准不收费")
    if amount is not None and amount != "":
        try:
            amount = decimal.Decimal(str(amount)).quantize(decimal.Decimal("0.01"))
        except (decimal.InvalidOperation, ValueError, TypeError):
            raise RequestError("收费金额必须是数字")
        if not amount.is_finite() or amount != standard:
            raise RequestError(f"{explained}，按国办函〔2020〕109号标准应收{standard}元")
    amount = standard.quantize(decimal.Decimal("0.01"))
    notified_on = notified_on or today()
    if notified_on > today():
        raise RequestError("收费通知日期不能晚于今天")
    received_on = received_on or notified_on
    if received_on < notified_on:
        raise RequestError("申请人收到收费通知日期不能早于发出日期")
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "fee_notice")
        if notified_on < locked.clock_start_on:
            raise RequestError("收费通知日期不能早于期限起算基准日")
        if locked.due_on and notified_on > locked.due_on:
            raise RequestError(f"收费通知须在答复期限（{locked.due_on}）内发出")
        locked.fee = amount
        locked.fee_method = method
        locked.fee_pages = pages if method == FeeMethod.PER_VOLUME else None
        locked.fee_notified_on = notified_on
        locked.fee_notice_received_on = received_on
        locked.fee_due_on = deadlines.fee_payment_deadline(received_on).due
        _refresh_deadline(locked)
        locked.save()
        log(
            locked,
            "fee_notified",
            f"已发出收费通知：信息处理费{amount}元，请于 {locked.fee_due_on} 前缴纳；缴费期间不计入答复期限",
            user=user,
            note=FeeMethod(method).label,
            data={"standard": explained},
        )
    if locked.email:
        _send_after_commit(
            "政府信息公开申请收费通知",
            f"您的申请（查询码 {locked.tracking_code}）需缴纳信息处理费{amount}元"
            f"（{FeeMethod(method).label}）。\n请于 {locked.fee_due_on} 前缴纳，逾期未缴纳视为放弃申请。\n",
            [locked.email],
        )
    return _copy(disclosure_request, locked)


def record_fee_payment(disclosure_request, user, paid_on=None):
    """The applicant paid: the answer clock runs again from the next day."""
    paid_on = paid_on or today()
    if paid_on > today():
        raise RequestError("缴费日期不能晚于今天")
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "fee_paid")
        if paid_on < locked.fee_notified_on:
            raise RequestError("缴费日期不能早于收费通知日期")
        if locked.fee_due_on and paid_on > locked.fee_due_on:
            raise RequestError(f"已超过缴费期限（{locked.fee_due_on}），申请视为放弃")
        locked.fee_paid_on = paid_on
        _refresh_deadline(locked)
        locked.save()
        log(locked, "fee_paid", f"申请人已缴纳信息处理费（{paid_on}），答复期限：{locked.due_display()}", user=user)
    return _copy(disclosure_request, locked)


def expire_fees(on=None):
    """Fee not paid in time: 视为放弃, counted as 其他处理 2. Returns how many."""
    on = on or today()
    # A due day is set only by a notice, so an unpaid one past it is an unpaid notice.
    overdue = DisclosureRequest.objects.filter(state__in=OPEN_STATES, fee_paid_on=None, fee_due_on__lt=on)
    count = 0
    for disclosure_request in overdue:
        with transaction.atomic():
            # The same conditions again under the row lock: a payment recorded meanwhile drops it.
            for locked in overdue.select_for_update().filter(pk=disclosure_request.pk):
                _conclude(
                    locked,
                    "other_2",
                    RequestState.ABANDONED,
                    None,
                    "fee_unpaid",
                    "申请人逾期未缴纳信息处理费，视为放弃申请",
                    day=locked.fee_due_on + datetime.timedelta(days=1),
                )
                count += 1
    return count
