"""Mass or frequent requests (条例 Art. 35): the office asks the applicant for reasons; an
unreasonable explanation ends in 不予处理 (answer form "mass", 不予处理 4); a reasonable one may
bring a later answer date, which the applicant is told."""

from django.db import transaction

from .clock import _refresh_deadline
from .common import RequestError, _copy, _locked, _send_after_commit, log, require, today


def request_reasons(disclosure_request, user, text, notified_on=None):
    """Ask the applicant to explain the number or frequency of the requests (the office)."""
    text = (text or "").strip()
    if not text:
        raise RequestError("请写明要求申请人说明理由的内容")
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "mass_reasons")
        locked.reasons_requested_on = notified_on or today()
        locked.save(update_fields=["reasons_requested_on"])
        log(
            locked,
            "mass_reasons_requested",
            "申请数量、频次明显超过合理范围，已要求申请人说明理由",
            user=user,
            note=text,
        )
    if locked.email:
        _send_after_commit(
            "政府信息公开申请：请说明理由",
            f"您的申请（查询码 {locked.tracking_code}）数量、频次明显超过合理范围，"
            f"根据《中华人民共和国政府信息公开条例》第三十五条，请说明理由：\n{text}\n",
            [locked.email],
        )
    return _copy(disclosure_request, locked)


def defer_answer(disclosure_request, user, due_on, reason):
    """The reasons were reasonable but the answer cannot come within the period: a later,
    reasonable answer date, told to the applicant (the office)."""
    reason = (reason or "").strip()
    if not reason:
        raise RequestError("请写明延迟答复的理由")
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "defer")
        if not locked.due_on:
            raise RequestError("答复期限正暂停计算（补正或征求意见期间），恢复计算后才能确定延迟答复期限")
        if due_on <= locked.due_on:
            raise RequestError(f"延迟答复期限须晚于当前答复期限（{locked.due_on}）")
        locked.deferred_due_on = due_on
        _refresh_deadline(locked)
        locked.save()
        log(locked, "deferred", f"申请人说明的理由合理，答复期限延迟至 {locked.due_on}", user=user, note=reason)
    if locked.email:
        _send_after_commit(
            "政府信息公开申请延迟答复告知",
            f"您的申请（查询码 {locked.tracking_code}）说明的理由合理，但无法在法定期限内答复，"
            f"答复期限确定为 {locked.due_on}。\n理由：{reason}\n",
            [locked.email],
        )
    return _copy(disclosure_request, locked)
