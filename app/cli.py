"""Registers every feature's command group on the `flask` CLI."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from app.accounts.cli import users
    from app.certificates.cli import certificates
    from app.demo.cli import demo
    from app.editions.cli import edition
    from app.judging.cli import results, reviews
    from app.municipalities.cli import municipalities
    from app.perception.cli import perception, ranking

    for group in (users, demo, municipalities, perception, ranking, reviews, results, edition,
                  certificates):
        app.cli.add_command(group)
