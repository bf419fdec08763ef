"""`flask edition close …` and `flask edition verify …`: closing an edition and checking its seal."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from app.audit.context import bind_cli_actor
from app.editions import closing
from app.editions.models import Edition
from app.editions.services import EditionError
from app.extensions import db

edition = AppGroup("edition", help="Close an edition and verify its seal and audit chain.")


def _edition(year: int) -> Edition:
    found = db.session.scalar(select(Edition).where(Edition.year == year))
    if found is None:
        raise click.ClickException(f"There is no edition {year}.")
    return found


@edition.command("close")
@click.option("--edition", "year", type=int, required=True, help="Edition year, e.g. 2026.")
@click.option("--excuse-drafts", "reason", default=None, metavar="REASON",
              help="Close although some reviews are still drafts, for this recorded reason.")
def close_command(year: int, reason: str | None):
    """Close the edition: check every category is decided, freeze its results and seal them."""
    bind_cli_actor()
    with force_locale("en"):
        try:
            closed = closing.close_edition(_edition(year), excuse_drafts=reason)
        except EditionError as error:
            raise click.ClickException(str(error))
    click.echo(f"{closed.name} is closed. Seal (SHA-256): {closed.seal_sha256}")


@edition.command("verify")
@click.option("--edition", "year", type=int, required=True, help="Edition year, e.g. 2026.")
def verify_command(year: int):
    """Recompute the seal from the database and walk the audit chain; exit 1 on any mismatch."""
    with force_locale("en"):
        result = closing.verify(_edition(year))
        for line in result.problems:
            click.echo(f"MISMATCH: {line}")
    if result.sealed and not result.seal_problems:
        click.echo(f"Seal OK: {result.seal_sha256}")
    if result.chain.ok:
        click.echo(f"Audit chain OK: {result.chain.chained} chained events of "
                   f"{result.chain.events}, head {result.chain.head}")
    if not result.ok:
        raise SystemExit(1)
    click.echo("OK")
