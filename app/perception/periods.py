"""Survey periods (quarters) for the perception ranking.

Pure Python, no Flask and no database. Quarters are written canonically as ``2026-T3``
("trimestre"); on input we also accept ``2026T3``, ``2026-Q3``, ``2026Q3``, ``T3 2026`` and
``Q3 2026`` (case-insensitive, surrounding whitespace ignored).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_WINDOW_QUARTERS = 12

_YEAR_FIRST = re.compile(r"(?P<year>[0-9]{4})-?[TQ](?P<quarter>[0-9]+)", re.IGNORECASE | re.ASCII)
_QUARTER_FIRST = re.compile(r"[TQ](?P<quarter>[0-9]+)[ \t]+(?P<year>[0-9]{4})", re.IGNORECASE | re.ASCII)

_FORMATS_HINT = "expected a quarter such as 2026-T3 (also 2026T3, 2026-Q3, 2026Q3, T3 2026, Q3 2026)"


@dataclass(frozen=True, order=True)
class Period:
    """A calendar quarter. Ordering is chronological (year, then quarter)."""

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise ValueError(f"Period year must be an integer, got {self.year!r}")
        if isinstance(self.quarter, bool) or not isinstance(self.quarter, int):
            raise ValueError(f"Period quarter must be an integer, got {self.quarter!r}")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"Year {self.year} is out of range: it must be between {MIN_YEAR} and {MAX_YEAR}")
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"Quarter {self.quarter} is out of range: it must be between 1 and 4")

    def __str__(self) -> str:
        return f"{self.year}-T{self.quarter}"

    def next(self) -> "Period":
        """The following quarter (raises ValueError past the last supported year)."""
        if self.quarter == 4:
            return Period(self.year + 1, 1)
        return Period(self.year, self.quarter + 1)

    def previous(self) -> "Period":
        """The preceding quarter (raises ValueError before the first supported year)."""
        if self.quarter == 1:
            return Period(self.year - 1, 4)
        return Period(self.year, self.quarter - 1)

    @property
    def index(self) -> int:
        """Running quarter number, handy for computing distances between periods."""
        return self.year * 4 + (self.quarter - 1)


def parse_period(text: str | Period) -> Period:
    """Parse a quarter written in any accepted form; raise ValueError with a clear message otherwise."""
    if isinstance(text, Period):
        return text
    if not isinstance(text, str):
        raise ValueError(f"Invalid period {text!r}: {_FORMATS_HINT}")
    cleaned = text.strip()
    if not cleaned:
        raise ValueError(f"Empty period: {_FORMATS_HINT}")
    match = _YEAR_FIRST.fullmatch(cleaned) or _QUARTER_FIRST.fullmatch(cleaned)
    if match is None:
        raise ValueError(f"Invalid period {text!r}: {_FORMATS_HINT}")
    year = int(match.group("year"))
    quarter = int(match.group("quarter"))
    if not 1 <= quarter <= 4:
        raise ValueError(f"Invalid period {text!r}: the quarter must be between 1 and 4")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"Invalid period {text!r}: the year must be between {MIN_YEAR} and {MAX_YEAR}")
    return Period(year, quarter)


def parse_window(text: str) -> list[Period]:
    """Parse ``FIRST:LAST`` (e.g. ``2026-T1:2026-T3``) into the inclusive, ordered list of quarters.

    A single period (no colon) is a window of one quarter. Reversed windows and windows longer
    than 12 quarters are refused with ValueError.
    """
    if not isinstance(text, str):
        raise ValueError(f"Invalid window {text!r}: expected FIRST:LAST, e.g. 2026-T1:2026-T3")
    parts = text.split(":")
    if len(parts) == 1:
        return [parse_period(parts[0])]
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        raise ValueError(f"Invalid window {text!r}: expected FIRST:LAST, e.g. 2026-T1:2026-T3")
    first, last = parse_period(parts[0]), parse_period(parts[1])
    if last < first:
        raise ValueError(f"Invalid window {text!r}: the end {last} is before the start {first}")
    length = last.index - first.index + 1
    if length > MAX_WINDOW_QUARTERS:
        raise ValueError(
            f"Invalid window {text!r}: it spans {length} quarters, at most {MAX_WINDOW_QUARTERS} are allowed"
        )
    periods = [first]
    while periods[-1] != last:
        periods.append(periods[-1].next())
    return periods
