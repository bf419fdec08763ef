"""The reminder step due for a deadline, a time and a zone: pure, no Flask, no database."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from app.reminders.schedule import days_left, due_step


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


# 2026-11-24 23:59 in Lima (UTC-5 all year): the juror's last day is 24 November.
DEADLINE = utc("2026-11-25T04:59")
LIMA = "America/Lima"


@pytest.mark.parametrize(("now", "step"), [
    ("2026-11-16T14:00", None),            # 8 days before, 09:00 in Lima
    ("2026-11-17T14:00", "before-7d"),     # 7 days
    ("2026-11-20T14:00", "before-7d"),     # 4 days: the 7-day step is still the one due
    ("2026-11-22T14:00", "before-2d"),
    ("2026-11-23T14:00", "before-1d"),
    ("2026-11-24T14:00", "before-1d"),     # the last day itself
    ("2026-11-25T14:00", "overdue-2026-11-25"),
    ("2026-11-26T14:00", "overdue-2026-11-26"),
])
def test_steps_before_and_after_the_deadline(now, step):
    assert due_step(DEADLINE, utc(now), LIMA) == step


def test_nothing_is_due_before_eight_in_the_morning_local_time():
    assert due_step(DEADLINE, utc("2026-11-17T12:59"), LIMA) is None   # 07:59 in Lima
    assert due_step(DEADLINE, utc("2026-11-17T13:00"), LIMA) == "before-7d"


def test_days_start_at_the_jurors_local_midnight():
    # 2026-11-17 04:30 UTC is still the 16th in Lima (23:30): 8 days left there.
    now = utc("2026-11-17T04:30")
    assert days_left(DEADLINE, now, LIMA) == 8
    assert due_step(DEADLINE, now, LIMA, send_from_hour=0) is None
    assert due_step(DEADLINE, utc("2026-11-17T05:00"), LIMA, send_from_hour=0) == "before-7d"


def test_the_overdue_step_names_the_jurors_local_date():
    now = utc("2026-11-26T01:00")  # 25 November, 20:00 in Lima
    assert due_step(DEADLINE, now, LIMA) == "overdue-2026-11-25"


def test_the_deadline_instant_itself_is_overdue():
    assert due_step(DEADLINE, DEADLINE, LIMA, send_from_hour=0) == "overdue-2026-11-24"


def test_the_same_instant_is_a_different_step_in_another_zone():
    now = utc("2026-11-18T08:00")  # 03:00 in Lima, 09:00 in Madrid
    assert due_step(DEADLINE, now, LIMA) is None
    assert due_step(DEADLINE, now, "Europe/Madrid") == "before-7d"


# Santiago moves from UTC-4 to UTC-3 at midnight between 5 and 6 September 2026.
SANTIAGO = "America/Santiago"
SANTIAGO_DEADLINE = utc("2026-09-13T23:00")  # 13 September, 20:00 local (UTC-3)


def test_daylight_saving_moves_the_local_morning_in_utc():
    assert due_step(SANTIAGO_DEADLINE, utc("2026-09-06T10:59"), SANTIAGO) is None     # 07:59 (UTC-3)
    assert due_step(SANTIAGO_DEADLINE, utc("2026-09-06T11:00"), SANTIAGO) == "before-7d"  # 08:00


def test_days_are_counted_on_local_dates_across_the_change():
    # 5 September 23:30 local (UTC-4) is already the 6th in UTC: still 8 days in Santiago.
    assert days_left(SANTIAGO_DEADLINE, utc("2026-09-06T03:30"), SANTIAGO) == 8
    assert due_step(SANTIAGO_DEADLINE, utc("2026-09-06T03:30"), SANTIAGO, send_from_hour=0) is None
    assert days_left(SANTIAGO_DEADLINE, utc("2026-09-06T04:30"), SANTIAGO) == 7  # 01:30 on the 6th


def test_the_end_of_daylight_saving_moves_the_local_morning_back():
    # Santiago goes back from UTC-3 to UTC-4 at midnight between 4 and 5 April 2026.
    deadline = utc("2026-04-06T03:59")  # 5 April, 23:59 local (UTC-4)
    assert due_step(deadline, utc("2026-04-04T11:00"), SANTIAGO) == "before-1d"  # 08:00 (UTC-3)
    assert due_step(deadline, utc("2026-04-05T11:30"), SANTIAGO) is None         # 07:30 (UTC-4)
    assert due_step(deadline, utc("2026-04-05T12:00"), SANTIAGO) == "before-1d"  # 08:00, last day
