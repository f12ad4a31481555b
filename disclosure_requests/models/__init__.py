"""Disclosure on request (依申请公开): requests, their history, consultations, attachments,
answer templates and the office's working-day calendar for years chinesecalendar lacks.

The tables were created when these models lived in ``workflows/`` and keep their names
(``workflows_*``); the app's 0001 migration moved them by state only."""

from .answer_numbers import DEFAULT_NUMBER_PREFIX, AnswerNumberSequence, AnswerSettings
from .calendar import WorkCalendarDay, WorkCalendarYear
from .choices import (
    CLOCK_STATES,
    OPEN_STATES,
    RECEIVED_RULES,
    ApplicantType,
    Channel,
    Delivery,
    FeeMethod,
    IdType,
    OrganizationKind,
    PreferredForm,
    RequestState,
)
from .disclosure_request import (
    DisclosureRequest,
    RequestAttachment,
    RequestConsultation,
    RequestEvent,
    new_tracking_code,
    private_storage,
)
from .intake_claim import IntakeClaim
from .templates import DEFAULT_ANSWER_BODY, AnswerTemplate

__all__ = [
    "WorkCalendarYear",
    "WorkCalendarDay",
    "DisclosureRequest",
    "RequestAttachment",
    "RequestConsultation",
    "RequestEvent",
    "IntakeClaim",
    "AnswerTemplate",
    "AnswerSettings",
    "AnswerNumberSequence",
    "DEFAULT_NUMBER_PREFIX",
    "RequestState",
    "Channel",
    "ApplicantType",
    "OrganizationKind",
    "FeeMethod",
    "IdType",
    "PreferredForm",
    "Delivery",
    "OPEN_STATES",
    "CLOCK_STATES",
    "RECEIVED_RULES",
    "DEFAULT_ANSWER_BODY",
    "new_tracking_code",
    "private_storage",
]
