"""Anti-spam for public forms: a honeypot field and, only when the honeypot is filled or the
per-address limit trips, a simple arithmetic question served by the project itself (no image
captcha, no outside service). Past a hard limit (``HARD_FACTOR`` × the limit) the form refuses.

A person who trips either check keeps everything typed: the form comes back with the question.
A leaf module: it imports no app, so every layer may use it.
"""

import secrets
import unicodedata
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache

from cms.throttle import throttled

HONEYPOT_FIELD = "homepage"
TOKEN_FIELD = "check_token"
ANSWER_FIELD = "check_answer"
HARD_FACTOR = 4
TOKEN_SECONDS = 1800
SALT = "gongkai.antispam"
CHINESE_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Gate:
    """The verdict on one POST: ``passed``, or a question to ask (with ``status``), or refused."""

    passed: bool = True
    refused: bool = False
    status: int = 200
    question: str = ""
    token: str = ""
    message: str = ""
    error: str = ""


def check(request, scope, limit, window):
    """Count this POST against the limits and judge it. Call once per submission."""
    over = throttled(request, scope, limit, window)
    if throttled(request, f"{scope}:hard", limit * HARD_FACTOR, window):
        return Gate(passed=False, refused=True, status=429)
    trapped = bool(request.POST.get(HONEYPOT_FIELD, "").strip())
    if not (over or trapped):
        return Gate()
    answered, error = _answered(request, scope)
    if answered:
        return Gate()
    if over:
        message = "您的提交次数较多。为确认是本人提交，请回答下面的问题后再次提交，已填写的内容已保留。"
    else:
        message = "为确认是本人提交，请回答下面的问题后再次提交，已填写的内容已保留。"
    return ask(scope, status=429 if over else 400, message=message, error=error)


def ask(scope, status=400, message="", error=""):
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"s": scope, "a": a + b, "n": secrets.token_hex(8)}, salt=SALT)
    question = f"{a} 加 {b} 等于几？"
    return Gate(passed=False, status=status, question=question, token=token, message=message, error=error)


def _answered(request, scope):
    """(True, "") for a right answer to an unused question of this scope; else (False, why)."""
    token = request.POST.get(TOKEN_FIELD, "")
    if not token:
        return False, ""
    try:
        payload = signing.loads(token, salt=SALT, max_age=TOKEN_SECONDS)
    except signing.SignatureExpired:
        return False, "验证问题已过期，请回答新的问题"
    except signing.BadSignature:
        return False, ""
    if not isinstance(payload, dict) or payload.get("s") != scope:
        return False, ""
    # Each question is answered once, right or wrong, so it cannot be tried answer by answer.
    if not cache.add(f"gongkai:antispam:used:{payload.get('n')}", 1, timeout=TOKEN_SECONDS + 5):
        return False, "该验证问题已使用，请回答新的问题"
    if parse_number(request.POST.get(ANSWER_FIELD, "")) != payload.get("a"):
        return False, "答案不正确，请重新回答"
    return True, ""


def parse_number(text):
    """An answer as typed: "7", full-width "７", or 汉字 "七" / "十二" / "一十五"; None if not a number."""
    text = unicodedata.normalize("NFKC", str(text or "")).strip().rstrip("。.")
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(ch not in CHINESE_DIGITS + "十" for ch in text) or text.count("十") > 1:
        return None
    if "十" not in text:
        return int("".join(str(CHINESE_DIGITS.index(ch)) for ch in text)) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (CHINESE_DIGITS.index(tens) if tens else 1) * 10 + (CHINESE_DIGITS.index(ones) if ones else 0)
