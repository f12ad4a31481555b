"""Four-eyes on the legal decision: a 答复 is prepared (拟定) by the department handling the
request (or an office clerk), previewed, and issued only when the disclosure office signs it off
(签发). Until then nothing is numbered, generated, sent or counted."""

import copy

from django.db import transaction
from django.utils import timezone

from ..answers import answer_paragraphs, answer_type_display
from ..models import AnswerSettings
from .answering import answer, check_answer, check_locked_answer, pick_template
from .common import (
    RequestError,
    _copy,
    _locked,
    _send_after_commit,
    department_recipients,
    is_office,
    log,
    office_recipients,
    require,
)


def _name(user):
    return user.get_full_name() or user.get_username()


def prepare_answer(disclosure_request, user, answer_type, text="", entries=(), kind="", details=None):
    """拟定答复: check the answer as ``answer`` would and keep it as a draft for the office's 签发.
    A later draft replaces an earlier one."""
    kind, details, entries = check_answer(disclosure_request, answer_type, kind, details, entries)
    office = is_office(user, disclosure_request.portal)
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "answer")
        check_locked_answer(locked, answer_type, kind, details)
        locked.answer_draft = {
            "answer_type": answer_type,
            "kind": kind,
            "details": details,
            "text": text,
            "entries": [e.pk for e in entries],
            "prepared_by": user.pk,
            "prepared_by_name": _name(user),
            "prepared_by_office": office,
            "prepared_at": timezone.now().isoformat(timespec="seconds"),
        }
        locked.save(update_fields=["answer_draft"])
        log(
            locked,
            "answer_prepared",
            "答复已拟定，待审核签发",
            user=user,
            note=f"拟定：{answer_type_display(answer_type)}",
        )
    if not office:
        _send_after_commit(
            "依申请公开：有答复待签发",
            f"申请 {locked.tracking_code} 的答复已由{_name(user)}拟定（{answer_type_display(answer_type)}），"
            "请在「依申请公开」中预览答复书并签发。\n",
            office_recipients(locked.portal),
        )
    return _copy(disclosure_request, locked)


def draft_preview(disclosure_request):
    """(title, paragraphs) of the 答复书 the draft would give, for the office to read before 签发;
    the 文号 is given only at 签发."""
    from pages.models import DisclosureEntry

    draft = disclosure_request.answer_draft
    if not draft:
        return None
    shown = copy.copy(disclosure_request)
    shown.answer_type, shown.answer_kind = draft["answer_type"], draft["kind"]
    shown.answer_details, shown.answer_text = draft["details"], draft["text"]
    shown.answer_number = "（签发时编号）"
    entries = list(DisclosureEntry.objects.filter(pk__in=draft["entries"], portal=disclosure_request.portal))
    settings = AnswerSettings.for_portal(disclosure_request.portal)
    template = pick_template(shown, draft["answer_type"], draft["kind"])
    return answer_paragraphs(shown, template, settings.review_body, settings.court, entries)


def sign_off_answer(disclosure_request, user, note=""):
    """签发: the office issues the prepared answer (numbered, 答复书 generated, applicant told).
    Nobody signs off an answer they prepared outside the office."""
    from pages.models import DisclosureEntry

    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "sign_off")
        if not is_office(user, locked.portal):
            raise RequestError("只有政务公开办可以签发答复")
        draft = locked.answer_draft
        if not draft.get("prepared_by_office") and draft.get("prepared_by") == user.pk:
            raise RequestError("拟定答复的人不能签发自己拟定的答复，请由政务公开办其他人员签发")
        entries = DisclosureEntry.objects.filter(pk__in=draft["entries"], portal=locked.portal)
        issued = answer(
            locked, user, draft["answer_type"], draft["text"], entries, kind=draft["kind"], details=draft["details"]
        )
        log(
            issued,
            "answer_signed_off",
            "答复已经政务公开办签发",
            user=user,
            note="；".join(filter(None, [f"拟稿：{draft['prepared_by_name']}", note])),
            data={"prepared_by": draft["prepared_by"]},
        )
    return _copy(disclosure_request, issued)


def return_answer(disclosure_request, user, comment):
    """退回: the office sends the draft back with its reasons; the department prepares it again."""
    if not (comment or "").strip():
        raise RequestError("退回须填写修改意见")
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "return_answer")
        draft = locked.answer_draft
        locked.answer_draft = {}
        locked.save(update_fields=["answer_draft"])
        log(
            locked,
            "answer_returned",
            "答复退回修改",
            user=user,
            note=f"退回{draft.get('prepared_by_name', '')}拟定的答复：{comment.strip()}",
        )
    if locked.department_id:
        _send_after_commit(
            "依申请公开：答复被退回修改",
            f"申请 {locked.tracking_code} 拟定的答复被政务公开办退回：{comment.strip()}\n请修改后重新拟定。\n",
            department_recipients(locked.department),
        )
    return _copy(disclosure_request, locked)
