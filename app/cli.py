"""Registers every feature's command group on the `flask` CLI."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from app.accounts.cli import users
    from app.demo.cli import demo
    from app.municipalities.cli import municipalities

    for group in (users, demo, municipalities):
        app.cli.add_command(group)
