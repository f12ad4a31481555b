"""Intake (条例 Arts. 29, 31): the applicant's data and attachments, received dates by channel,
idempotent and duplicate-safe submission."""

import datetime
import hashlib
import hmac
import logging
import os
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..models import (
    ApplicantType,
    Channel,
    Delivery,
    DisclosureRequest,
    IntakeClaim,
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


# Channels whose received date staff must give: it is not the day they type it in.
_DATE_REQUIRED = {
    Channel.POST: "挂号信/特快专递申请须填写签收日期",
    Channel.PLAIN_POST: "平常信函申请须填写与申请人确认的日期",
}


def received_date(channel, given=None):
    """The received date by channel (条例 Art. 31, see ``RECEIVED_RULES``): online = the
    submission, confirmed at once with the receipt; in person and oral = the day made;
    挂号信/EMS = the day signed for and 平常信函 = the day the office confirmed with the
    applicant (both must be given); fax and e-mail = the day both sides confirmed (default today)."""
    now = today()
    if channel not in Channel.values:
        raise ValidationError({"channel": "申请渠道无效"})
    if channel == Channel.ONLINE:
        return now
    if channel in _DATE_REQUIRED and given is None:
        raise ValidationError({"received_on": _DATE_REQUIRED[channel]})
    day = given or now
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    if day > now:
        raise ValidationError({"received_on": "收到申请日期不能晚于今天"})
    return day


def _normal(value):
    return " ".join(str(value if value is not None else "").split())


def _fingerprint(portal, data):
    """The same applicant asking for the same information (the duplicate check)."""
    parts = [str(portal.pk)] + [_normal(data.get(f)) for f in ("applicant_name", "id_number", "description")]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _payload_digest(portal, data, channel, received_on, attachments):
    """Everything submitted, attachments' contents included: what an idempotency key is bound to."""
    parts = [str(portal.pk), _normal(channel), _normal(received_on)]
    parts += [f"{f}={_normal(data.get(f))}" for f in APPLICANT_FIELDS]
    for uploaded in attachments:
        content = hashlib.sha256()
        uploaded.seek(0)
        for chunk in uploaded.chunks():
            content.update(chunk)
        uploaded.seek(0)
        parts.append(f"{os.path.basename(uploaded.name or '')}:{uploaded.size}:{content.hexdigest()}")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


# -- refusals: nothing stored, and nothing about another submission given away ----------------


class IntakeRefused(ValidationError):
    """A submission refused before anything is stored. ``status`` and ``api_code`` are the public
    API's answer; the message (Chinese) never names another submission or its tracking code."""

    status = 400
    api_code = "invalid"


class InvalidIdempotencyKey(IntakeRefused):
    def __init__(self):
        super().__init__({"idempotency_key": f"Idempotency-Key 须为 1–{IDEMPOTENCY_KEY_MAX} 个可见 ASCII 字符"})


class IdempotencyConflict(IntakeRefused):
    status = 409
    api_code = "idempotency_conflict"

    def __init__(self):
        super().__init__("该提交标识（Idempotency-Key）已用于另一份内容不同的申请；提交新的申请请使用新的提交标识")


class DuplicateSubmission(IntakeRefused):
    """The same applicant and description again within DISCLOSURE_DUPLICATE_WINDOW. ``existing`` is
    for callers that know the submitter is the same (the form's own session, staff); the public
    API says no more than the message."""

    status = 409
    api_code = "duplicate"

    def __init__(self, existing=None):
        super().__init__(
            "相同的申请（申请人、证件号码和所需信息相同）刚刚已经提交，请勿重复提交；查询码已在首次提交后的回执中告知"
        )
        self.existing = existing


IDEMPOTENCY_KEY_MAX = 64
_KEY_PATTERN = re.compile(rf"[\x21-\x7e]{{1,{IDEMPOTENCY_KEY_MAX}}}")


def clean_idempotency_key(key):
    """None for no key; a key longer than 64 characters (or with spaces, control or non-ASCII
    characters) is refused, never truncated into somebody else's key."""
    if key is None:
        return None
    key = key.strip()
    if not key:
        return None
    if not _KEY_PATTERN.fullmatch(key):
        raise InvalidIdempotencyKey()
    return key


def _replay(existing, digest):
    """The stored request for a retry of the same submission; a different payload under the same
    key is a conflict (409), so a key never hands out another applicant's tracking code."""
    if existing.payload_digest and hmac.compare_digest(existing.payload_digest, digest):
        return existing, False
    raise IdempotencyConflict()


# -- claims: the duplicate check and the receipt limit, held by a unique row --------------------


def _claim(key, seconds, now, disclosure_request=None):
    """Take ``key`` for ``seconds`` inside the caller's transaction: True when this submission holds
    it now. Concurrent claimants of one key wait for the holder's commit and then fail on the
    unique constraint (PostgreSQL), or never overlap at all (SQLite's IMMEDIATE transactions)."""
    IntakeClaim.objects.filter(key=key, created_at__lte=now - datetime.timedelta(seconds=seconds)).delete()
    try:
        with transaction.atomic():
            IntakeClaim.objects.create(key=key, disclosure_request=disclosure_request, created_at=now)
    except IntegrityError:
        return False
    return True


def _receipt_key(email):
    digest = salted_hmac("gongkai.disclosure-receipt", email.strip().lower(), algorithm="sha256").hexdigest()
    return f"receipt:{digest}"


def purge_expired_claims(now=None):
    """Drop claims older than any window (the daily job; claims are also renewed one by one)."""
    now = now or timezone.now()
    longest = max(setting("DISCLOSURE_DUPLICATE_WINDOW", 600), setting("DISCLOSURE_RECEIPT_INTERVAL", 3600))
    return IntakeClaim.objects.filter(created_at__lte=now - datetime.timedelta(seconds=longest)).delete()[0]


def receipt_message(instance):
    """The applicant's receipt: the tracking code and the link to the status page, nothing else
    (the address is not confirmed, so nothing the submitter typed goes to it)."""
    link = setting("WAGTAILADMIN_BASE_URL", "").rstrip("/") + reverse("disclosure_request_status")
    return (
        "政府信息公开申请回执",
        f"您的政府信息公开申请已收到。\n查询码：{instance.tracking_code}\n"
        f"收到申请日期：{instance.received_on}（{instance.received_rule}）\n查询办理进度：{link}\n",
        [instance.email],
    )


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
    portal,
    data,
    attachments=(),
    channel=Channel.ONLINE,
    received_on=None,
    idempotency_key=None,
    user=None,
    assisted=False,
):
    """Store a new request and return ``(disclosure_request, created)``.

    The request, its attachments and its first event are written in one transaction before
    anything else happens; mails go out after the commit. A retry with the same
    ``idempotency_key`` (the public form sends one per rendered form) and the same payload returns
    the stored request (``created`` False); the same key with another payload raises
    ``IdempotencyConflict``. The same applicant and description again within
    ``DISCLOSURE_DUPLICATE_WINDOW`` seconds raises ``DuplicateSubmission``: nobody learns another
    submission's tracking code. Both checks hold under concurrency (``IntakeClaim``).
    ``assisted``: staff wrote the application for the applicant (Arts. 29, 43); an oral request
    always is, and needs the staff ``user``.
    """
    key = clean_idempotency_key(idempotency_key)
    attachments = list(attachments)
    digest = _payload_digest(portal, data, channel, received_on, attachments)
    if key:
        existing = DisclosureRequest.objects.filter(idempotency_key=key).first()
        if existing:
            return _replay(existing, digest)
    fingerprint = _fingerprint(portal, data)
    assisted = bool(assisted) or channel == Channel.ORAL
    if assisted and not (user and user.is_authenticated):
        raise ValidationError({"channel": "口头申请或代为填写的申请须由工作人员登记"})

    fields = {f: data.get(f) for f in APPLICANT_FIELDS if data.get(f) is not None}
    day = received_date(channel, received_on)
    instance = DisclosureRequest(
        portal=portal,
        channel=channel,
        received_on=day,
        clock_start_on=day,
        idempotency_key=key,
        payload_digest=digest,
        fingerprint=fingerprint,
        assisted=assisted,
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
            now = timezone.now()
            duplicate_key = f"dup:{fingerprint}"
            if not _claim(duplicate_key, setting("DISCLOSURE_DUPLICATE_WINDOW", 600), now):
                existing = IntakeClaim.objects.filter(key=duplicate_key).select_related("disclosure_request").first()
                existing = existing.disclosure_request if existing else None
                if key and existing is not None and existing.idempotency_key == key:
                    return _replay(existing, digest)  # a concurrent retry of this very submission
                raise DuplicateSubmission(existing)
            _refresh_deadline(instance)
            instance.save()
            IntakeClaim.objects.filter(key=duplicate_key).update(disclosure_request=instance)
            for uploaded, name in zip(attachments, names):
                RequestAttachment.objects.create(
                    disclosure_request=instance, file=uploaded, original_name=name, size=uploaded.size
                )
            log(
                instance,
                "received",
                f"已收到申请（{instance.get_channel_display()}），收到日期 {day.isoformat()}。{instance.received_rule}"
                + ("；工作人员代为填写申请" if assisted else ""),
                user=user,
                note=f"代为填写：{user.get_full_name() or user.get_username()}" if assisted else "",
            )
            receipt = bool(instance.email) and _claim(
                _receipt_key(instance.email), setting("DISCLOSURE_RECEIPT_INTERVAL", 3600), now, instance
            )
    except IntegrityError:
        if key:
            existing = DisclosureRequest.objects.filter(idempotency_key=key).first()
            if existing:  # a concurrent double submit won the race
                return _replay(existing, digest)
        raise

    _send_after_commit(
        f"【依申请公开】新申请 {instance.tracking_code}",
        f"收到新的政府信息公开申请。\n查询码：{instance.tracking_code}\n收到日期：{day}\n"
        f"答复期限：{instance.due_display()}\n",
        office_recipients(portal),
    )
    if receipt:  # at most one per address per DISCLOSURE_RECEIPT_INTERVAL (default an hour)
        _send_after_commit(*receipt_message(instance))
    return instance, True
