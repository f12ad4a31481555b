"""The answer (条例 Arts. 30, 35–39): the category table (三) counts, the form the 答复书 takes with
the details that form needs, the 答复书 number (per portal and year) and the document itself."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q

from ..answer_kinds import DETAIL_LABELS, OVERRIDE_FIELDS, clean_details
from ..answers import ANSWER_TYPE_CODES, answer_type_display, render_answer_docx
from ..models import AnswerNumberSequence, AnswerSettings, AnswerTemplate, RequestState
from .common import RequestError, _copy, _locked, _send_after_commit, is_office, log, require, today


class AnswerDetailsMissing(RequestError):
    """The answer form lacks details it needs; ``errors`` maps the form's fields to messages."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("；".join(errors.values()))


def pick_template(disclosure_request, answer_type, kind=""):
    """The portal's own template before the shared one; by answer form, then category, then generic."""
    templates = AnswerTemplate.objects.filter(Q(portal=disclosure_request.portal) | Q(portal=None)).order_by(
        F("portal").desc(nulls_last=True), "pk"
    )
    kind = kind or disclosure_request.answer_kind
    return (
        (kind and templates.filter(answer_kind=kind).first())
        or templates.filter(answer_kind="", answer_group=answer_type).first()
        or templates.filter(answer_kind="", answer_group="").first()
        or AnswerTemplate(name="默认", title="政府信息公开申请答复书")
    )


def allocate_answer_number(locked):
    """Give the locked request its 答复书 文号 (某政公复〔2026〕12号) if it has none: the next serial of
    its portal in the answer's year, taken under the sequence row's lock (unique under concurrency;
    the unique constraint on portal, year and serial backs it)."""
    if locked.answer_serial:
        return locked.answer_number
    year = locked.answered_on.year
    AnswerNumberSequence.objects.get_or_create(portal_id=locked.portal_id, year=year)
    sequence = AnswerNumberSequence.objects.select_for_update().get(portal_id=locked.portal_id, year=year)
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    prefix = AnswerSettings.for_portal(locked.portal).number_prefix
    locked.answer_year, locked.answer_serial = year, sequence.last_serial
    locked.answer_number = f"{prefix}〔{year}〕{sequence.last_serial}号"
    return locked.answer_number


def third_party_letter(locked, consultation):
    """Art. 32: the written notice to a third party whose objection the office overrides. Nothing
    about the applicant is in it."""
    details = locked.answer_details
    day = locked.answered_on
    return (
        f"{consultation.party}：\n"
        f"本机关于{consultation.started_on:%Y年%m月%d日}就一件政府信息公开申请征求您（单位）的意见，您（单位）不同意公开。"
        "本机关认为不公开可能对公共利益造成重大影响，根据《中华人民共和国政府信息公开条例》第三十二条的规定，决定予以公开。\n"
        f"决定公开的政府信息内容：{details['disclosed_content']}\n"
        f"理由：{details['public_interest']}\n"
        f"{locked.portal.body_name}\n{day.year}年{day.month}月{day.day}日"
    )


def _render(disclosure_request, template):
    settings = AnswerSettings.for_portal(disclosure_request.portal)
    return render_answer_docx(disclosure_request, template, settings.review_body, settings.court)


def check_answer(disclosure_request, answer_type, kind, details, entries):
    """The answer's own checks (category, the form's details, the entries): (kind, details, entries)."""
    if answer_type not in ANSWER_TYPE_CODES:
        raise RequestError("办理结果必须是年度报告规定的类别之一")
    kind, details, errors = clean_details(answer_type, kind, details)
    if errors:
        raise AnswerDetailsMissing(errors)
    entries = list(entries)
    if entries and answer_type not in ("disclose", "partial"):
        raise RequestError("只有予以公开或部分公开的答复可以关联公开信息")
    if any(e.portal_id != disclosure_request.portal_id for e in entries):
        raise RequestError("关联的公开信息不属于受理机关")
    return kind, details, entries


def check_locked_answer(locked, answer_type, kind, details):
    """The checks that read the locked request: a third party's objection, Art. 35."""
    if answer_type in ("disclose", "partial") and locked.consultations.filter(kind="third_party", objected=True):
        missing = {
            k: f"第三方不同意公开，决定公开须填写{DETAIL_LABELS[k]}" for k in OVERRIDE_FIELDS if not details.get(k)
        }
        if missing:
            raise AnswerDetailsMissing(missing)
    if kind == "mass" and not locked.reasons_requested_on:
        raise RequestError("须先要求申请人说明理由（第三十五条），理由不合理的方可不予处理")


def answer(
    disclosure_request,
    user,
    answer_type,
    text="",
    entries=(),
    template=None,
    answered_on=None,
    kind="",
    details=None,
):
    """Record the decision (one of the official categories) in one of the answer forms with the
    details it needs, number it and generate the 答复书. This issues the answer: only the office
    does it (``sign_off_answer`` after a preview, or the office's own tools); everyone else
    prepares a draft with ``prepare_answer``."""
    if not is_office(user, disclosure_request.portal):
        raise RequestError("答复须经政务公开办签发：请拟定答复，由政务公开办审核签发")
    return _record_answer(disclosure_request, user, answer_type, text, entries, template, answered_on, kind, details)


def answer_on_the_spot(
    disclosure_request, user, answer_type, text="", entries=(), template=None, kind="", details=None
):
    """当场答复 (条例 Art. 33): the office answers a request made in person or orally on the day it is
    made. Registered like any request (received date, channel) and answered like any answer (form,
    number, 答复书, table (三)), dated the received day — 0 working days — and recorded as such."""
    if not is_office(user, disclosure_request.portal):
        raise RequestError("当场答复须由政务公开工作机构作出")
    return _record_answer(
        disclosure_request, user, answer_type, text, entries, template, None, kind, details, on_the_spot=True
    )


def _record_answer(
    disclosure_request, user, answer_type, text, entries, template, answered_on, kind, details, on_the_spot=False
):
    kind, details, entries = check_answer(disclosure_request, answer_type, kind, details, entries)
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "answer_on_the_spot" if on_the_spot else "answer")
        check_locked_answer(locked, answer_type, kind, details)
        objectors = list(locked.consultations.filter(kind="third_party", objected=True))
        locked.answer_type = answer_type
        locked.answer_kind = kind
        locked.answer_details = details
        locked.answer_text = text
        locked.answered_on = locked.received_on if on_the_spot else (answered_on or today())
        locked.answered_on_the_spot = on_the_spot
        locked.answered_by = user
        locked.state = RequestState.ANSWERED
        locked.answer_draft = {}
        allocate_answer_number(locked)
        locked.save()
        locked.answer_entries.set(entries)
        content = _render(locked, template or pick_template(locked, answer_type, kind))
        locked.answer_document.save(f"答复书-{locked.tracking_code}.docx", ContentFile(content), save=True)
        if objectors and answer_type in ("disclose", "partial"):
            for consultation in objectors:
                log(
                    locked,
                    "third_party_notice",
                    "已将决定公开的内容和理由书面告知第三方",
                    user=user,
                    note=third_party_letter(locked, consultation),
                )
        late = locked.due_on and locked.answered_on > locked.due_on
        log(
            locked,
            "answered",
            f"{'已当场答复' if on_the_spot else '已作出答复'}：{answer_type_display(answer_type)}（{locked.answer_number}）",
            user=user,
            note="（超过答复期限）" if late else "",
            data={"on_the_spot": True} if on_the_spot else None,
        )
    if locked.email:
        _send_after_commit(
            "政府信息公开申请答复",
            f"您的申请（查询码 {locked.tracking_code}）已答复：{answer_type_display(answer_type)}"
            f"（{locked.answer_number}）。\n答复书将按您选择的方式送达。\n",
            [locked.email],
        )
    return _copy(disclosure_request, locked)


def regenerate_answer_document(disclosure_request, template=None):
    template = template or pick_template(disclosure_request, disclosure_request.answer_type)
    disclosure_request.answer_document.save(
        f"答复书-{disclosure_request.tracking_code}.docx",
        ContentFile(_render(disclosure_request, template)),
        save=True,
    )
    return disclosure_request
