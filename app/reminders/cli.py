"""`flask reminders send`: the judging reminders that are due, for cron (hourly is right)."""
from __future__ import annotations

from datetime import datetime, timezone

import click
from flask.cli import AppGroup

from app.audit.context import bind_cli_actor
from app.reminders import services

reminders = AppGroup("reminders", help="Judging reminders by email.")


def _parse_now(value: str | None) -> datetime | None:
    """An ISO 8601 time; without an offset it is read as UTC."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 date and time, "
                                 "e.g. 2026-11-20T13:00:00Z.", param_hint="--now")
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@reminders.command("send")
@click.option("--now", "now_text", metavar="ISO",
              help="Act as if it were this time (ISO 8601, UTC unless an offset is given).")
def send_command(now_text: str | None):
    """Email every juror behind the steps due now (7, 2 and 1 days before the deadline, then
    daily), in their time zone; a step already sent is never sent again."""
    bind_cli_actor()
    result = services.send_due_reminders(_parse_now(now_text))
    for reminder in result.sent:
        steps = ", ".join(f"{item.outstanding.category.code} {item.step}" for item in reminder.items)
        click.echo(f"sent {reminder.juror.email}: {steps}")
    click.echo(f"{len(result.sent)} sent, {len(result.taken)} already sent by a concurrent run.")
