"""The one working-day deadline calculator for disclosure on request (条例 2019 Art. 30, 31, 32, 33).

Working days come from ``chinesecalendar`` (public holidays and the weekend days turned
into working days, 调休). For a year the library does not know yet (the State Council
publishes the schedule each November), a day counts as working when it is Monday–Friday,
corrected by the holidays and 调休 days the office entered in the admin
(``WorkCalendarYear`` / ``WorkCalendarDay``). A deadline that relied on such a year is
*provisional* unless the office marked that year's schedule as complete; provisional
deadlines are recomputed when the data arrives (``recompute_provisional_deadlines``).
Nothing here raises for an unknown year.
"""

import datetime
from dataclasses import dataclass, field

import chinese_calendar
from django.db import DatabaseError

ANSWER_WORKING_DAYS = 20  # Art. 33: answer within 20 working days
MAX_EXTENSION_WORKING_DAYS = 20  # Art. 33: one extension of at most 20 working days
CORRECTION_NOTICE_WORKING_DAYS = 7  # Art. 30: the 补正 notice within 7 working days
THIRD_PARTY_REPLY_WORKING_DAYS = 15  # Art. 32: the third party answers within 15 working days
OTHER_BODY_REPLY_WORKING_DAYS = 15  # Art. 34: another body answers within 15 working days
FEE_PAYMENT_WORKING_DAYS = 20  # 国办函〔2020〕109号: pay within 20 working days of the fee notice

# Never loop forever on bad input: 20 + 20 working days fit in well under a year.
_MAX_SCAN_DAYS = 3 * 366


def library_knows(year):
    """Whether chinesecalendar carries the official schedule of ``year``."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkingCalendar:
    """Answers "is this a working day?" and remembers whether the answer was provisional.

    Office entries are read once per year and cached on the instance, so a calculation
    costs at most one query per unknown year.
    """

    def __init__(self):
        self._library = {}
        self._office = {}

    def _office_year(self, year):
        if year not in self._office:
            from .models import WorkCalendarDay, WorkCalendarYear

            try:
                complete = WorkCalendarYear.objects.filter(year=year, complete=True).exists()
                days = dict(WorkCalendarDay.objects.filter(date__year=year).values_list("date", "kind"))
            except DatabaseError:  # tables missing (e.g. before migrate): plain Monday–Friday
                complete, days = False, {}
            self._office[year] = (complete, days)
        return self._office[year]

    def is_working_day(self, day):
        """(working?, provisional?) for ``day``."""
        year = day.year
        if year not in self._library:
            self._library[year] = library_knows(year)
        if self._library[year]:
            return chinese_calendar.is_workday(day), False
        complete, days = self._office_year(year)
        kind = days.get(day)
        if kind == "holiday":
            working = False
        elif kind == "workday":
            working = True
        else:
            working = day.weekday() < 5
        return working, not complete


@dataclass
class Deadline:
    due: datetime.date | None
    provisional: bool = False
    paused: bool = False  # a consultation is running: the clock stands still
    excluded_days: int = 0  # working days not counted (consultations)
    notes: list = field(default_factory=list)

    def __str__(self):
        if self.due is None:
            return "期限暂停（征求意见中）" if self.paused else "—"
        text = self.due.isoformat()
        return f"{text}（暂定）" if self.provisional else text


def add_working_days(start, count, pauses=(), calendar=None):
    """The ``count``-th working day after ``start`` (the day after ``start`` is the first
    candidate), skipping working days that fall inside a pause.

    ``pauses`` are ``(first_day, last_day)`` date pairs, both inclusive; ``last_day`` None
    means still running, in which case no due date exists yet (``paused=True``).
    """
    calendar = calendar or WorkingCalendar()
    deadline = Deadline(due=None)
    if count <= 0:
        deadline.due = start
        return deadline
    counted = 0
    day = start
    for _ in range(_MAX_SCAN_DAYS):
        day = day + datetime.timedelta(days=1)
        working, provisional = calendar.is_working_day(day)
        if not working:
            continue
        paused = False
        for first, last in pauses:
            if first <= day and (last is None or day <= last):
                paused = True
                if last is None:
                    deadline.paused = True
                    deadline.provisional = deadline.provisional or provisional
                    return deadline
                break
        if paused:
            deadline.excluded_days += 1
            continue
        deadline.provisional = deadline.provisional or provisional
        counted += 1
        if counted == count:
            deadline.due = day
            return deadline
    return deadline  # unreachable in practice; never raise


def working_days_between(start, end, calendar=None):
    """Working days in (start, end] — how many working days are left until ``end``."""
    calendar = calendar or WorkingCalendar()
    if end <= start:
        return -working_days_between(end, start, calendar) if end < start else 0
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day)[0]:
            count += 1
    return count


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
