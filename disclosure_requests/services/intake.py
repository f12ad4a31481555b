"""Intake (条例 Arts. 29, 31): the applicant's data and attachments, received dates by channel,
idempotent and duplicate-safe submission."""

import datetime
import hashlib
import logging
import os

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import (
    ApplicantType,
    Channel,
    Delivery,
    DisclosureRequest,
    RequestAttachment,
)
from .clock import _refresh_deadline
from .common import APPLICANT_FIELDS, _send_after_commit, log, office_recipients, setting, today

logger = logging.getLogger(__name__)

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
    parts = [str(portal.pk)] + [
        " ".join(str(data.get(f, "")).split()) for f in ("applicant_name", "id_number", "description")
    ]
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


def submit_request(
    portal, data, attachments=(), channel=Channel.ONLINE, received_on=None, idempotency_key=None, user=None
):
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
    instance = DisclosureRequest(
        portal=portal,
        channel=channel,
        received_on=day,
        clock_start_on=day,
        idempotency_key=idempotency_key,
        fingerprint=fingerprint,
        **fields,
    )
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
                RequestAttachment.objects.create(
                    request=instance, file=uploaded, original_name=name, size=uploaded.size
                )
            log(
                instance,
                "received",
                f"已收到申请（{instance.get_channel_display()}），收到日期 {day.isoformat()}",
                user=user,
            )
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
