"""The periods of 条例 2019 and 国办函〔2020〕109号 one by one, and the calculator's edges, on a
stretch of 2025 without holidays (Mon 3 March 2025: the working days after it are 4–7, 10–14,
17–21, 24–28 and 31 March), so every expected date is counted by hand here."""

import datetime

import pytest

from disclosure_requests import deadlines

D = datetime.date.fromisoformat
MONDAY = D("2025-03-03")


def test_the_statutory_periods():
    assert deadlines.ANSWER_WORKING_DAYS == 20
    assert deadlines.MAX_EXTENSION_WORKING_DAYS == 20
    assert deadlines.CORRECTION_NOTICE_WORKING_DAYS == 7
    assert deadlines.THIRD_PARTY_REPLY_WORKING_DAYS == 15
    assert deadlines.OTHER_BODY_REPLY_WORKING_DAYS == 15
    assert deadlines.FEE_PAYMENT_WORKING_DAYS == 20


def test_each_period_counts_working_days_from_the_next_day():
    assert deadlines.correction_notice_deadline(MONDAY).due == D("2025-03-12")  # 7th
    assert deadlines.third_party_reply_deadline(MONDAY).due == D("2025-03-24")  # 15th
    assert deadlines.fee_payment_deadline(MONDAY).due == D("2025-03-31")  # 20th
    assert deadlines.answer_deadline(MONDAY).due == D("2025-03-31")  # 20th
    assert deadlines.correction_reply_deadline(MONDAY, 15).due == D("2025-03-24")
    assert deadlines.correction_reply_deadline(MONDAY, 1).due == D("2025-03-04")


def test_another_body_has_15_working_days_from_receiving_the_letter():
    """Art. 34: the reply of another body consulted, counted like the third party's."""
    assert deadlines.other_body_reply_deadline(MONDAY).due == D("2025-03-24")  # 15th
    assert deadlines.other_body_reply_deadline(D("2025-03-31")).due == D("2025-04-22")  # 清明 4 April skipped
    assert deadlines.other_body_reply_deadline(MONDAY, calendar=EveryDayWorks()).due == MONDAY + datetime.timedelta(15)


def test_extension_is_at_most_20_working_days():
    # 40th working day: 清明 4–6 April off, Sunday 27 April worked (劳动节 调休).
    assert deadlines.answer_deadline(MONDAY, 20).due == D("2025-04-28")
    assert deadlines.answer_deadline(MONDAY, 25).due == D("2025-04-28")
    assert deadlines.answer_deadline(MONDAY, 1).due == D("2025-04-01")
    assert deadlines.answer_deadline(MONDAY, -5).due == D("2025-03-31")
    assert deadlines.answer_deadline(MONDAY, None).due == D("2025-03-31")


def test_a_pause_does_not_count_its_working_days():
    deadline = deadlines.answer_deadline(MONDAY, pauses=[(D("2025-03-10"), D("2025-03-14"))])
    assert deadline.due == D("2025-04-08") and deadline.excluded_days == 5 and not deadline.paused
    one_day = deadlines.answer_deadline(MONDAY, pauses=[(D("2025-03-10"), D("2025-03-10"))])
    assert one_day.due == D("2025-04-01") and one_day.excluded_days == 1
    weekend = deadlines.answer_deadline(MONDAY, pauses=[(D("2025-03-08"), D("2025-03-09"))])
    assert weekend.due == D("2025-03-31") and weekend.excluded_days == 0


def test_a_running_pause_has_no_due_date_yet():
    deadline = deadlines.answer_deadline(MONDAY, pauses=[(D("2025-03-10"), None)])
    assert deadline.due is None and deadline.paused and not deadline.provisional
    assert str(deadline) == "期限暂停（征求意见中）"
    later = deadlines.answer_deadline(MONDAY, pauses=[(D("2025-06-10"), None)])
    assert later.due == D("2025-03-31") and not later.paused  # not reached before the due date


def test_fee_pause_runs_from_the_day_after_the_notice_to_the_payment():
    assert deadlines.fee_pause(MONDAY, D("2025-03-07")) == (D("2025-03-04"), D("2025-03-07"))
    assert deadlines.fee_pause(MONDAY, None) == (D("2025-03-04"), None)
    paid = deadlines.answer_deadline(MONDAY, pauses=[deadlines.fee_pause(MONDAY, D("2025-03-07"))])
    assert paid.due == D("2025-04-07") and paid.excluded_days == 4  # 4 April is 清明


def test_consultation_pause_from_the_day_after_the_letter_to_the_reply():
    due = D("2025-03-24")
    assert deadlines.consultation_pause(MONDAY, D("2025-03-07"), due, D("2025-03-07")) == (
        D("2025-03-04"),
        D("2025-03-07"),
    )
    # Still waiting: the pause runs on until the reply deadline, the reply deadline's day included.
    assert deadlines.consultation_pause(MONDAY, None, due, D("2025-03-20")) == (D("2025-03-04"), None)
    assert deadlines.consultation_pause(MONDAY, None, due, due) == (D("2025-03-04"), None)
    # Past the reply deadline without a reply: the clock runs again from the day after it.
    assert deadlines.consultation_pause(MONDAY, None, due, D("2025-03-25")) == (D("2025-03-04"), due)
    # A late reply does not stretch the pause beyond the reply deadline.
    assert deadlines.consultation_pause(MONDAY, D("2025-03-28"), due, D("2025-03-28")) == (D("2025-03-04"), due)
    # No reply deadline recorded: the letter's reply alone ends the pause.
    assert deadlines.consultation_pause(MONDAY, None, None, D("2025-06-01")) == (D("2025-03-04"), None)
    assert deadlines.consultation_pause(MONDAY, D("2025-03-07"), None, D("2025-06-01")) == (
        D("2025-03-04"),
        D("2025-03-07"),
    )


def test_zero_or_negative_count_is_the_start_day():
    assert deadlines.add_working_days(MONDAY, 0).due == MONDAY
    assert deadlines.add_working_days(MONDAY, -3).due == MONDAY


def test_working_days_between():
    assert deadlines.working_days_between(MONDAY, D("2025-03-10")) == 5
    assert deadlines.working_days_between(D("2025-03-10"), MONDAY) == -5
    assert deadlines.working_days_between(MONDAY, MONDAY) == 0
    assert deadlines.working_days_between(MONDAY, D("2025-03-04")) == 1
    assert deadlines.working_days_between(D("2025-03-07"), D("2025-03-09")) == 0  # a weekend
    assert deadlines.working_days_between(D("2025-04-03"), D("2025-04-07")) == 1  # 清明


def test_deadline_text():
    assert str(deadlines.Deadline(due=None)) == "—"
    assert str(deadlines.Deadline(due=D("2025-03-31"))) == "2025-03-31"
    assert str(deadlines.Deadline(due=D("2025-03-31"), provisional=True)) == "2025-03-31（暂定）"


def test_library_years():
    assert deadlines.library_knows(2025)
    assert not deadlines.library_knows(2099)


@pytest.mark.django_db
def test_an_unknown_year_is_monday_to_friday_and_provisional():
    calendar = deadlines.WorkingCalendar()
    monday = D("2099-03-02")
    assert monday.weekday() == 0
    assert calendar.is_working_day(monday) == (True, True)
    assert calendar.is_working_day(D("2099-03-06")) == (True, True)  # Friday
    assert calendar.is_working_day(D("2099-03-07")) == (False, True)  # Saturday
    assert calendar.is_working_day(D("2025-03-08")) == (False, False)  # a known year is not provisional
    deadline = deadlines.answer_deadline(D("2099-03-02"))
    assert deadline.due == D("2099-03-30") and deadline.provisional
    assert str(deadline) == "2099-03-30（暂定）"


class EveryDayWorks:
    """A calendar passed in is the one used (the office's, a test's): here every day works."""

    def is_working_day(self, day):
        return True, False


def test_a_given_calendar_is_used_by_every_period():
    calendar, days = EveryDayWorks(), datetime.timedelta
    assert deadlines.answer_deadline(MONDAY, calendar=calendar).due == MONDAY + days(20)
    assert deadlines.answer_deadline(MONDAY, 2, [(MONDAY + days(1), MONDAY + days(1))], calendar).due == MONDAY + days(
        23
    )
    assert deadlines.correction_notice_deadline(MONDAY, calendar=calendar).due == MONDAY + days(7)
    assert deadlines.correction_reply_deadline(MONDAY, 5, calendar=calendar).due == MONDAY + days(5)  # a Saturday
    assert deadlines.third_party_reply_deadline(MONDAY, calendar=calendar).due == MONDAY + days(15)
    assert deadlines.fee_payment_deadline(MONDAY, calendar=calendar).due == MONDAY + days(20)
    assert deadlines.add_working_days(MONDAY, 2, calendar=calendar).due == MONDAY + days(2)
    assert deadlines.working_days_between(MONDAY, MONDAY + days(10), calendar) == 10
    assert deadlines.working_days_between(MONDAY + days(10), MONDAY, calendar) == -10


@pytest.mark.django_db
def test_a_running_pause_in_an_unknown_year_is_provisional():
    deadline = deadlines.answer_deadline(D("2099-03-02"), pauses=[(D("2099-03-03"), None)])
    assert deadline.paused and deadline.due is None and deadline.provisional is True
    known = deadlines.answer_deadline(MONDAY, pauses=[(D("2025-03-04"), None)])
    assert known.paused and known.provisional is False


@pytest.mark.django_db
def test_office_entries_for_an_unknown_year():
    from disclosure_requests.models import WorkCalendarDay, WorkCalendarYear

    year = WorkCalendarYear.objects.create(year=2099, complete=False)
    WorkCalendarDay.objects.create(calendar_year=year, date=D("2099-03-03"), kind="holiday")  # a Tuesday
    WorkCalendarDay.objects.create(calendar_year=year, date=D("2099-03-07"), kind="workday")  # a Saturday
    WorkCalendarYear.objects.create(year=2098, complete=True)  # another year's mark says nothing of 2099
    calendar = deadlines.WorkingCalendar()
    assert calendar.is_working_day(D("2099-03-03")) == (False, True)
    assert calendar.is_working_day(D("2099-03-07")) == (True, True)
    assert calendar.is_working_day(D("2099-03-04")) == (True, True)
    year.complete = True
    year.save()
    assert deadlines.WorkingCalendar().is_working_day(D("2099-03-03")) == (False, False)


@pytest.mark.django_db
def test_without_the_calendar_tables_an_unknown_year_is_monday_to_friday_and_provisional(monkeypatch):
    from django.db import DatabaseError

    from disclosure_requests.models import WorkCalendarYear

    def missing(*args, **kwargs):
        raise DatabaseError("no such table")

    monkeypatch.setattr(WorkCalendarYear.objects, "filter", missing)
    calendar = deadlines.WorkingCalendar()
    assert calendar.is_working_day(D("2099-03-03")) == (True, True)
    assert calendar.is_working_day(D("2099-03-07")) == (False, True)


@pytest.mark.django_db
def test_the_registered_office_calendar_is_the_one_read(monkeypatch):
    from cms import workdays

    monkeypatch.setattr(workdays, "_office_calendar", workdays._office_calendar)  # restored after the test
    workdays.register_office_calendar(lambda year: (True, {D(f"{year}-03-03"): "holiday"}))
    calendar = deadlines.WorkingCalendar()
    assert calendar.is_working_day(D("2099-03-03")) == (False, False)  # the loader's holiday, a complete year
    assert calendar.is_working_day(D("2099-03-04")) == (True, False)


def test_without_a_registered_office_calendar_an_unknown_year_is_monday_to_friday_and_provisional(monkeypatch):
    from cms import workdays

    monkeypatch.setattr(workdays, "_office_calendar", None)
    calendar = deadlines.WorkingCalendar()
    assert calendar.is_working_day(D("2099-03-03")) == (True, True)
    assert calendar.is_working_day(D("2099-03-07")) == (False, True)
