"""The life of an agreement, as plain data: which status may follow which, and the date each sets.

requested → in_talks → signed → in_execution → concluded, or withdrawn from any status that is
not final. Pure: strings and dates in, answers out; the service applies them and audits.
"""
from __future__ import annotations

from datetime import date

from app.cooperation.models import AgreementStatus

# The statuses in the order an agreement goes through them (withdrawn may come at any step).
ORDER = tuple(s.value for s in AgreementStatus)
REQUESTED, IN_TALKS, SIGNED, IN_EXECUTION, CONCLUDED, WITHDRAWN = ORDER

TRANSITIONS: dict[str, tuple[str, ...]] = {
    REQUESTED: (IN_TALKS, WITHDRAWN),
    IN_TALKS: (SIGNED, WITHDRAWN),
    SIGNED: (IN_EXECUTION, WITHDRAWN),
    IN_EXECUTION: (CONCLUDED, WITHDRAWN),
    CONCLUDED: (),
    WITHDRAWN: (),
}

# The agreement's column each status dates; talks have no date of their own.
DATE_FIELDS: dict[str, str] = {
    REQUESTED: "requested_on",
    SIGNED: "signed_on",
    IN_EXECUTION: "started_on",
    CONCLUDED: "concluded_on",
    WITHDRAWN: "withdrawn_on",
}

# Signed, and what follows a signature: the agreements the public list shows.
PUBLIC_STATUSES = (SIGNED, IN_EXECUTION, CONCLUDED)
# A signed PDF exists once the agreement is signed.
SIGNED_PDF_STATUSES = PUBLIC_STATUSES


def next_statuses(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def can_move(source: str, target: str) -> bool:
    return target in next_statuses(source)


def is_final(status: str) -> bool:
    return status in TRANSITIONS and not TRANSITIONS[status]


def reached(current: str, dates: dict[str, date | None]) -> set[str]:
    """The statuses an agreement in `current` went through; a withdrawal may come at any step,
    so then its dates tell."""
    if current == WITHDRAWN:
        return {s for s, field in DATE_FIELDS.items() if dates.get(field) is not None} | {
            REQUESTED, WITHDRAWN}
    return set(ORDER[:ORDER.index(current) + 1])


def date_problem(dates: dict[str, date | None], target: str, on: date, today: date) -> str | None:
    """Why `on` cannot be the date of reaching `target`: "future", "before_previous" (a date of
    an earlier step is later), or None. `dates` maps the agreement's date fields to their values;
    the caller words the problem."""
    if on > today:
        return "future"
    earlier = [dates.get(DATE_FIELDS[s]) for s in ORDER[:ORDER.index(target)] if s in DATE_FIELDS]
    if any(value is not None and on < value for value in earlier):
        return "before_previous"
    return None


def dates_problem(dates: dict[str, date | None], today: date) -> tuple[str, str] | None:
    """The first (status, problem) among all the dates set, checked as `date_problem` does."""
    for status in ORDER:
        value = dates.get(DATE_FIELDS.get(status, ""))
        if value is not None:
            problem = date_problem(dates, status, value, today)
            if problem:
                return status, problem
    return None
