"""Disclosure on request (依申请公开): intake, handling and deadlines as plain functions, one
module per capability, all importable from ``disclosure_requests.services``.

The public form, the admin and the staff API call these; none of them needs HTTP.
Every state change runs in one transaction on a locked row, is checked against the
transitions table (transitions.py) and writes a ``RequestEvent``. Notifications go out
only after the commit and never undo anything.
"""

from pages.permissions import is_office, office_portals, staff_departments

from ..models import CLOCK_STATES, DisclosureRequest
from .answering import (
    AnswerDetailsMissing,
    allocate_answer_number,
    answer,
    answer_on_the_spot,
    pick_template,
    regenerate_answer_document,
)
from .applicant import (
    WITHDRAW_MAX_FAILURES,
    find_by_code,
    normalize_code,
    public_timeline,
    withdraw_by_applicant,
    withdrawal_secret,
)
from .clock import answer_working_days, recompute_provisional_deadlines, refresh_deadline, urgency
from .common import (
    APPLICANT_FIELDS,
    PERSONAL_FIELDS,
    RequestError,
    can_handle,
    can_view_personal_data,
    department_recipients,
    in_department,
    log,
    office_recipients,
    require,
    setting,
    today,
    visible_requests,
)
from .consultations import end_consultation, lapse_consultations, start_consultation
from .fees import applicant_month_number, expire_fees, issue_fee_notice, record_fee_payment, standard_fee
from .handling import (
    assign,
    close,
    expire_corrections,
    extend,
    mark_abandoned,
    receive_correction,
    record_delivery,
    request_correction,
    withdraw,
)
from .intake import (
    ATTACHMENT_SIGNATURES,
    DuplicateSubmission,
    IdempotencyConflict,
    IntakeRefused,
    InvalidIdempotencyKey,
    clean_idempotency_key,
    purge_expired_claims,
    received_date,
    submit_request,
    validate_applicant,
    validate_attachment,
)
from .mass_requests import defer_answer, request_reasons
from .records import RECORD_OUTCOMES, correct_records, propose_proactive
from .signoff import draft_preview, prepare_answer, return_answer, sign_off_answer

__all__ = [
    "WITHDRAW_MAX_FAILURES",
    "find_by_code",
    "normalize_code",
    "public_timeline",
    "withdraw_by_applicant",
    "withdrawal_secret",
    "answer_working_days",
    "recompute_provisional_deadlines",
    "refresh_deadline",
    "urgency",
    "APPLICANT_FIELDS",
    "PERSONAL_FIELDS",
    "RequestError",
    "can_handle",
    "can_view_personal_data",
    "department_recipients",
    "in_department",
    "log",
    "office_recipients",
    "require",
    "setting",
    "today",
    "visible_requests",
    "expire_fees",
    "applicant_month_number",
    "standard_fee",
    "issue_fee_notice",
    "record_fee_payment",
    "answer",
    "answer_on_the_spot",
    "draft_preview",
    "prepare_answer",
    "return_answer",
    "sign_off_answer",
    "defer_answer",
    "request_reasons",
    "RECORD_OUTCOMES",
    "correct_records",
    "propose_proactive",
    "AnswerDetailsMissing",
    "allocate_answer_number",
    "assign",
    "close",
    "end_consultation",
    "expire_corrections",
    "extend",
    "lapse_consultations",
    "mark_abandoned",
    "pick_template",
    "receive_correction",
    "record_delivery",
    "regenerate_answer_document",
    "request_correction",
    "start_consultation",
    "withdraw",
    "ATTACHMENT_SIGNATURES",
    "DuplicateSubmission",
    "IdempotencyConflict",
    "IntakeRefused",
    "InvalidIdempotencyKey",
    "clean_idempotency_key",
    "purge_expired_claims",
    "received_date",
    "submit_request",
    "validate_applicant",
    "validate_attachment",
    "is_office",
    "office_portals",
    "staff_departments",
    "CLOCK_STATES",
    "DisclosureRequest",
]
