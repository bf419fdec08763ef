"""`flask library import-history FILE` and `flask library refresh YEAR`."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from app.audit.context import bind_cli_actor
from app.audit.services import record
from app.editions.models import Edition
from app.extensions import db
from app.library import history, services


@click.group(help="The library of experiences and the awards of earlier editions.")
def library():
    bind_cli_actor()


@library.command("import-history")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_history(file: Path):
    """Import awards of earlier editions from a CSV or XLSX file: all rows or none."""
    with force_locale("en"):
        try:
            plan = services.import_history(file.read_bytes(), file.name)
        except services.HistoryImportRefused as refused:
            for line in history.problem_lines(refused.plan.problems):
                click.echo(line, err=True)
            raise click.ClickException("nothing was imported")
    click.echo(f"{len(plan.awards)} award(s) imported, {len(plan.skipped)} row(s) imported before "
               "and skipped.")


@library.command("refresh")
@click.argument("year", type=int)
@with_appcontext
def refresh(year: int):
    """Rebuild the library entries of an edition's awards (e.g. one published before the library
    existed)."""
    edition = db.session.scalar(select(Edition).where(Edition.year == year))
    if edition is None:
        raise click.ClickException(f"no edition {year}")
    services.refresh_edition(edition)
    record("library.refreshed", edition, summary={"year": year})
    db.session.commit()
    click.echo(f"Library entries of {edition.name} are up to date.")
