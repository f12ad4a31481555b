"""The answer clock of each request: pauses (correction, consultation, fee), the stored
deadline, provisional deadlines and urgency — over the one working-day calculator (deadlines.py)."""

import logging

from .. import deadlines
from ..models import (
    OPEN_STATES,
    DisclosureRequest,
    RequestState,
)
from .common import log, setting, today

logger = logging.getLogger(__name__)


def _pauses(disclosure_request):
    if not disclosure_request.pk:
        return []
    # Consultation time counts from the day after the letter went out to the day the reply came,
    # at most to the reply deadline (Arts. 32, 34).
    on = today()
    pauses = [
        deadlines.consultation_pause(c.started_on, c.ended_on, c.reply_due_on, on)
        for c in disclosure_request.consultations.all()
        if c.started_on >= disclosure_request.clock_start_on
    ]
    if disclosure_request.fee_notified_on and disclosure_request.fee_notified_on >= disclosure_request.clock_start_on:
        pauses.append(deadlines.fee_pause(disclosure_request.fee_notified_on, disclosure_request.fee_paid_on))
    return pauses


def _refresh_deadline(disclosure_request, calendar=None):
    """Set the deadline fields from the request's dates. Returns True when a date changed."""
    calendar = calendar or deadlines.WorkingCalendar()
    before = (
        disclosure_request.due_on,
        disclosure_request.due_provisional,
        disclosure_request.due_paused,
        disclosure_request.correction_due_on,
    )
    notice = deadlines.correction_notice_deadline(disclosure_request.received_on, calendar)
    disclosure_request.correction_notice_due_on = notice.due
    provisional = False
    if disclosure_request.correction_notified_on and disclosure_request.correction_reply_days:
        reply = deadlines.correction_reply_deadline(
            disclosure_request.correction_notified_on, disclosure_request.correction_reply_days, calendar
        )
        disclosure_request.correction_due_on = reply.due
        provisional = disclosure_request.state == RequestState.CORRECTION and reply.provisional
    if disclosure_request.state == RequestState.CORRECTION:
        disclosure_request.due_on, disclosure_request.due_paused = None, False
    else:
        answer = deadlines.answer_deadline(
            disclosure_request.clock_start_on, disclosure_request.extension_days, _pauses(disclosure_request), calendar
        )
        disclosure_request.due_on, disclosure_request.due_paused = answer.due, answer.paused
        deferred = disclosure_request.deferred_due_on  # Art. 35: a later date the applicant was told
        if deferred and answer.due and deferred > answer.due:
            disclosure_request.due_on = deferred
        provisional = provisional or answer.provisional
    disclosure_request.due_provisional = provisional
    return before != (
        disclosure_request.due_on,
        disclosure_request.due_provisional,
        disclosure_request.due_paused,
        disclosure_request.correction_due_on,
    )


def refresh_deadline(disclosure_request, calendar=None):
    changed = _refresh_deadline(disclosure_request, calendar)
    disclosure_request.save(
        update_fields=["due_on", "due_provisional", "due_paused", "correction_due_on", "correction_notice_due_on"]
    )
    return changed


def recompute_provisional_deadlines():
    """Recompute every open request whose deadline is provisional (after a chinesecalendar
    upgrade or the office's entry of a year). Returns the number of deadlines that changed."""
    calendar = deadlines.WorkingCalendar()
    changed = 0
    for disclosure_request in DisclosureRequest.objects.filter(state__in=OPEN_STATES, due_provisional=True):
        old = disclosure_request.due_on or disclosure_request.correction_due_on
        if refresh_deadline(disclosure_request, calendar):
            changed += 1
            new = disclosure_request.due_on or disclosure_request.correction_due_on
            final = "" if disclosure_request.due_provisional else "（已确定）"
            log(
                disclosure_request,
                "deadline_recomputed",
                f"按节假日安排重新计算期限：{new}{final}",
                data={"old": str(old), "new": str(new)},
            )
    return changed


def urgency(disclosure_request, on=None, calendar=None):
    """'done', 'paused', 'overdue', 'due_soon' (≤ DISCLOSURE_REMINDER_WORKING_DAYS left) or 'normal'."""
    on = on or today()
    if not disclosure_request.is_open:
        return "done"
    due = (
        disclosure_request.correction_due_on
        if disclosure_request.state == RequestState.CORRECTION
        else disclosure_request.due_on
    )
    if disclosure_request.due_paused or due is None:
        return "paused"
    if due < on:
        return "overdue"
    left = deadlines.working_days_between(on, due, calendar)
    return "due_soon" if left <= setting("DISCLOSURE_REMINDER_WORKING_DAYS", 5) else "normal"


def answer_working_days(disclosure_request, calendar=None):
    """Working days from receipt to the answer (0 for one given on the spot); None while unanswered."""
    if not (disclosure_request.answered_on and disclosure_request.answer_type):
        return None
    return max(
        0, deadlines.working_days_between(disclosure_request.received_on, disclosure_request.answered_on, calendar)
    )
