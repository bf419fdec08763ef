"""The agreement's transition table and its date rules, as plain data."""
from __future__ import annotations

from datetime import date

import pytest

from app.cooperation import status

TODAY = date(2026, 5, 20)


@pytest.mark.parametrize("source, target", [
    ("requested", "in_talks"), ("in_talks", "signed"), ("signed", "in_execution"),
    ("in_execution", "concluded"), ("requested", "withdrawn"), ("in_talks", "withdrawn"),
    ("signed", "withdrawn"), ("in_execution", "withdrawn")])
def test_the_allowed_steps(source, target):
    assert status.can_move(source, target)


@pytest.mark.parametrize("source, target", [
    ("requested", "signed"), ("requested", "concluded"), ("in_talks", "requested"),
    ("signed", "in_talks"), ("concluded", "withdrawn"), ("withdrawn", "in_talks"),
    ("in_execution", "in_execution"), ("unknown", "in_talks"), ("requested", "unknown")])
def test_skipping_going_back_and_leaving_a_final_status_are_refused(source, target):
    assert not status.can_move(source, target)


def test_only_concluded_and_withdrawn_are_final():
    assert [s for s in status.ORDER if status.is_final(s)] == ["concluded", "withdrawn"]


def test_every_status_but_talks_has_a_date_field():
    assert set(status.DATE_FIELDS) == set(status.ORDER) - {"in_talks"}


def test_the_public_sees_signed_agreements_and_what_follows():
    assert status.PUBLIC_STATUSES == ("signed", "in_execution", "concluded")


def test_a_date_in_the_future_is_refused():
    assert status.date_problem({}, "signed", date(2026, 5, 21), TODAY) == "future"
    assert status.date_problem({}, "signed", TODAY, TODAY) is None


def test_a_step_cannot_be_dated_before_an_earlier_step():
    dates = {"requested_on": date(2026, 1, 10), "signed_on": date(2026, 3, 1)}
    assert status.date_problem(dates, "in_execution", date(2026, 2, 28), TODAY) == "before_previous"
    assert status.date_problem(dates, "in_execution", date(2026, 3, 1), TODAY) is None
    assert status.date_problem(dates, "withdrawn", date(2026, 1, 9), TODAY) == "before_previous"


def test_a_withdrawal_reached_the_steps_its_dates_show():
    dates = {"requested_on": date(2026, 1, 10), "signed_on": date(2026, 3, 1),
             "withdrawn_on": date(2026, 4, 1)}
    assert status.reached("withdrawn", dates) == {"requested", "signed", "withdrawn"}
    assert status.reached("signed", {}) == {"requested", "in_talks", "signed"}


def test_dates_problem_names_the_first_step_out_of_order():
    dates = {"requested_on": date(2026, 1, 10), "signed_on": date(2026, 1, 5)}
    assert status.dates_problem(dates, TODAY) == ("signed", "before_previous")
    assert status.dates_problem({"requested_on": date(2026, 1, 10)}, TODAY) is None
