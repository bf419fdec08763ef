"""`flask demo load`: the 2026 edition with people and nominations to try the platform."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.audit.context import bind_cli_actor
from app.demo.closing import DemoCloseError, close_demo_edition, demo_edition_to_close
from app.demo.services import CREDENTIALS_FILE, demo_logins, load_demo
from app.editions.models import Edition
from app.extensions import db


@click.group(help="Demo data.")
def demo():
    bind_cli_actor()


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Only when the database has no edition yet.")
@with_appcontext
def load(if_empty: bool):
    """Create the demo edition, people and nominations that are missing (safe to repeat)."""
    if if_empty and db.session.scalar(select(Edition.id).limit(1)) is not None:
        click.echo("The database already has editions; demo not loaded.")
        return
    logins = load_demo(Path(current_app.instance_path))
    click.echo("Demo data of 'IV Premios Safe City 2026' is loaded.")
    _print_logins(logins)


@demo.command("close")
@click.option("--edition", "year", type=int, default=None,
              help="Edition year (default: the demo's 2025 edition, which is in judging).")
@click.option("--processes", type=int, default=None, help="Certificate rendering processes.")
@with_appcontext
def close(year: int | None, processes: int | None):
    """Take the demo edition through deliberation to closed and published, with every
    certificate generated (safe to repeat)."""
    try:
        edition, issued = close_demo_edition(demo_edition_to_close(year), processes)
    except DemoCloseError as error:
        raise click.ClickException(str(error))
    click.echo(f"{edition.name}: {edition.status}, seal {edition.seal_sha256}; "
               f"{issued} certificate(s) issued.")
    click.echo(f"Results: /editions/{edition.year}/results")


@demo.command("logins")
@click.option("--role", type=click.Choice(["organiser", "juror", "nominator"]))
@with_appcontext
def logins(role: str | None):
    """Print the demo logins kept in instance/."""
    _print_logins([row for row in demo_logins(Path(current_app.instance_path))
                   if role is None or row[0] == role])


def _print_logins(rows: list[tuple[str, str, str]]) -> None:
    click.echo(f"Demo logins (also in instance/{CREDENTIALS_FILE}):")
    for role, email, password in rows:
        click.echo(f"  {role:<10} {email:<42} {password}")
