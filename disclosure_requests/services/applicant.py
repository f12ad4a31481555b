"""What the applicant does without an account: find a request by its code, see its public
timeline, withdraw it online."""

import hmac
import logging

from django.core.cache import cache
from django.utils import timezone

from ..models import (
    DisclosureRequest,
)
from .common import RequestError
from .handling import withdraw

logger = logging.getLogger(__name__)

# -- online withdrawal by the applicant -------------------------------------------------------

WITHDRAW_MAX_FAILURES = 5  # wrong second factors per request and hour, then locked for the hour


def normalize_code(code):
    """Tracking codes are accepted without dashes, in lower case and with spaces."""
    code = "".join(str(code or "").split()).upper()
    if len(code) == 16 and "-" not in code:
        code = "-".join(code[i : i + 4] for i in range(0, 16, 4))
    return code


def find_by_code(code):
    code = normalize_code(code)
    return DisclosureRequest.objects.filter(tracking_code=code).select_related("portal").first() if code else None


def withdrawal_secret(disclosure_request):
    """The second factor: the last 4 digits of the contact phone given at intake, or the last
    4 characters of the ID number when no phone was given."""
    digits = "".join(ch for ch in disclosure_request.phone if ch.isdigit())
    source = digits or "".join(ch for ch in disclosure_request.id_number if ch.isalnum()).upper()
    return source[-4:]


def withdraw_by_applicant(code, verification):
    """The applicant withdraws online with the tracking code and the second factor.
    Errors never tell whether the code exists or only the second factor was wrong."""
    disclosure_request = find_by_code(code)
    wrong = RequestError("查询码或验证信息不正确")
    if disclosure_request is None:
        raise wrong
    failures_key = f"gongkai:withdraw-failures:{disclosure_request.pk}"
    if (cache.get(failures_key) or 0) >= WITHDRAW_MAX_FAILURES:
        raise RequestError("验证失败次数过多，请1小时后再试")
    secret = withdrawal_secret(disclosure_request)
    given = "".join(str(verification or "").split()).upper()
    if len(secret) < 4 or not hmac.compare_digest(given.encode(), secret.encode()):
        cache.add(failures_key, 0, timeout=3600)
        try:
            cache.incr(failures_key)
        except ValueError:
            cache.set(failures_key, 1, timeout=3600)
        raise wrong
    if not disclosure_request.is_open:
        raise RequestError(f"申请当前状态为“{disclosure_request.get_state_display()}”，不能撤回")
    return withdraw(disclosure_request, note="申请人在线撤回（查询码及联系电话后4位验证）")


def public_timeline(disclosure_request):
    """What the status page shows: dates, states and public texts only."""
    return [
        {"at": timezone.localtime(e.created_at), "state": e.get_state_display(), "text": e.public_text}
        for e in disclosure_request.events.all()
    ]
