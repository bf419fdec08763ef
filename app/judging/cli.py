"""`flask reviews ...` and `flask results ...`: judging from the command line."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from app.audit.context import bind_cli_actor
from app.editions.freeze import EditionFrozen
from app.editions.models import Edition
from app.extensions import db
from app.judging import imports
from app.judging import results as leaderboards

reviews = AppGroup("reviews", help="Import and export jury reviews.")
results = AppGroup("results", help="Leaderboards of jury categories.")


def _jury_category(year: int, code: str):
    edition = db.session.scalar(select(Edition).where(Edition.year == year))
    if edition is None:
        raise click.ClickException(f"There is no edition {year}.")
    category = next((c for c in edition.categories if c.code == code.upper()), None)
    if category is None:
        raise click.ClickException(f"Edition {year} has no category {code.upper()}.")
    if not category.is_jury:
        raise click.ClickException(f"{category.code} is decided by the ranking and has no reviews.")
    return category


@reviews.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--edition", "year", type=int, required=True, help="Edition year, e.g. 2026.")
@click.option("--category", "code", required=True, help="Category code, e.g. INN.")
@click.option("--dry-run", is_flag=True,
              help="Check the file and say what it would record; write nothing.")
def import_command(file: Path, year: int, code: str, dry_run: bool):
    """Record scores given on paper or in a meeting (CSV or XLSX) as submitted reviews: all rows
    or none. Columns: reference, juror email, criterion (name or position), score, comment."""
    bind_cli_actor()
    category = _jury_category(year, code)
    data = file.read_bytes()
    with force_locale("en"):
        try:
            plan = (imports.preview(category, data, file.name) if dry_run
                    else imports.import_reviews(category, data, file.name))
        except imports.ImportRefused as refused:
            plan = refused.plan
        except EditionFrozen as frozen:
            raise click.ClickException(f"{frozen} Nothing was imported.")
        if plan.problems:
            for line in imports.problem_lines(plan.problems):
                click.echo(line, err=True)
            raise click.ClickException(f"{len(plan.problems)} problem(s) in {file.name}; "
                                       "nothing was imported.")
    outcome = "would be recorded" if dry_run else "recorded"
    click.echo(f"{len(plan.reviews)} submitted review(s) {outcome} from {plan.rows_read} rows "
               f"({plan.created} new, {plan.replaced} replacing a draft or an earlier import); "
               f"{plan.new_assignments} new assignment(s); source: {plan.source_note}."
               + (" Dry run: nothing was written." if dry_run else ""))


@reviews.command("export")
@click.option("--edition", "year", type=int, required=True, help="Edition year, e.g. 2026.")
@click.option("--category", "code", required=True, help="Category code, e.g. INN.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write: .csv (UTF-8) or .xlsx.")
def export_command(year: int, code: str, out: Path):
    """Write one row per submitted review and criterion of the current round: reference,
    juror_email, criterion, weight, scale_min, scale_max, score, source, comment."""
    rows = imports.export_rows(_jury_category(year, code))
    out.write_bytes(imports.to_xlsx(rows) if out.suffix.lower() == ".xlsx"
                    else imports.to_csv(rows, bom=False))
    click.echo(f"Wrote {len(rows)} rows to {out}.")


def _figure(value) -> str:
    return "-" if value is None else f"{value:.2f}"


@results.command("show")
@click.option("--edition", "year", type=int, required=True, help="Edition year, e.g. 2026.")
@click.option("--category", "code", required=True, help="Category code, e.g. INN.")
@click.option("--round", "round_position", type=int, default=None,
              help="Round number (default: the latest round).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, every figure unrounded.")
def show_results(year: int, code: str, round_position: int | None, as_json: bool):
    """Print a jury category's leaderboard: positions by the edition's method, with the mean,
    median, trimmed mean and normalised score of each nomination, its reviews, spread and flags."""
    category = _jury_category(year, code)
    board = leaderboards.load(category, round_position)
    if board is None:
        raise click.ClickException(f"{category.code} has no round {round_position}.")
    if as_json:
        click.echo(json.dumps(board.row_dicts(), ensure_ascii=False, indent=2))
        return
    if board.round is None:
        click.echo(f"{category.code} has no round yet: judging has not opened.")
        return
    click.echo(f"{category.code} round {board.round.position}: ranked by "
               f"{board.rules.ranking_method}; {len(board.rows)} nominations.")
    click.echo(f"{'pos':>5}  {'reference':<20} {'score':>7} {'mean':>7} {'median':>7} "
               f"{'trimmed':>7} {'z':>7} {'n':>3} {'spread':>7}  flags")
    for row in board.rows:
        s = row.standing
        position = "-" if s.position is None else f"{s.position}{'=' if s.tied else ''}"
        click.echo(f"{position:>5}  {row.nomination.reference:<20} {_figure(s.score):>7} "
                   f"{_figure(s.score_mean):>7} {_figure(s.score_median):>7} "
                   f"{_figure(s.score_trimmed):>7} {_figure(s.score_z):>7} {s.n_reviews:>3} "
                   f"{_figure(s.spread):>7}  {','.join(s.flags)}")
