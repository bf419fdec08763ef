"""Quarter periods and windows for the perception ranking (pure Python, no app needed)."""
from __future__ import annotations

import pytest

from app.perception.periods import Period, parse_period, parse_window


@pytest.mark.parametrize("text", [
    "2026-T3", "2026T3", "2026-Q3", "2026Q3", "T3 2026", "Q3 2026",
    "2026-t3", "2026q3", "t3 2026", "q3 2026", "  2026-T3  ", "\t Q3   2026 \n",
])
def test_accepted_forms(text):
    assert parse_period(text) == Period(2026, 3)


def test_str_is_canonical():
    assert str(Period(2026, 3)) == "2026-T3"
    assert str(parse_period("q1 2000")) == "2000-T1"
    assert str(parse_period("2100Q4")) == "2100-T4"


@pytest.mark.parametrize("text", [
    "", "   ", "2026", "2026-T", "2026-T0", "2026-T5", "2026-T10", "T5 2026", "1999-T4", "2101-T1",
    "26-T3", "2026-X3", "2026/T3", "2026 - T3", "T3-2026", "T32026", "2026-T3 extra", "Q3 2026 Q4",
    "２０２６-T3",
])
def test_rejected_forms(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_error_messages_are_clear():
    with pytest.raises(ValueError, match="quarter must be between 1 and 4"):
        parse_period("2026-T5")
    with pytest.raises(ValueError, match="year must be between 2000 and 2100"):
        parse_period("1999-T1")
    with pytest.raises(ValueError, match="expected a quarter such as 2026-T3"):
        parse_period("next quarter")
    with pytest.raises(ValueError):
        parse_period(None)  # type: ignore[arg-type]


def test_period_validates_its_fields():
    with pytest.raises(ValueError):
        Period(2026, 0)
    with pytest.raises(ValueError):
        Period(1999, 1)


def test_ordering_next_previous():
    assert Period(2025, 4) < Period(2026, 1) < Period(2026, 2)
    assert sorted([Period(2026, 1), Period(2025, 4), Period(2025, 1)]) == [
        Period(2025, 1), Period(2025, 4), Period(2026, 1)]
    assert Period(2025, 4).next() == Period(2026, 1)
    assert Period(2026, 1).previous() == Period(2025, 4)
    assert Period(2026, 2).next() == Period(2026, 3)
    assert Period(2026, 2).previous() == Period(2026, 1)
    with pytest.raises(ValueError):
        Period(2100, 4).next()
    with pytest.raises(ValueError):
        Period(2000, 1).previous()


def test_period_is_hashable_and_frozen():
    assert len({Period(2026, 3), parse_period("2026Q3")}) == 1
    with pytest.raises(Exception):
        Period(2026, 3).year = 2025  # type: ignore[misc]


def test_window_inclusive_and_ordered():
    assert parse_window("2026-T1:2026-T3") == [Period(2026, 1), Period(2026, 2), Period(2026, 3)]
    assert parse_window("2025-Q4:T1 2026") == [Period(2025, 4), Period(2026, 1)]
    assert parse_window(" 2026-T3 : 2026-T3 ") == [Period(2026, 3)]
    assert parse_window("2026-T3") == [Period(2026, 3)]


def test_window_of_twelve_quarters_is_the_maximum():
    window = parse_window("2024-T1:2026-T4")
    assert len(window) == 12
    assert window[0] == Period(2024, 1) and window[-1] == Period(2026, 4)
    with pytest.raises(ValueError, match="at most 12"):
        parse_window("2024-T1:2027-T1")


@pytest.mark.parametrize("text", ["2026-T3:2026-T1", "2026-T1:", ":2026-T1", "2026-T1:2026-T2:2026-T3",
                                  "2026-T1:2026-T9", ""])
def test_window_rejected(text):
    with pytest.raises(ValueError):
        parse_window(text)


def test_reversed_window_message():
    with pytest.raises(ValueError, match="before the start"):
        parse_window("2026-T3:2026-T1")
