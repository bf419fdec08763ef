"""`flask backup create|restore`: the whole platform (database and stored files) in one archive."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from app.backup import services

backup = AppGroup("backup", help="Back up and restore the database and the stored files.")


@backup.command("create")
@click.argument("path", type=click.Path(path_type=Path))
def create(path: Path) -> None:
    """Write a backup archive to PATH (a new .tar.gz file, or a folder for a dated one)."""
    try:
        summary = services.create_backup(path)
    except services.BackupError as error:
        raise click.ClickException(str(error)) from error
    size = summary.path.stat().st_size
    click.echo(f"Backup written to {summary.path} ({size / 1e6:.1f} MB): "
               f"tables {len(summary.manifest['database']['tables'])}, rows {summary.rows}, "
               f"stored files {summary.files}.")


@backup.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace the data of a database that is not empty.")
def restore(path: Path, force: bool) -> None:
    """Restore the database and the stored files from the archive at PATH.

    Stop the application first. The archive is checked against its manifest before anything
    changes; a database that already holds data is only replaced with --force.
    """
    try:
        summary = services.restore_backup(path, force=force)
    except services.BackupError as error:
        raise click.ClickException(str(error)) from error
    manifest = summary.manifest
    click.echo(f"Restored the backup of {manifest['created_at']}: rows {summary.rows}, "
               f"stored files {summary.files}.")
    if manifest.get("alembic_revision"):
        click.echo("Now run `flask --app app db upgrade` in case this version has newer migrations.")
