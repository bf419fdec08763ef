"""Registers every feature's command group on the `flask` CLI."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from app.accounts.cli import users
    from app.backup.cli import backup
    from app.certificates.cli import certificates
    from app.demo.cli import demo
    from app.editions.cli import edition
    from app.judging.cli import results, reviews
    from app.library.cli import library
    from app.municipalities.cli import municipalities
    from app.notifications.cli import mail_group
    from app.perception.cli import perception, ranking
    from app.reminders.cli import reminders

    for group in (users, demo, municipalities, perception, ranking, reviews, results, edition,
                  certificates, reminders, library, mail_group, backup):
        app.cli.add_command(group)
