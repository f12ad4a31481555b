"""What the public intakes of the middle layer share (依申请公开 in ``disclosure_requests``,
政务咨询 in ``interaction``), which may not import each other: the receipt a browser keeps after
submitting, and the JSON API's error schema, error mapping, tracking-code lookup and reply.

A leaf module: it imports no app, so every layer may use it.
"""

import time

from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

# The receipt (with the tracking code) is shown for an hour on this browser only: a shared
# computer must not keep it, and the code is never in a URL.
RECEIPT_SECONDS = 3600


def keep_receipt(request, session_key, pk):
    request.session[session_key] = {"pk": pk, "at": time.time()}


def receipt_pk(request, session_key):
    """The pk this browser submitted last, however long ago."""
    saved = request.session.get(session_key) or {}
    return saved.get("pk") if isinstance(saved, dict) else None


def fresh_receipt_pk(request, session_key):
    """The pk this browser submitted within the last hour, else None."""
    saved = request.session.get(session_key) or {}
    fresh = isinstance(saved, dict) and time.time() - saved.get("at", 0) < RECEIPT_SECONDS
    return saved["pk"] if fresh else None


# -- the JSON API ------------------------------------------------------------------------------


def error_serializer(name):
    """The schema of the API's error body (the staff request API's too), under the component name ``name``."""
    return inline_serializer(
        name,
        {
            "code": serializers.CharField(),
            "message": serializers.CharField(),
            "errors": serializers.JSONField(allow_null=True),
        },
    )


def idempotency_key_header(description):
    return OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, description=description)


def portal_field():
    return serializers.SlugField(help_text="受理机关（门户 slug）")


def api_validation_error(exc):
    """A Django ValidationError from a service as the API's 400."""
    return exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


def found_by_code(request, find_by_code):
    """What the posted tracking code names: 400 without a code, 404 for an unknown one."""
    code = request.data.get("code") if hasattr(request.data, "get") else None
    if not isinstance(code, str) or not code.strip():
        raise exceptions.ValidationError({"code": "请填写查询码"})
    found = find_by_code(code)
    if found is None:
        raise exceptions.NotFound("查询码不存在，请核对后重试")
    return found


def intake_response(payload, created):
    """201 for a new submission, 200 for the retry that found it (same Idempotency-Key)."""
    return Response(payload, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
