"""The rules of the disclosure-request state machine, in one place.

For every handling action: the states it is allowed in, whether only the disclosure office may
take it, and a precondition on the request itself. The services check it (``require``) under
the row lock; the admin's handling page and the staff API offer exactly what it allows
(``available``). States are changed by the services, never here.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from .models import OPEN_STATES, Channel, RequestState

S = RequestState
ANSWERABLE = (S.RECEIVED, S.PROCESSING, S.EXTENDED)
# Requests made to the office's face: the only ones that can be answered on the spot.
ON_THE_SPOT_CHANNELS = (Channel.IN_PERSON, Channel.ORAL)


def _deadline_passed(r, what):
    """An extension or a fee notice is possible only while the current answer deadline runs."""
    if r.due_on and timezone.localdate() > r.due_on:
        return f"答复期限（{r.due_on}）已过，不能{what}"
    return ""


def _on_the_spot(r):
    """Art. 33: 能够当场答复的，应当当场予以答复 — at the counter, the day the request is made."""
    if r.channel not in ON_THE_SPOT_CHANNELS:
        return "只有当面或口头提出的申请可以当场答复"
    if r.received_on != timezone.localdate():
        return "当场答复须在收到申请当日作出；不能当场答复的，应在答复期限内答复"
    if r.fee_pending:
        return "申请人尚未缴纳信息处理费，不能当场答复"
    return ""


@dataclass(frozen=True)
class Transition:
    verb: str  # 不能{verb}
    states: tuple
    office_only: bool = False
    # (disclosure_request) → the reason it is refused now, or "" when it is allowed.
    precondition: object = field(default=lambda disclosure_request: "")


TRANSITIONS = {
    "assign": Transition("分派", tuple(OPEN_STATES), office_only=True),
    "correction": Transition(
        "要求补正",
        (S.RECEIVED, S.PROCESSING),
        precondition=lambda r: "补正只能一次性告知，本申请已告知过补正" if r.correction_notified_on else "",
    ),
    # 视为放弃 for want of a correction is undone by a late correction with a good reason (Art. 30).
    "corrected": Transition(
        "接收补正",
        (S.CORRECTION, S.ABANDONED),
        precondition=lambda r: "申请已终结，不能接收补正"
        if r.state == S.ABANDONED and r.answer_type != "other_1"
        else "",
    ),
    "consult": Transition("征求意见", ANSWERABLE),
    "consult_end": Transition("结束征求意见", (S.CONSULTING,)),
    "extend": Transition(
        "延期",
        (S.RECEIVED, S.PROCESSING, S.CONSULTING),
        office_only=True,
        precondition=lambda r: "答复期限只能延长一次" if r.extension_days else _deadline_passed(r, "延期"),
    ),
    "fee_notice": Transition(
        "发出收费通知",
        (S.RECEIVED, S.PROCESSING, S.EXTENDED, S.CONSULTING),
        office_only=True,
        precondition=lambda r: "本申请已发出过收费通知" if r.fee_notified_on else _deadline_passed(r, "发出收费通知"),
    ),
    "fee_paid": Transition(
        "登记缴费", tuple(OPEN_STATES), precondition=lambda r: "" if r.fee_pending else "本申请没有待缴纳的信息处理费"
    ),
    "answer": Transition(
        "答复",
        ANSWERABLE,
        precondition=lambda r: "申请人尚未缴纳信息处理费，缴费或缴费期限届满前不能答复" if r.fee_pending else "",
    ),
    # The office answers at the counter, before any assignment; counted like any answer (0 working days).
    "answer_on_the_spot": Transition("当场答复", (S.RECEIVED,), office_only=True, precondition=_on_the_spot),
    # The office signs off (签发) the 答复 a department or an office clerk prepared, after the
    # preview; or sends it back. Only then is it numbered, issued and counted.
    "sign_off": Transition(
        "签发答复",
        ANSWERABLE,
        office_only=True,
        precondition=lambda r: "" if r.answer_draft else "没有待签发的答复，请先拟定答复",
    ),
    "return_answer": Transition(
        "退回拟定的答复",
        ANSWERABLE,
        office_only=True,
        precondition=lambda r: "" if r.answer_draft else "没有待签发的答复",
    ),
    # Art. 35: ask for reasons once; a later answer date only after asking, and only once.
    "mass_reasons": Transition(
        "要求说明理由",
        ANSWERABLE,
        office_only=True,
        precondition=lambda r: "已要求申请人说明理由" if r.reasons_requested_on else "",
    ),
    "defer": Transition(
        "延迟答复",
        ANSWERABLE,
        office_only=True,
        precondition=lambda r: "须先要求申请人说明理由（第三十五条）"
        if not r.reasons_requested_on
        else ("已确定延迟答复期限" if r.deferred_due_on else ""),
    ),
    "deliver": Transition("登记送达", (S.ANSWERED,)),
    "close": Transition("结案", (S.ANSWERED,)),
    # Ending a request on the applicant's word is the office's decision, not the department's.
    "withdraw": Transition("撤回", tuple(OPEN_STATES), office_only=True),
    "abandon": Transition("标记视为放弃", (S.CORRECTION,), office_only=True),
    # Art. 41: correcting records about the applicant; Art. 44: what was provided becomes proactive.
    "records": Transition("处理更正申请", ANSWERABLE + (S.ANSWERED, S.CLOSED)),
    "propose_proactive": Transition(
        "转为主动公开",
        (S.ANSWERED, S.CLOSED),
        precondition=lambda r: ""
        if r.answer_type in ("disclose", "partial")
        else "只有予以公开或部分公开的信息可以转为主动公开",
    ),
}


def refusal(disclosure_request, name):
    """Why ``name`` cannot be taken on ``disclosure_request`` now ("" when it can), whoever asks. The
    request's own reason (补正 already given once …) comes first: it says more than the state."""
    transition = TRANSITIONS[name]
    reason = transition.precondition(disclosure_request)
    if not reason and disclosure_request.state not in transition.states:
        reason = f"当前状态为“{disclosure_request.get_state_display()}”，不能{transition.verb}"
    return reason


def available(disclosure_request, office):
    """The actions allowed now, in table order; ``office``: whether the user is the disclosure office."""
    return [
        name
        for name, t in TRANSITIONS.items()
        if (office or not t.office_only) and not refusal(disclosure_request, name)
    ]
