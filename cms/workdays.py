"""The one working-day calendar: which days count, and adding or counting working days.

A leaf module: it imports no app, so every layer may use it (disclosure requests, questions
and consultations, the dashboard). Working days come from ``chinesecalendar`` (public holidays
and the weekend days turned into working days, 调休). For a year the library does not know yet
(the State Council publishes the schedule each November) a day counts as working when it is
Monday–Friday, corrected by the office's own entries for that year; an answer that relied on
such a year is *provisional* unless the office marked the year's schedule as complete.

The office's entries live with the app that owns them (``disclosure_requests``: the
``WorkCalendarYear`` snippet); that app registers a loader here at start-up
(``register_office_calendar``), so this module depends on nothing above it. Without a loader,
or before the tables exist, an unknown year is plain Monday–Friday and provisional.
Nothing here raises for an unknown year.
"""

import datetime
import functools
from dataclasses import dataclass, field

import chinese_calendar
from django.db import DatabaseError

# Never loop forever on bad input: 20 + 20 working days fit in well under a year.
_MAX_SCAN_DAYS = 3 * 366

_office_calendar = None  # year → (complete?, {date: "holiday" | "workday"})


def register_office_calendar(loader):
    """Install the office's entries for years the library lacks (called by the owning app)."""
    global _office_calendar
    _office_calendar = loader


@functools.lru_cache(maxsize=8192)
def _library_workday(day):
    """chinesecalendar's answer for ``day`` (a known year), kept: the library's data never changes
    while the process runs, and each of its calls scans every holiday it knows (min/max of the
    table), which made 网站自查's 公开时限 check spend most of its time there."""
    return chinese_calendar.is_workday(day)


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
            try:
                self._office[year] = _office_calendar(year) if _office_calendar else (False, {})
            except DatabaseError:  # tables missing (e.g. before migrate): plain Monday–Friday
                self._office[year] = (False, {})
        return self._office[year]

    def is_working_day(self, day):
        """(working?, provisional?) for ``day``."""
        year = day.year
        if year not in self._library:
            self._library[year] = library_knows(year)
        if self._library[year]:
            return _library_workday(day), False
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
    paused: bool = False  # a pause is running: the clock stands still
    excluded_days: int = 0  # working days not counted (pauses)
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
