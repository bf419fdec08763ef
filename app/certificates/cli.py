"""`flask certificates generate|export`: the bulk run in the foreground, and a folder of PDFs."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from app.audit.context import bind_cli_actor
from app.certificates import export, jobs, services
from app.editions.models import Edition
from app.extensions import db

certificates = AppGroup("certificates", help="Certificates of an edition.")


def _edition(year: int) -> Edition:
    edition = db.session.scalar(select(Edition).where(Edition.year == year))
    if edition is None:
        raise click.ClickException(f"There is no edition {year}.")
    return edition


class _Bar:
    """A click progress bar created once the run knows its total."""

    def __init__(self) -> None:
        self.bar = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=max(total, 1), label="Certificates", show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@certificates.command("generate")
@click.option("--edition", "year", type=int, required=True, help="Edition year, e.g. 2026.")
@click.option("--processes", type=int, default=None,
              help="Rendering processes (default: CERTIFICATE_PROCESSES or one per CPU core).")
def generate_command(year: int, processes: int | None):
    """Plan the missing certificates of a closed edition, render and issue every pending one,
    and mail them. Safe to repeat: an interrupted run carries on where it stopped."""
    bind_cli_actor()
    edition = _edition(year)
    bar = _Bar()
    with force_locale("en"):
        try:
            job = jobs.request_generation(edition)
            job = jobs.run_job(job.id, processes=processes, progress=bar)
        except (services.CertificateError, jobs.JobBusy) as error:
            raise click.ClickException(str(error))
        finally:
            bar.close()
    click.echo(f"{job.done} of {job.total} certificate(s) of {edition.name} issued.")


@certificates.command("export")
@click.option("--edition", "year", type=int, required=True, help="Edition year, e.g. 2026.")
@click.option("--to", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write into (created if missing).")
def export_command(year: int, folder: Path):
    """Write every issued certificate PDF of the edition as <short code>-<recipient>.pdf."""
    count = export.export_to(_edition(year), folder)
    click.echo(f"Wrote {count} certificate(s) to {folder}.")
