"""The rules of the two state machines of this app, one table each.

For every action: the states it is allowed in, whether only the disclosure office may take it,
and a precondition on the object itself. The services check it (``refusal``) under the row lock;
the admin offers exactly what it allows (``available``). States change in the services only.
"""

from dataclasses import dataclass, field

from .models import ConsultationState, QuestionState

Q = QuestionState
C = ConsultationState


@dataclass(frozen=True)
class Transition:
    verb: str  # 不能{verb}
    states: tuple
    office_only: bool = False
    # (object, today) → the reason it is refused now, or "" when it is allowed.
    precondition: object = field(default=lambda obj, today: "")


QUESTION_TRANSITIONS = {
    "assign": Transition("分派", (Q.RECEIVED, Q.ASSIGNED), office_only=True),
    "answer": Transition("答复", (Q.ASSIGNED,)),
    "dismiss": Transition("不予受理", (Q.RECEIVED, Q.ASSIGNED), office_only=True),
    "publish": Transition(
        "提交公开",
        (Q.ANSWERED,),
        precondition=lambda q, today: (
            "留言人未同意公开，答复不能公开"
            if not q.consent_to_publish
            else ("答复已生成公开信息，请在公开信息中提交审核" if q.answer_entry_id else "")
        ),
    ),
}


def _feedback_precondition(consultation, today):
    if not consultation.period_over(today):
        return f"征集期至 {consultation.closes_on} 截止，截止后才能整理反馈情况"
    if consultation.comments.filter(moderation="pending").exists():
        return "尚有待审核的意见，请先审核全部意见"
    if consultation.comments.filter(moderation="accepted", adoption="").exists():
        return "尚有有效意见未填写采纳情况"
    return ""


def _close_precondition(consultation, today):
    from pages.models import DisclosureEntry

    entry = consultation.feedback_entry_id
    if not entry or not DisclosureEntry.objects.disclosed(today).filter(pk=entry).exists():
        return "反馈情况公开发布后才能结束意见征集"
    return ""


CONSULTATION_TRANSITIONS = {
    "feedback": Transition("整理反馈情况", (C.OPEN,), office_only=True, precondition=_feedback_precondition),
    "close": Transition("结束意见征集", (C.FEEDBACK,), office_only=True, precondition=_close_precondition),
}


def refusal(table, obj, name, today=None):
    """Why ``name`` cannot be taken on ``obj`` now ("" when it can), whoever asks."""
    from django.utils import timezone

    transition = table[name]
    if obj.state not in transition.states:
        return f"当前状态为“{obj.get_state_display()}”，不能{transition.verb}"
    return transition.precondition(obj, today or timezone.localdate())


def available(table, obj, office):
    """The actions allowed now, in table order; ``office``: whether the user is the disclosure office."""
    return [name for name, t in table.items() if (office or not t.office_only) and not refusal(table, obj, name)]
