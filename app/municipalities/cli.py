"""`flask municipalities seed`: load the districts of Lima and Callao."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.audit.context import bind_cli_actor
from app.municipalities import services


@click.group(help="Manage municipalities.")
def municipalities():
    bind_cli_actor()


@municipalities.command("seed")
@with_appcontext
def seed():
    """Add the official districts of Lima and Callao that are missing (safe to repeat)."""
    added = services.seed_districts()
    click.echo(f"{added} municipalities added.")
