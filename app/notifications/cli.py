"""`flask mail retry`: send again what failed (for cron, after an SMTP outage)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from app import mail

mail_group = AppGroup("mail", help="Mail the platform sent.")


@mail_group.command("retry")
@click.option("--stuck-minutes", default=15, show_default=True, type=click.IntRange(min=1),
              help="Also resend messages still queued this long after they were written.")
def retry(stuck_minutes: int) -> None:
    """Resend failed messages (the stored .eml, with its Message-ID); exits with 1 while some
    still fail. Messages the server refused for good (5xx) are left for organisers to resend."""
    counts = mail.retry_failed(stuck_minutes=stuck_minutes)
    click.echo(f"Resent {counts['sent']}; still failing {counts['failed']}; refused for good "
               f"{counts['refused']} (not retried); file missing {counts['missing']}.")
    if counts["failed"]:
        raise SystemExit(1)
