"""征求意见 (条例 Arts. 32, 34): the consultation pauses the answer clock up to its reply deadline,
15 working days after the party received the letter; then it lapses and the clock runs again."""

from django.db import transaction

from .. import deadlines
from ..models import RequestConsultation, RequestState
from .clock import _refresh_deadline
from .common import RequestError, _locked, log, require, today


def start_consultation(disclosure_request, user, kind, party, started_on=None, note="", letter_received_on=None):
    """Art. 32 (third party) / Art. 34 (another body): the reply is due 15 working days after the
    party received the letter (``letter_received_on``, default the day it went out)."""
    started_on = started_on or today()
    letter_received_on = letter_received_on or started_on
    if letter_received_on < started_on:
        raise RequestError("对方收到征求意见书的日期不能早于发出日期")
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "consult")
        reply_deadline = (
            deadlines.third_party_reply_deadline if kind == "third_party" else deadlines.other_body_reply_deadline
        )
        consultation = RequestConsultation.objects.create(
            disclosure_request=locked,
            kind=kind,
            party=party,
            started_on=started_on,
            letter_received_on=letter_received_on,
            note=note,
            reply_due_on=reply_deadline(letter_received_on).due,
        )
        locked.state = RequestState.CONSULTING
        _refresh_deadline(locked)
        locked.save()
        log(
            locked,
            "consultation_started",
            f"{consultation.get_kind_display()}，征求意见期间（至多{deadlines.THIRD_PARTY_REPLY_WORKING_DAYS}个工作日）"
            "不计入答复期限",
            user=user,
            note=f"征求对象：{party}\n{note}".strip(),
        )
    return consultation


LAPSED_TEXT = {
    "third_party": "第三方逾期未提出意见，由本机关依照条例规定决定是否公开，答复期限恢复计算",
    "other_body": "其他机关逾期未答复，视为同意公开，答复期限恢复计算",
}


def end_consultation(consultation, user=None, ended_on=None, note="", lapsed=False, objected=False):
    """The reply came (or the deadline passed: ``lapsed``). ``objected``: a third party does not
    agree to disclosure — disclosing anyway needs the written notice of Art. 32 (answering.py)."""
    with transaction.atomic():
        locked = _locked(consultation.disclosure_request)
        require(locked, "consult_end")
        consultation = RequestConsultation.objects.get(pk=consultation.pk)
        if consultation.ended_on:
            raise RequestError("该征求意见已结束")
        ended_on = ended_on or today()
        if ended_on < consultation.started_on:
            raise RequestError("结束日期不能早于发出日期")
        consultation.ended_on = ended_on
        consultation.lapsed = lapsed
        consultation.objected = bool(objected) and consultation.kind == "third_party" and not lapsed
        consultation.note = "\n".join(x for x in (consultation.note, note) if x)
        consultation.save()
        if not locked.consultations.filter(ended_on=None).exists() and locked.state == RequestState.CONSULTING:
            locked.state = RequestState.EXTENDED if locked.extension_days else RequestState.PROCESSING
        _refresh_deadline(locked)
        locked.save()
        public = LAPSED_TEXT[consultation.kind] if lapsed else "征求意见结束"
        log(
            locked,
            "consultation_lapsed" if lapsed else "consultation_ended",
            f"{public}，答复期限：{locked.due_display()}",
            user=user,
            note=note,
        )
    return consultation


def lapse_consultations(on=None):
    """Consultations whose reply deadline passed without a reply end by themselves on that
    deadline (the daily job): the answer clock runs again. Returns how many."""
    on = on or today()
    count = 0
    for consultation in RequestConsultation.objects.filter(
        ended_on=None, reply_due_on__lt=on, disclosure_request__state=RequestState.CONSULTING
    ):
        try:
            end_consultation(consultation, None, consultation.reply_due_on, lapsed=True)
        except RequestError:
            continue
        count += 1
    return count
