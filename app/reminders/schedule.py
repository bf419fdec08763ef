"""Which reminder step a juror is due, from the deadline, the time and the juror's zone.

Pure functions over datetimes: no database, no Flask. Days are counted between local calendar
dates in the juror's zone, so "7 days before" starts at the juror's midnight whatever the UTC
offset, daylight saving included. A step stays due until the next one starts (a round opened
five days before its deadline still gets its "7 days" reminder, once), and nothing is due before
`SEND_FROM_HOUR` local time, so an hourly cron never mails a juror at night.
"""
from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

REMINDER_DAYS = (7, 2, 1)
SEND_FROM_HOUR = 8
OVERDUE_PREFIX = "overdue-"


def _zone(tz: str | tzinfo) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def days_left(closes_at: datetime, now: datetime, tz: str | tzinfo) -> int:
    """Calendar days from the juror's today to the deadline's local date (0 on the last day)."""
    zone = _zone(tz)
    return (closes_at.astimezone(zone).date() - now.astimezone(zone).date()).days


def due_step(closes_at: datetime, now: datetime, tz: str | tzinfo,
             send_from_hour: int = SEND_FROM_HOUR) -> str | None:
    """`before-7d`, `before-2d`, `before-1d`, `overdue-YYYY-MM-DD` (the juror's local date) or None.

    `closes_at` and `now` are aware datetimes; `tz` a zone name or tzinfo."""
    zone = _zone(tz)
    local_now = now.astimezone(zone)
    if local_now.hour < send_from_hour:
        return None
    if now >= closes_at:
        return f"{OVERDUE_PREFIX}{local_now.date().isoformat()}"
    left = days_left(closes_at, now, zone)
    for days in sorted(REMINDER_DAYS):
        if left <= days:
            return f"before-{days}d"
    return None
