"""Handling by the office and the assigned department: assignment, correction, consultation,
extension, answer, delivery, closing, withdrawal and 视为放弃."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from pages.permissions import is_office

from .. import deadlines
from ..models import (
    Delivery,
    DisclosureRequest,
    RequestAttachment,
    RequestState,
)
from .clock import _refresh_deadline
from .common import (
    RequestError,
    _conclude,
    _copy,
    _locked,
    _send_after_commit,
    department_recipients,
    log,
    require,
    setting,
    today,
)
from .intake import validate_attachment

logger = logging.getLogger(__name__)


def assign(disclosure_request, department, user=None):
    """Assign to a department; a newly received request goes into 办理中."""
    if department.portal_id != disclosure_request.portal_id:
        raise RequestError("承办部门不属于受理机关")
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "assign")
        locked.department = department
        if locked.state == RequestState.RECEIVED:
            locked.state = RequestState.PROCESSING
        locked.save(update_fields=["department", "state"])
        log(locked, "assigned", "已分派承办部门，正在办理", user=user, note=f"承办部门：{department.name}")
    _send_after_commit(
        f"【依申请公开】请办理 {locked.tracking_code}",
        f"政府信息公开申请 {locked.tracking_code} 已分派给{department.name}办理。\n答复期限：{locked.due_display()}\n",
        department_recipients(department),
    )
    return _copy(disclosure_request, locked)


def request_correction(disclosure_request, user, text, reply_working_days=None, notified_on=None):
    """补正: tell the applicant once, in full, what to correct (条例 Art. 30)."""
    text = (text or "").strip()
    if not text:
        raise RequestError("请一次性列明需要补正的全部事项")
    reply_working_days = int(reply_working_days or setting("DISCLOSURE_CORRECTION_REPLY_WORKING_DAYS", 15))
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "correction")
        notified_on = notified_on or today()
        locked.state = RequestState.CORRECTION
        locked.correction_text = text
        locked.correction_notified_on = notified_on
        locked.correction_reply_days = reply_working_days
        _refresh_deadline(locked)
        locked.save()
        late = locked.correction_notice_due_on and notified_on > locked.correction_notice_due_on
        log(
            locked,
            "correction_requested",
            f"已告知申请人补正，补正截止 {locked.correction_due_on}",
            user=user,
            note=text + ("\n（超过7个工作日告知期限）" if late else ""),
        )
    if locked.email:
        _send_after_commit(
            "政府信息公开申请补正告知",
            f"您的申请（查询码 {locked.tracking_code}）需要补正：\n{text}\n"
            f"请于 {locked.correction_due_on} 前提交补正材料，逾期不补正视为放弃申请。\n",
            [locked.email],
        )
    return _copy(disclosure_request, locked)


def receive_correction(
    disclosure_request, user=None, received_on=None, description=None, attachments=(), good_reason=""
):
    """The corrected request arrived: the 20 working days start again from the next day. After
    the correction deadline only with a 正当理由 the office records (Art. 30) — then also a
    request already ended as 视为放弃 for that reason is taken up again."""
    names = [validate_attachment(f) for f in attachments]
    good_reason = (good_reason or "").strip()
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "corrected")
        day = received_on or today()
        if day > today():
            raise RequestError("收到补正申请日期不能晚于今天")
        if locked.correction_notified_on and day < locked.correction_notified_on:
            raise RequestError("收到补正申请日期不能早于补正告知日期")
        late = bool(locked.correction_due_on and day > locked.correction_due_on)
        if late and not good_reason:
            raise RequestError(
                f"已超过补正期限（{locked.correction_due_on}）；申请人有正当理由的，请登记正当理由后接收"
            )
        locked.clock_start_on = day
        if description:
            locked.description = description
        if locked.state == RequestState.ABANDONED:  # 视为放弃 only stands without a good reason
            locked.answer_type, locked.answered_on, locked.answered_by, locked.closed_at = "", None, None, None
        locked.state = RequestState.PROCESSING
        _refresh_deadline(locked)
        locked.save()
        for uploaded, name in zip(attachments, names):
            RequestAttachment.objects.create(
                disclosure_request=locked, file=uploaded, original_name=name, size=uploaded.size, purpose="correction"
            )
        log(
            locked,
            "corrected",
            f"已收到补正材料（{day}）{'，逾期补正有正当理由' if late else ''}，重新计算答复期限：{locked.due_display()}",
            user=user,
            note=f"正当理由：{good_reason}" if late else "",
        )
    return _copy(disclosure_request, locked)


def expire_corrections(on=None):
    """Requests whose correction deadline passed: 视为放弃 (其他处理 1). Returns how many."""
    on = on or today()
    count = 0
    for disclosure_request in DisclosureRequest.objects.filter(state=RequestState.CORRECTION, correction_due_on__lt=on):
        with transaction.atomic():
            locked = _locked(disclosure_request)
            if (
                locked.state != RequestState.CORRECTION
                or not locked.correction_due_on
                or locked.correction_due_on >= on
            ):
                continue
            # Concluded the day after the correction deadline, however late the job ran (the
            # annual report counts it in that year).
            _conclude(
                locked,
                "other_1",
                RequestState.ABANDONED,
                None,
                "abandoned",
                "申请人逾期未补正，视为放弃申请",
                day=locked.correction_due_on + datetime.timedelta(days=1),
            )
            count += 1
    return count


def withdraw(disclosure_request, user=None, note=""):
    """The applicant withdrew (counted as 其他处理 3 in the annual report): recorded by the office
    (or by the applicant online, ``user`` None), never by the department handling it."""
    if user is not None and user.is_authenticated and not is_office(user, disclosure_request.portal):
        raise RequestError("申请人撤回须由政务公开工作机构登记，承办部门不能以申请人撤回结案")
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "withdraw")
        _conclude(locked, "other_3", RequestState.WITHDRAWN, user, "withdrawn", "申请人已撤回申请", note)
    return _copy(disclosure_request, locked)


def extend(disclosure_request, approver, days, reason, applicant_notified_on=None):
    """The one extension (≤ 20 working days), approved by the head of the disclosure office."""
    days = int(days)
    reason = (reason or "").strip()
    if not 1 <= days <= deadlines.MAX_EXTENSION_WORKING_DAYS:
        raise RequestError(f"延长期限为1至{deadlines.MAX_EXTENSION_WORKING_DAYS}个工作日")
    if not reason:
        raise RequestError("延期须填写理由")
    if not is_office(approver, disclosure_request.portal):
        raise RequestError("延期须经政府信息公开工作机构负责人同意")
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "extend")
        locked.extension_days = days
        locked.extension_reason = reason
        locked.extension_approved_by = approver
        locked.extended_at = timezone.now()
        locked.extension_applicant_notified_on = applicant_notified_on or today()
        if locked.state != RequestState.CONSULTING:
            locked.state = RequestState.EXTENDED
        _refresh_deadline(locked)
        locked.save()
        log(
            locked,
            "extended",
            f"经批准延长答复期限{days}个工作日，延长后期限：{locked.due_display()}",
            user=approver,
            note=reason,
        )
    if locked.email:
        _send_after_commit(
            "政府信息公开申请延期答复告知",
            f"您的申请（查询码 {locked.tracking_code}）答复期限延长{days}个工作日，"
            f"延长后期限：{locked.due_display()}。\n理由：{reason}\n",
            [locked.email],
        )
    return _copy(disclosure_request, locked)


def record_delivery(disclosure_request, user, method, delivered_on=None, note="", signed_file=None):
    if signed_file is not None:
        validate_attachment(signed_file)
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "deliver")
        locked.delivery_method = method
        locked.delivered_on = delivered_on or today()
        locked.delivery_note = note
        if signed_file is not None:
            locked.signed_document.save(
                f"签章答复书-{locked.tracking_code}-{signed_file.name}", signed_file, save=False
            )
        locked.save()
        log(locked, "delivered", f"答复书已送达（{Delivery(method).label}）", user=user, note=note)
    return _copy(disclosure_request, locked)


def close(disclosure_request, user, note=""):
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "close")
        locked.state = RequestState.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["state", "closed_at"])
        log(locked, "closed", "已结案", user=user, note=note)
    return _copy(disclosure_request, locked)


def mark_abandoned(disclosure_request, user):
    """The office records 视为放弃 once the correction deadline has passed (the daily job does
    the same for every such request)."""
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "abandon")
        if not locked.correction_due_on or locked.correction_due_on >= today():
            raise RequestError(f"补正期限（{locked.correction_due_on}）尚未届满，不能视为放弃")
        _conclude(
            locked,
            "other_1",
            RequestState.ABANDONED,
            user,
            "abandoned",
            "申请人逾期未补正，视为放弃申请",
            day=locked.correction_due_on + datetime.timedelta(days=1),
        )
    return _copy(disclosure_request, locked)
