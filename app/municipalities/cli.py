"""`flask municipalities seed`: load the districts of Lima and Callao."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.audit.context import set_actor_context
from app.municipalities import services


@click.group(help="Manage municipalities.")
def municipalities():
    set_actor_context(None, "cli")


@municipalities.command("seed")
@with_appcontext
def seed():
    """Add the official districts of Lima and Callao that are missing (safe to repeat)."""
    added = services.seed_districts()
    click.echo(f"{added} municipalities added.")
