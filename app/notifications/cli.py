"""`flask mail retry`: send again what failed (for cron, after an SMTP outage), and the
receipts a dead worker left undrawn."""
from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import AppGroup

from app import mail
from app.nominations import receipt_mail

mail_group = AppGroup("mail", help="Mail the platform sent.")


@mail_group.command("retry")
@click.option("--stuck-minutes", default=15, show_default=True, type=click.IntRange(min=1),
              help="Also resend messages still queued, and send receipts still owed, this long "
                   "after they were written.")
def retry(stuck_minutes: int) -> None:
    """Resend failed messages (the stored .eml, with its Message-ID); exits with 1 while some
    still fail. Messages the server refused for good (5xx) are left for organisers to resend."""
    receipts = receipt_mail.deliver_overdue(timedelta(minutes=stuck_minutes))
    counts = mail.retry_failed(stuck_minutes=stuck_minutes)
    click.echo(f"Receipts owed since before the last {stuck_minutes} min, sent: {receipts}.")
    click.echo(f"Resent {counts['sent']}; still failing {counts['failed']}; refused for good "
               f"{counts['refused']} (not retried); file missing {counts['missing']}.")
    if counts["failed"]:
        raise SystemExit(1)
