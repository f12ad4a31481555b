"""The one deadline calculator: official holidays and 调休 (2024–2026), year ends, extension,
consultation pauses, 补正 notice, and provisional deadlines for years chinesecalendar lacks."""

import datetime
import io

import pytest
from django.core.management import call_command

from disclosure_requests import deadlines
from disclosure_requests.models import WorkCalendarDay, WorkCalendarYear

D = datetime.date.fromisoformat


def due(received, extension=0, pauses=()):
    return deadlines.answer_deadline(D(received), extension, pauses)


@pytest.mark.parametrize(
    "received, expected, why",
    [
        # 2024 春节 10–17 Feb off; Sun 4 Feb and Sun 18 Feb are working days.
        ("2024-02-01", "2024-03-05", "春节2024"),
        # 2025 春节 28 Jan – 4 Feb off; Sun 26 Jan and Sat 8 Feb are working days.
        ("2025-01-24", "2025-02-27", "春节2025"),
        # 2026 春节 15–23 Feb off; Sat 14 Feb and Sat 28 Feb are working days.
        ("2026-02-12", "2026-03-18", "春节2026"),
        # 2024 国庆 1–7 Oct off; Sun 29 Sep and Sat 12 Oct are working days.
        ("2024-09-30", "2024-11-01", "国庆2024"),
        # 2025 国庆+中秋 1–8 Oct off; Sun 28 Sep and Sat 11 Oct are working days.
        ("2025-09-26", "2025-10-30", "国庆2025"),
        # 2026 国庆 1–7 Oct off; Sun 20 Sep and Sat 10 Oct are working days.
        ("2026-09-30", "2026-11-03", "国庆2026"),
        # Year ends: 2025-01-01 is a holiday, no 调休.
        ("2024-12-20", "2025-01-20", "2024→2025"),
        # 2026-01-01..03 off, Sun 4 Jan is a working day.
        ("2025-12-24", "2026-01-22", "2025→2026"),
    ],
)
def test_official_calendar(db, received, expected, why):
    deadline = due(received)
    assert deadline.due == D(expected), why
    assert not deadline.provisional


def test_adjusted_weekend_days_count_and_holidays_do_not(db):
    calendar = deadlines.WorkingCalendar()
    assert calendar.is_working_day(D("2024-02-04")) == (True, False)  # Sunday 调休
    assert calendar.is_working_day(D("2024-02-12")) == (False, False)  # Monday in 春节
    # Counting from a 调休 Sunday: the Sunday itself is the first day after the Saturday.
    assert deadlines.add_working_days(D("2024-02-03"), 1).due == D("2024-02-04")


def test_extension_adds_twenty_working_days_after_the_original_due_date(db):
    assert due("2024-09-30", extension=20).due == D("2024-11-29")
    # At most 20: asking for more is capped.
    assert due("2024-09-30", extension=99).due == D("2024-11-29")


def test_consultation_time_is_not_counted(db):
    plain = due("2025-03-03")
    assert plain.due == D("2025-03-31")
    # Consultation 6–11 March excludes 4 working days; 4 April 2025 is 清明 (off).
    paused = due("2025-03-03", pauses=[(D("2025-03-06"), D("2025-03-11"))])
    assert paused.excluded_days == 4
    assert paused.due == D("2025-04-07")
    running = due("2025-03-03", pauses=[(D("2025-03-06"), None)])
    assert running.paused and running.due is None


def test_correction_notice_within_seven_working_days(db):
    # Received Fri 26 Sep 2025: Sun 28, Mon 29, Tue 30 Sep, Thu 9, Fri 10, Sat 11, Mon 13 Oct.
    assert deadlines.correction_notice_deadline(D("2025-09-26")).due == D("2025-10-13")


def test_december_2026_receipt_is_due_in_january_2027_provisionally(db):
    assert not deadlines.library_knows(2027)
    deadline = due("2026-12-10")
    # Mon–Fri in 2027: Fri 1 Jan counts until the office says otherwise.
    assert deadline.due == D("2027-01-07")
    assert deadline.provisional
    assert str(deadline) == "2027-01-07（暂定）"


def test_office_calendar_entries_apply_and_complete_year_is_final(db):
    year = WorkCalendarYear.objects.create(year=2027)
    WorkCalendarDay.objects.create(calendar_year=year, date=D("2027-01-01"), kind="holiday", note="元旦")
    deadline = due("2026-12-10")
    assert deadline.due == D("2027-01-08") and deadline.provisional
    # A 调休 Saturday the office entered counts as a working day.
    WorkCalendarDay.objects.create(calendar_year=year, date=D("2027-01-02"), kind="workday")
    assert due("2026-12-10").due == D("2027-01-07")
    year.complete = True
    year.save()
    assert not due("2026-12-10").provisional


def test_far_unknown_year_never_crashes(db):
    deadline = due("2031-12-24")
    assert deadline.due is not None and deadline.provisional
    assert deadline.due.weekday() < 5


def test_working_days_between(db):
    # Around 2025 国庆: 29, 30 Sep, 9, 10, 11 Oct.
    assert deadlines.working_days_between(D("2025-09-28"), D("2025-10-11")) == 5
    assert deadlines.working_days_between(D("2025-10-11"), D("2025-09-28")) == -5


def run_cli(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("disclosure_deadline", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--received", "2024-09-30"], "2024-11-01"),
        (["--received", "2024-09-30", "--extended"], "2024-11-29"),
        (["--received", "2026-02-12"], "2026-03-18"),
        (["--received", "2026-12-20"], "2027-01-15"),
    ],
)
def test_cli_prints_one_line(db, args, expected):
    out, err = run_cli(*args)
    assert out == expected + "\n"
    assert ("暂定" in err) == expected.startswith("2027")


def test_cli_rejects_bad_date(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        run_cli("--received", "2025-13-01")
