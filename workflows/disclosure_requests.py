"""Disclosure on request (依申请公开): intake, handling and deadlines as plain functions.

The public form, the admin and the future API call these; none of them needs HTTP.
Every state change runs in one transaction on a locked row and writes a ``RequestEvent``.
Notifications go out only after the commit and never undo anything.
"""

import datetime
import decimal
import hashlib
import hmac
import logging
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from pages.permissions import is_office, office_portals, staff_departments  # noqa: F401 (is_office: services API)

from . import deadlines
from .answers import ANSWER_TYPE_CODES, answer_type_display, render_answer_docx
from .request_models import (
    CLOCK_STATES,
    OPEN_STATES,
    AnswerTemplate,
    ApplicantType,
    Channel,
    Delivery,
    DisclosureRequest,
    FeeMethod,
    RequestAttachment,
    RequestConsultation,
    RequestEvent,
    RequestState,
)

logger = logging.getLogger(__name__)

# Fields the applicant provides (the intake contract of the form and the API).
APPLICANT_FIELDS = [
    "applicant_type", "organization_kind", "applicant_name", "id_type", "id_number", "contact_person", "phone",
    "email", "address", "postal_code", "description", "purpose", "preferred_form", "delivery",
]
# Never shown outside the office and the assigned department.
PERSONAL_FIELDS = ["applicant_name", "id_type", "id_number", "contact_person", "phone", "email", "address",
                   "postal_code", "purpose"]


class RequestError(Exception):
    """A handling step that is not allowed now; the message is for the user (Chinese)."""


def setting(name, default):
    return getattr(settings, name, default)


def today():
    return timezone.localdate()


# -- who sees what ----------------------------------------------------------------------


def in_department(user, department):
    if not (department and user and user.is_authenticated and user.is_active):
        return False
    group_ids = [g for g in (department.editors_group_id, department.reviewers_group_id) if g]
    return bool(group_ids) and user.groups.filter(pk__in=group_ids).exists()


def can_view_personal_data(user, request):
    return is_office(user, request.portal) or in_department(user, request.department)


def can_handle(user, request):
    return can_view_personal_data(user, request)


def visible_requests(user, queryset=None):
    """Requests a staff user may see at all: every request of the portals they run as office,
    and those assigned to their departments."""
    queryset = queryset if queryset is not None else DisclosureRequest.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(Q(portal__in=office_portals(user)) | Q(department__in=staff_departments(user)))


def office_recipients(portal):
    """E-mail addresses of the disclosure office (DISCLOSURE_OFFICE_EMAILS, else office users)."""
    configured = setting("DISCLOSURE_OFFICE_EMAILS", [])
    if configured:
        return list(configured)
    from wagtail.models import GroupPagePermission

    ancestors = portal.get_ancestors(inclusive=True)
    groups = GroupPagePermission.objects.filter(page__in=ancestors, permission__codename="publish_page").values(
        "group")
    users = get_user_model().objects.filter(Q(is_superuser=True) | Q(groups__in=groups), is_active=True).exclude(
        email="").distinct()
    return sorted(u.email for u in users)


def department_recipients(department):
    group_ids = [g for g in (department.editors_group_id, department.reviewers_group_id) if g]
    users = get_user_model().objects.filter(groups__in=group_ids, is_active=True).exclude(email="").distinct()
    return sorted(u.email for u in users)


def _send_after_commit(subject, body, recipients):
    """Mail once the transaction committed; a mail failure is logged and never undoes anything."""

    def send():
        if not recipients:
            return
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
        except Exception:
            logger.exception("依申请公开通知邮件发送失败：%s", subject)

    transaction.on_commit(send)


# -- attachments --------------------------------------------------------------------------

# Extension → accepted leading bytes (the file must be what its name says).
ATTACHMENT_SIGNATURES = {
    "pdf": [b"%PDF"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
    "doc": [b"\xd0\xcf\x11\xe0"],
    "xls": [b"\xd0\xcf\x11\xe0"],
    "ofd": [b"PK\x03\x04"],
}


def validate_attachment(uploaded):
    """Type (extension and content signature) and size; raises ValidationError in Chinese."""
    max_size = setting("DISCLOSURE_ATTACHMENT_MAX_SIZE", 10 * 1024 * 1024)
    allowed = setting("DISCLOSURE_ATTACHMENT_EXTENSIONS", sorted(ATTACHMENT_SIGNATURES))
    name = os.path.basename(uploaded.name or "")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in allowed:
        raise ValidationError(f"附件“{name}”的类型不允许，仅接受：{'、'.join(allowed)}")
    if uploaded.size > max_size:
        raise ValidationError(f"附件“{name}”超过大小限制（{max_size // (1024 * 1024)}MB）")
    if uploaded.size == 0:
        raise ValidationError(f"附件“{name}”是空文件")
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    signatures = ATTACHMENT_SIGNATURES.get(ext)
    if signatures and not any(head.startswith(s) for s in signatures):
        raise ValidationError(f"附件“{name}”的内容与文件类型不符")
    return name


# -- intake ---------------------------------------------------------------------------------


def received_date(channel, given=None):
    """The received date by channel (条例 Art. 31): online = the submission, confirmed at once
    with the receipt; in person = the day handed in; post = the day signed for (must be given);
    fax = the day the fax was received (default today)."""
    now = today()
    if channel == Channel.ONLINE:
        return now
    if channel == Channel.POST and given is None:
        raise ValidationError({"received_on": "信函申请须填写签收日期"})
    day = given or now
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    if day > now:
        raise ValidationError({"received_on": "收到申请日期不能晚于今天"})
    return day


def _fingerprint(portal, data):
    parts = [str(portal.pk)] + [" ".join(str(data.get(f, "")).split()) for f in
                                ("applicant_name", "id_number", "description")]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def validate_applicant(instance):
    errors = {}
    if instance.applicant_type == ApplicantType.ORGANIZATION and not instance.organization_kind:
        errors["organization_kind"] = "法人或其他组织须选择组织类型"
    if instance.applicant_type == ApplicantType.PERSON:
        instance.organization_kind = ""
    if not (instance.phone or instance.email or instance.address):
        errors["phone"] = "请至少填写一种联系方式（电话、电子邮箱或通信地址）"
    if instance.delivery == Delivery.EMAIL and not instance.email:
        errors["email"] = "选择电子邮件方式获取信息时须填写电子邮箱"
    if instance.delivery == Delivery.POST and not instance.address:
        errors["address"] = "选择邮寄方式获取信息时须填写通信地址"
    if errors:
        raise ValidationError(errors)


def submit_request(portal, data, attachments=(), channel=Channel.ONLINE, received_on=None, idempotency_key=None,
                   user=None):
    """Store a new request and return ``(request, created)``.

    The request, its attachments and its first event are written in one transaction before
    anything else happens; mails go out after the commit. The same ``idempotency_key`` (the
    public form sends one per rendered form), or the same applicant and description again
    within ``DISCLOSURE_DUPLICATE_WINDOW`` seconds, returns the stored request instead.
    """
    idempotency_key = (idempotency_key or "").strip()[:64] or None
    if idempotency_key:
        existing = DisclosureRequest.objects.filter(idempotency_key=idempotency_key).first()
        if existing:
            return existing, False
    fingerprint = _fingerprint(portal, data)
    window = setting("DISCLOSURE_DUPLICATE_WINDOW", 600)
    existing = DisclosureRequest.objects.filter(
        portal=portal, fingerprint=fingerprint, submitted_at__gte=timezone.now() - datetime.timedelta(seconds=window)
    ).first()
    if existing:
        return existing, False

    fields = {f: data.get(f) for f in APPLICANT_FIELDS if data.get(f) is not None}
    day = received_date(channel, received_on)
    instance = DisclosureRequest(portal=portal, channel=channel, received_on=day, clock_start_on=day,
                                 idempotency_key=idempotency_key, fingerprint=fingerprint, **fields)
    validate_applicant(instance)
    instance.full_clean(exclude=["clock_start_on", "tracking_code"], validate_unique=False)
    names = [validate_attachment(f) for f in attachments]
    max_count = setting("DISCLOSURE_ATTACHMENT_MAX_COUNT", 5)
    if len(names) > max_count:
        raise ValidationError(f"附件最多 {max_count} 个")

    try:
        with transaction.atomic():
            _refresh_deadline(instance)
            instance.save()
            for uploaded, name in zip(attachments, names):
                RequestAttachment.objects.create(request=instance, file=uploaded, original_name=name,
                                                 size=uploaded.size)
            log(instance, "received", f"已收到申请（{instance.get_channel_display()}），收到日期 {day.isoformat()}",
                user=user)
    except IntegrityError:
        if idempotency_key:
            existing = DisclosureRequest.objects.filter(idempotency_key=idempotency_key).first()
            if existing:  # a concurrent double submit won the race
                return existing, False
        raise

    _send_after_commit(
        f"【依申请公开】新申请 {instance.tracking_code}",
        f"收到新的政府信息公开申请。\n查询码：{instance.tracking_code}\n收到日期：{day}\n"
        f"答复期限：{instance.due_display()}\n",
        office_recipients(portal),
    )
    if instance.email:
        _send_after_commit(
            "政府信息公开申请回执",
            f"{portal.body_name}已收到您的政府信息公开申请。\n查询码：{instance.tracking_code}\n"
            f"收到日期：{day}\n答复期限：{instance.due_display()}\n请凭查询码查询办理进度。\n",
            [instance.email],
        )
    return instance, True


# -- events and deadlines ------------------------------------------------------------------


def log(request, action, public_text, user=None, note="", data=None):
    return RequestEvent.objects.create(request=request, action=action, state=request.state, public_text=public_text,
                                       note=note, user=user if user and user.is_authenticated else None,
                                       data=data or {})


def _pauses(request):
    if not request.pk:
        return []
    # Consultation time counts from the day after the letter went out to the day the reply came.
    pauses = [(c.started_on + datetime.timedelta(days=1), c.ended_on)
              for c in request.consultations.all() if c.started_on >= request.clock_start_on]
    if request.fee_notified_on and request.fee_notified_on >= request.clock_start_on:
        pauses.append(deadlines.fee_pause(request.fee_notified_on, request.fee_paid_on))
    return pauses


def _refresh_deadline(request, calendar=None):
    """Set the deadline fields from the request's dates. Returns True when a date changed."""
    calendar = calendar or deadlines.WorkingCalendar()
    before = (request.due_on, request.due_provisional, request.due_paused, request.correction_due_on)
    notice = deadlines.correction_notice_deadline(request.received_on, calendar)
    request.correction_notice_due_on = notice.due
    provisional = False
    if request.correction_notified_on and request.correction_reply_days:
        reply = deadlines.correction_reply_deadline(request.correction_notified_on, request.correction_reply_days,
                                                    calendar)
        request.correction_due_on = reply.due
        provisional = request.state == RequestState.CORRECTION and reply.provisional
    if request.state == RequestState.CORRECTION:
        request.due_on, request.due_paused = None, False
    else:
        answer = deadlines.answer_deadline(request.clock_start_on, request.extension_days, _pauses(request), calendar)
        request.due_on, request.due_paused = answer.due, answer.paused
        provisional = provisional or answer.provisional
    request.due_provisional = provisional
    return before != (request.due_on, request.due_provisional, request.due_paused, request.correction_due_on)


def refresh_deadline(request, calendar=None):
    changed = _refresh_deadline(request, calendar)
    request.save(update_fields=["due_on", "due_provisional", "due_paused", "correction_due_on",
                                "correction_notice_due_on"])
    return changed


def recompute_provisional_deadlines():
    """Recompute every open request whose deadline is provisional (after a chinesecalendar
    upgrade or the office's entry of a year). Returns the number of deadlines that changed."""
    calendar = deadlines.WorkingCalendar()
    changed = 0
    for request in DisclosureRequest.objects.filter(state__in=OPEN_STATES, due_provisional=True):
        old = request.due_on or request.correction_due_on
        if refresh_deadline(request, calendar):
            changed += 1
            new = request.due_on or request.correction_due_on
            final = "" if request.due_provisional else "（已确定）"
            log(request, "deadline_recomputed", f"按节假日安排重新计算期限：{new}{final}",
                data={"old": str(old), "new": str(new)})
    return changed


def urgency(request, on=None, calendar=None):
    """'done', 'paused', 'overdue', 'due_soon' (≤ DISCLOSURE_REMINDER_WORKING_DAYS left) or 'normal'."""
    on = on or today()
    if not request.is_open:
        return "done"
    due = request.correction_due_on if request.state == RequestState.CORRECTION else request.due_on
    if request.due_paused or due is None:
        return "paused"
    if due < on:
        return "overdue"
    left = deadlines.working_days_between(on, due, calendar)
    return "due_soon" if left <= setting("DISCLOSURE_REMINDER_WORKING_DAYS", 5) else "normal"


# -- handling -----------------------------------------------------------------------------


def _locked(request):
    """Re-read the row under a lock (SQLite: the IMMEDIATE transaction serialises writers)."""
    return DisclosureRequest.objects.select_for_update().get(pk=request.pk)


def _require(request, states, action):
    if request.state not in states:
        raise RequestError(f"当前状态为“{request.get_state_display()}”，不能{action}")


def _copy(target, source):
    target.__dict__.update({k: v for k, v in source.__dict__.items() if not k.startswith("_")})
    return target


def assign(request, department, user=None):
    """Assign to a department; a newly received request goes into 办理中."""
    if department.portal_id != request.portal_id:
        raise RequestError("承办部门不属于受理机关")
    with transaction.atomic():
        locked = _locked(request)
        _require(locked, OPEN_STATES, "分派")
        locked.department = department
        if locked.state == RequestState.RECEIVED:
            locked.state = RequestState.PROCESSING
        locked.save(update_fields=["department", "state"])
        log(locked, "assigned", "已分派承办部门，正在办理", user=user, note=f"承办部门：{department.name}")
    _send_after_commit(f"【依申请公开】请办理 {locked.tracking_code}",
                       f"政府信息公开申请 {locked.tracking_code} 已分派给{department.name}办理。\n"
                       f"答复期限：{locked.due_display()}\n", department_recipients(department))
    return _copy(request, locked)


def request_correction(request, user, text, reply_working_days=None, notified_on=None):
    """补正: tell the applicant once, in full, what to correct (条例 Art. 30)."""
    text = (text or "").strip()
    if not text:
        raise RequestError("请一次性列明需要补正的全部事项")
    reply_working_days = int(reply_working_days or setting("DISCLOSURE_CORRECTION_REPLY_WORKING_DAYS", 15))
    with transaction.atomic():
        locked = _locked(request)
        if locked.correction_notified_on:
            raise RequestError("补正只能一次性告知，本申请已告知过补正")
        _require(locked, [RequestState.RECEIVED, RequestState.PROCESSING], "要求补正")
        notified_on = notified_on or today()
        locked.state = RequestState.CORRECTION
        locked.correction_text = text
        locked.correction_notified_on = notified_on
        locked.correction_reply_days = reply_working_days
        _refresh_deadline(locked)
        locked.save()
        late = locked.correction_notice_due_on and notified_on > locked.correction_notice_due_on
        log(locked, "correction_requested", f"已告知申请人补正，补正截止 {locked.correction_due_on}", user=user,
            note=text + ("\n（超过7个工作日告知期限）" if late else ""))
    if locked.email:
        _send_after_commit("政府信息公开申请补正告知",
                           f"您的申请（查询码 {locked.tracking_code}）需要补正：\n{text}\n"
                           f"请于 {locked.correction_due_on} 前提交补正材料，逾期不补正视为放弃申请。\n",
                           [locked.email])
    return _copy(request, locked)


def receive_correction(request, user=None, received_on=None, description=None, attachments=()):
    """The corrected request arrived: the 20 working days start again from the next day."""
    names = [validate_attachment(f) for f in attachments]
    with transaction.atomic():
        locked = _locked(request)
        _require(locked, [RequestState.CORRECTION], "接收补正")
        day = received_on or today()
        if locked.correction_due_on and day > locked.correction_due_on:
            raise RequestError("已超过补正期限")
        locked.clock_start_on = day
        if description:
            locked.description = description
        locked.state = RequestState.PROCESSING
        _refresh_deadline(locked)
        locked.save()
        for uploaded, name in zip(attachments, names):
            RequestAttachment.objects.create(request=locked, file=uploaded, original_name=name, size=uploaded.size,
                                             purpose="correction")
        log(locked, "corrected", f"已收到补正材料（{day}），重新计算答复期限：{locked.due_display()}", user=user)
    return _copy(request, locked)


def _conclude(locked, answer_type, state, user, action, public_text, note="", day=None):
    locked.answer_type = answer_type
    locked.answered_on = day or today()
    locked.state = state
    locked.closed_at = timezone.now()
    locked.answered_by = user if user and user.is_authenticated else None
    locked.save()
    log(locked, action, public_text, user=user, note=note)


def expire_corrections(on=None):
    """Requests whose correction deadline passed: 视为放弃 (其他处理 1). Returns how many."""
    on = on or today()
    count = 0
    for request in DisclosureRequest.objects.filter(state=RequestState.CORRECTION, correction_due_on__lt=on):
        with transaction.atomic():
            locked = _locked(request)
            if locked.state != RequestState.CORRECTION or not locked.correction_due_on or \
                    locked.correction_due_on >= on:
                continue
            # Concluded the day after the correction deadline, however late the job ran (the
            # annual report counts it in that year).
            _conclude(locked, "other_1", RequestState.ABANDONED, None, "abandoned",
                      "申请人逾期未补正，视为放弃申请", day=locked.correction_due_on + datetime.timedelta(days=1))
            count += 1
    return count


def withdraw(request, user=None, note=""):
    """The applicant withdrew (counted as 其他处理 3 in the annual report)."""
    with transaction.atomic():
        locked = _locked(request)
        _require(locked, OPEN_STATES, "撤回")
        _conclude(locked, "other_3", RequestState.WITHDRAWN, user, "withdrawn", "申请人已撤回申请", note)
    return _copy(request, locked)


def start_consultation(request, user, kind, party, started_on=None, note=""):
    with transaction.atomic():
        locked = _locked(request)
        _require(locked, [RequestState.RECEIVED, RequestState.PROCESSING, RequestState.EXTENDED], "征求意见")
        started_on = started_on or today()
        reply = deadlines.third_party_reply_deadline(started_on) if kind == "third_party" else None
        consultation = RequestConsultation.objects.create(request=locked, kind=kind, party=party,
                                                          started_on=started_on, note=note,
                                                          reply_due_on=reply.due if reply else None)
        locked.state = RequestState.CONSULTING
        _refresh_deadline(locked)
        locked.save()
        log(locked, "consultation_started", f"{consultation.get_kind_display()}，征求意见期间不计入答复期限", user=user,
            note=f"征求对象：{party}\n{note}".strip())
    return consultation


def end_consultation(consultation, user=None, ended_on=None, note=""):
    with transaction.atomic():
        locked = _locked(consultation.request)
        consultation = RequestConsultation.objects.get(pk=consultation.pk)
        if consultation.ended_on:
            raise RequestError("该征求意见已结束")
        ended_on = ended_on or today()
        if ended_on < consultation.started_on:
            raise RequestError("结束日期不能早于发出日期")
        consultation.ended_on = ended_on
        consultation.note = "\n".join(x for x in (consultation.note, note) if x)
        consultation.save()
        if not locked.consultations.filter(ended_on=None).exists() and locked.state == RequestState.CONSULTING:
            locked.state = RequestState.EXTENDED if locked.extension_days else RequestState.PROCESSING
        _refresh_deadline(locked)
        locked.save()
        log(locked, "consultation_ended", f"征求意见结束，答复期限：{locked.due_display()}", user=user, note=note)
    return consultation


def extend(request, approver, days, reason, applicant_notified_on=None):
    """The one extension (≤ 20 working days), approved by the head of the disclosure office."""
    days = int(days)
    reason = (reason or "").strip()
    if not 1 <= days <= deadlines.MAX_EXTENSION_WORKING_DAYS:
        raise RequestError(f"延长期限为1至{deadlines.MAX_EXTENSION_WORKING_DAYS}个工作日")
    if not reason:
        raise RequestError("延期须填写理由")
    if not is_office(approver, request.portal):
        raise RequestError("延期须经政府信息公开工作机构负责人同意")
    with transaction.atomic():
        locked = _locked(request)
        if locked.extension_days:
            raise RequestError("答复期限只能延长一次")
        _require(locked, [RequestState.RECEIVED, RequestState.PROCESSING, RequestState.CONSULTING], "延期")
        locked.extension_days = days
        locked.extension_reason = reason
        locked.extension_approved_by = approver
        locked.extended_at = timezone.now()
        locked.extension_applicant_notified_on = applicant_notified_on or today()
        if locked.state != RequestState.CONSULTING:
            locked.state = RequestState.EXTENDED
        _refresh_deadline(locked)
        locked.save()
        log(locked, "extended", f"经批准延长答复期限{days}个工作日，延长后期限：{locked.due_display()}",
            user=approver, note=reason)
    if locked.email:
        _send_after_commit("政府信息公开申请延期答复告知",
                           f"您的申请（查询码 {locked.tracking_code}）答复期限延长{days}个工作日，"
                           f"延长后期限：{locked.due_display()}。\n理由：{reason}\n", [locked.email])
    return _copy(request, locked)


def pick_template(request, answer_type):
    templates = AnswerTemplate.objects.filter(Q(portal=request.portal) | Q(portal=None))
    return (templates.filter(answer_group=answer_type).order_by("-portal").first()
            or templates.filter(answer_group="").order_by("-portal").first()
            or AnswerTemplate(name="默认", title="政府信息公开申请答复书"))


def answer(request, user, answer_type, text="", entries=(), template=None, answered_on=None):
    """Record the decision (one of the official categories) and generate the 答复书."""
    if answer_type not in ANSWER_TYPE_CODES:
        raise RequestError("办理结果必须是年度报告规定的类别之一")
    entries = list(entries)
    if entries and answer_type not in ("disclose", "partial"):
        raise RequestError("只有予以公开或部分公开的答复可以关联公开信息")
    if any(e.portal_id != request.portal_id for e in entries):
        raise RequestError("关联的公开信息不属于受理机关")
    with transaction.atomic():
        locked = _locked(request)
        _require(locked, [RequestState.RECEIVED, RequestState.PROCESSING, RequestState.EXTENDED], "答复")
        if locked.fee_pending:
            raise RequestError("申请人尚未缴纳信息处理费，缴费或缴费期限届满前不能答复")
        locked.answer_type = answer_type
        locked.answer_text = text
        locked.answered_on = answered_on or today()
        locked.answered_by = user
        locked.state = RequestState.ANSWERED
        locked.save()
        locked.answer_entries.set(entries)
        template = template or pick_template(locked, answer_type)
        content = render_answer_docx(locked, template)
        locked.answer_document.save(f"答复书-{locked.tracking_code}.docx", ContentFile(content), save=True)
        late = locked.due_on and locked.answered_on > locked.due_on
        log(locked, "answered", f"已作出答复：{answer_type_display(answer_type)}", user=user,
            note="（超过答复期限）" if late else "")
    if locked.email:
        _send_after_commit("政府信息公开申请答复",
                           f"您的申请（查询码 {locked.tracking_code}）已答复：{answer_type_display(answer_type)}。\n"
                           f"答复书将按您选择的方式送达。\n", [locked.email])
    return _copy(request, locked)


def regenerate_answer_document(request, template=None):
    template = template or pick_template(request, request.answer_type)
    request.answer_document.save(f"答复书-{request.tracking_code}.docx",
                                 ContentFile(render_answer_docx(request, template)), save=True)
    return request


def record_delivery(request, user, method, delivered_on=None, note="", signed_file=None):
    if signed_file is not None:
        validate_attachment(signed_file)
    with transaction.atomic():
        locked = _locked(request)
        _require(locked, [RequestState.ANSWERED], "登记送达")
        locked.delivery_method = method
        locked.delivered_on = delivered_on or today()
        locked.delivery_note = note
        if signed_file is not None:
            locked.signed_document.save(f"签章答复书-{locked.tracking_code}-{signed_file.name}", signed_file,
                                        save=False)
        locked.save()
        log(locked, "delivered", f"答复书已送达（{Delivery(method).label}）", user=user, note=note)
    return _copy(request, locked)


def close(request, user, note=""):
    with transaction.atomic():
        locked = _locked(request)
        _require(locked, [RequestState.ANSWERED], "结案")
        locked.state = RequestState.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["state", "closed_at"])
        log(locked, "closed", "已结案", user=user, note=note)
    return _copy(request, locked)


# -- 信息处理费 (国办函〔2020〕109号) ------------------------------------------------------------


def issue_fee_notice(request, user, amount, method, notified_on=None):
    """Record the fee notice. From the next day until payment the answer clock stands still;
    the applicant has ``FEE_PAYMENT_WORKING_DAYS`` working days to pay."""
    try:
        amount = decimal.Decimal(str(amount)).quantize(decimal.Decimal("0.01"))
    except (decimal.InvalidOperation, ValueError, TypeError):
        raise RequestError("收费金额必须是数字")
    if not amount.is_finite() or amount <= 0 or amount >= decimal.Decimal("100000000"):
        raise RequestError("收费金额须大于0元且小于1亿元")
    if method not in FeeMethod.values:
        raise RequestError("计收方式须为按件计收或按量计收")
    notified_on = notified_on or today()
    if notified_on > today():
        raise RequestError("收费通知日期不能晚于今天")
    with transaction.atomic():
        locked = _locked(request)
        _require(locked, [RequestState.RECEIVED, RequestState.PROCESSING, RequestState.EXTENDED,
                          RequestState.CONSULTING], "发出收费通知")
        if locked.fee_notified_on:
            raise RequestError("本申请已发出过收费通知")
        if notified_on < locked.clock_start_on:
            raise RequestError("收费通知日期不能早于期限起算基准日")
        locked.fee = amount
        locked.fee_method = method
        locked.fee_notified_on = notified_on
        locked.fee_due_on = deadlines.fee_payment_deadline(notified_on).due
        _refresh_deadline(locked)
        locked.save()
        log(locked, "fee_notified",
            f"已发出收费通知：信息处理费{amount}元，请于 {locked.fee_due_on} 前缴纳；缴费期间不计入答复期限",
            user=user, note=FeeMethod(method).label)
    if locked.email:
        _send_after_commit("政府信息公开申请收费通知",
                           f"您的申请（查询码 {locked.tracking_code}）需缴纳信息处理费{amount}元"
                           f"（{FeeMethod(method).label}）。\n请于 {locked.fee_due_on} 前缴纳，逾期未缴纳视为放弃申请。\n",
                           [locked.email])
    return _copy(request, locked)


def record_fee_payment(request, user, paid_on=None):
    """The applicant paid: the answer clock runs again from the next day."""
    paid_on = paid_on or today()
    if paid_on > today():
        raise RequestError("缴费日期不能晚于今天")
    with transaction.atomic():
        locked = _locked(request)
        _require(locked, OPEN_STATES, "登记缴费")
        if not locked.fee_pending:
            raise RequestError("本申请没有待缴纳的信息处理费")
        if paid_on < locked.fee_notified_on:
            raise RequestError("缴费日期不能早于收费通知日期")
        if locked.fee_due_on and paid_on > locked.fee_due_on:
            raise RequestError(f"已超过缴费期限（{locked.fee_due_on}），申请视为放弃")
        locked.fee_paid_on = paid_on
        _refresh_deadline(locked)
        locked.save()
        log(locked, "fee_paid", f"申请人已缴纳信息处理费（{paid_on}），答复期限：{locked.due_display()}", user=user)
    return _copy(request, locked)


def expire_fees(on=None):
    """Fee not paid in time: 视为放弃, counted as 其他处理 2. Returns how many."""
    on = on or today()
    count = 0
    for request in DisclosureRequest.objects.filter(state__in=OPEN_STATES, fee_notified_on__isnull=False,
                                                    fee_paid_on=None, fee_due_on__lt=on):
        with transaction.atomic():
            locked = _locked(request)
            if locked.state not in OPEN_STATES or not locked.fee_pending or locked.fee_due_on >= on:
                continue
            _conclude(locked, "other_2", RequestState.ABANDONED, None, "fee_unpaid",
                      "申请人逾期未缴纳信息处理费，视为放弃申请", day=locked.fee_due_on + datetime.timedelta(days=1))
            count += 1
    return count


def mark_abandoned(request, user):
    """The office records 视为放弃 once the correction deadline has passed (the daily job does
    the same for every such request)."""
    with transaction.atomic():
        locked = _locked(request)
        _require(locked, [RequestState.CORRECTION], "标记视为放弃")
        if not locked.correction_due_on or locked.correction_due_on >= today():
            raise RequestError(f"补正期限（{locked.correction_due_on}）尚未届满，不能视为放弃")
        _conclude(locked, "other_1", RequestState.ABANDONED, user, "abandoned", "申请人逾期未补正，视为放弃申请",
                  day=locked.correction_due_on + datetime.timedelta(days=1))
    return _copy(request, locked)


# -- online withdrawal by the applicant -------------------------------------------------------

WITHDRAW_MAX_FAILURES = 5  # wrong second factors per request and hour, then locked for the hour


def normalize_code(code):
    """Tracking codes are accepted without dashes, in lower case and with spaces."""
    code = "".join(str(code or "").split()).upper()
    if len(code) == 16 and "-" not in code:
        code = "-".join(code[i:i + 4] for i in range(0, 16, 4))
    return code


def find_by_code(code):
    code = normalize_code(code)
    return DisclosureRequest.objects.filter(tracking_code=code).select_related("portal").first() if code else None


def withdrawal_secret(request):
    """The second factor: the last 4 digits of the contact phone given at intake, or the last
    4 characters of the ID number when no phone was given."""
    digits = "".join(ch for ch in request.phone if ch.isdigit())
    source = digits or "".join(ch for ch in request.id_number if ch.isalnum()).upper()
    return source[-4:]


def withdraw_by_applicant(code, verification):
    """The applicant withdraws online with the tracking code and the second factor.
    Errors never tell whether the code exists or only the second factor was wrong."""
    request = find_by_code(code)
    wrong = RequestError("查询码或验证信息不正确")
    if request is None:
        raise wrong
    failures_key = f"gongkai:withdraw-failures:{request.pk}"
    if (cache.get(failures_key) or 0) >= WITHDRAW_MAX_FAILURES:
        raise RequestError("验证失败次数过多，请1小时后再试")
    secret = withdrawal_secret(request)
    given = "".join(str(verification or "").split()).upper()
    if len(secret) < 4 or not hmac.compare_digest(given.encode(), secret.encode()):
        cache.add(failures_key, 0, timeout=3600)
        try:
            cache.incr(failures_key)
        except ValueError:
            cache.set(failures_key, 1, timeout=3600)
        raise wrong
    if not request.is_open:
        raise RequestError(f"申请当前状态为“{request.get_state_display()}”，不能撤回")
    return withdraw(request, note="申请人在线撤回（查询码及联系电话后4位验证）")


def public_timeline(request):
    """What the status page shows: dates, states and public texts only."""
    return [{"at": timezone.localtime(e.created_at), "state": e.get_state_display(), "text": e.public_text}
            for e in request.events.all()]


__all__ = [
    "RequestError", "submit_request", "assign", "request_correction", "receive_correction", "expire_corrections",
    "withdraw", "withdraw_by_applicant", "issue_fee_notice", "record_fee_payment", "expire_fees", "mark_abandoned",
    "find_by_code", "start_consultation", "end_consultation", "extend", "answer", "record_delivery", "close",
    "refresh_deadline", "recompute_provisional_deadlines", "urgency", "visible_requests",
    "can_view_personal_data", "is_office", "public_timeline", "validate_attachment", "CLOCK_STATES",
]
