"""互动交流: questions (政务咨询) and consultations (意见征集)."""

from .consultations import (
    DEFAULT_PERIOD_DAYS,
    Adoption,
    Consultation,
    ConsultationComment,
    ConsultationState,
    Moderation,
)
from .questions import (
    OPEN_QUESTION_STATES,
    VETO_MONTHS,
    Question,
    QuestionCategory,
    QuestionState,
    answered_after_veto_limit,
    months_before,
    new_question_code,
)

__all__ = [
    "DEFAULT_PERIOD_DAYS",
    "Adoption",
    "Consultation",
    "ConsultationComment",
    "ConsultationState",
    "Moderation",
    "OPEN_QUESTION_STATES",
    "VETO_MONTHS",
    "Question",
    "QuestionCategory",
    "QuestionState",
    "answered_after_veto_limit",
    "months_before",
    "new_question_code",
]
