"""Deadlines of disclosure on request (条例 2019 Art. 30, 31, 32, 33) over the one working-day
calendar (``cms/workdays.py``, a leaf module every layer may use; the office's entries for years
chinesecalendar lacks are this app's ``WorkCalendarYear``, registered there in ``apps.ready``).
Provisional deadlines are recomputed when the data arrives (``recompute_provisional_deadlines``).
"""

import datetime

from cms.workdays import (  # noqa: F401  (re-exported: the calculator's names as this app uses them)
    Deadline,
    WorkingCalendar,
    add_working_days,
    library_knows,
    working_days_between,
)

ANSWER_WORKING_DAYS = 20  # Art. 33: answer within 20 working days
MAX_EXTENSION_WORKING_DAYS = 20  # Art. 33: one extension of at most 20 working days
CORRECTION_NOTICE_WORKING_DAYS = 7  # Art. 30: the 补正 notice within 7 working days
THIRD_PARTY_REPLY_WORKING_DAYS = 15  # Art. 32: the third party answers within 15 working days
OTHER_BODY_REPLY_WORKING_DAYS = 15  # Art. 34: another body answers within 15 working days
FEE_PAYMENT_WORKING_DAYS = 20  # 国办函〔2020〕109号: pay within 20 working days of the fee notice


def answer_deadline(received_on, extension_days=0, pauses=(), calendar=None):
    """Due date of the answer: 20 working days from the day after ``received_on`` (or after
    the corrected request arrived), plus an extension, not counting the pauses (consultations,
    and the time between a fee notice and the payment)."""
    extension_days = max(0, min(int(extension_days or 0), MAX_EXTENSION_WORKING_DAYS))
    return add_working_days(received_on, ANSWER_WORKING_DAYS + extension_days, pauses, calendar)


def correction_notice_deadline(received_on, calendar=None):
    """The office must send the 补正 notice within 7 working days of receipt."""
    return add_working_days(received_on, CORRECTION_NOTICE_WORKING_DAYS, calendar=calendar)


def correction_reply_deadline(notified_on, working_days, calendar=None):
    """By when the applicant must return the corrected request (period set by the office)."""
    return add_working_days(notified_on, working_days, calendar=calendar)


def third_party_reply_deadline(letter_received_on, calendar=None):
    """Art. 32: 15 working days from the day the third party received the letter."""
    return add_working_days(letter_received_on, THIRD_PARTY_REPLY_WORKING_DAYS, calendar=calendar)


def other_body_reply_deadline(letter_received_on, calendar=None):
    """Art. 34: 15 working days; silence counts as consent."""
    return add_working_days(letter_received_on, OTHER_BODY_REPLY_WORKING_DAYS, calendar=calendar)


def consultation_pause(started_on, ended_on, reply_due_on, on):
    """The pause a consultation puts on the answer clock: from the day after the letter went out
    to the reply, but never beyond the reply deadline — once it has passed (``on`` is after it)
    the clock runs again by itself. ``(first, None)`` while it still runs."""
    first = started_on + datetime.timedelta(days=1)
    last = ended_on
    if reply_due_on is not None:
        if last is None and on > reply_due_on:
            last = reply_due_on
        elif last is not None:
            last = min(last, reply_due_on)
    return (first, last)


def fee_payment_deadline(notice_received_on, calendar=None):
    """By when the applicant must pay the 信息处理费: 20 working days counted from the day after
    the applicant received the notice."""
    return add_working_days(notice_received_on, FEE_PAYMENT_WORKING_DAYS, calendar=calendar)


def fee_pause(notified_on, paid_on):
    """The pause a fee notice puts on the answer clock: from the day after the notice to the
    payment day (None while unpaid), the same convention as a consultation."""
    return (notified_on + datetime.timedelta(days=1), paid_on)
