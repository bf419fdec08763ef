"""`flask perception import …` and `flask ranking show …`."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from app.audit.context import bind_cli_actor
from app.perception import parsing, services
from app.perception.periods import parse_period, parse_window


@click.group(help="Perception-of-insecurity survey data.")
def perception():
    bind_cli_actor()


@perception.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--period", required=True, help="Quarter, e.g. 2026-T3.")
@click.option("--source", "source_name", default="", help="Name of the source (default: the file name).")
@click.option("--organisation", default="")
@click.option("--synthetic", is_flag=True, help="The data are not a real survey.")
@click.option("--replace", is_flag=True, help="Supersede the quarter's current data (kept for audit).")
@click.option("--map", "mappings", multiple=True, metavar="COL=ROLE",
              help=f"Column role; roles: {', '.join(parsing.ROLES)}.")
@click.option("--sheet", default=None, help="XLSX sheet (default: the first).")
@click.option("--encoding", default=None, help="CSV encoding, e.g. utf-8, latin-1, cp1252 (default: detected).")
@click.option("--separator", type=click.Choice([",", ";", "tab"]), default=None,
              help="CSV separator (default: detected).")
@click.option("--decimal", type=click.Choice([".", ","]), default=None,
              help="Decimal mark (default: detected).")
@with_appcontext
def import_command(file: Path, period: str, source_name: str, organisation: str, synthetic: bool,
                   replace: bool, mappings: tuple[str, ...], sheet: str | None, encoding: str | None,
                   separator: str | None, decimal: str | None):
    """Import one quarter from a CSV or XLSX file: all rows or none."""
    roles = {}
    for mapping in mappings:
        column, sep, role = mapping.partition("=")
        if not sep or not column or not role:
            raise click.ClickException(f"--map needs COL=ROLE, got {mapping!r}")
        roles[column] = role
    try:
        parse_period(period)
        source = services.Source(name=source_name or file.name, organisation=organisation,
                                 synthetic=synthetic)
        with file.open("rb") as stream, force_locale("en"):
            survey_import = services.import_file(stream, file.name, period, source, replace=replace,
                                                 roles=roles or None, sheet=sheet, encoding=encoding,
                                                 separator="\t" if separator == "tab" else separator,
                                                 decimal=decimal)
    except ValueError as error:
        raise click.ClickException(str(error))
    except services.ImportRefused as error:
        for line in services.problem_lines(error.problems):
            click.echo(line, err=True)
        raise click.ClickException(str(error))
    click.echo(f"Imported {survey_import.period}: {len(survey_import.figures)} municipalities, "
               f"{survey_import.rows_read} rows ({survey_import.shape}), sha256 {survey_import.file_sha256}.")


@click.group(help="The Ranking de Ciudades Seguras.")
def ranking():
    bind_cli_actor()


@ranking.command("show")
@click.option("--period", required=True, help="Quarter, e.g. 2026-T3.")
@click.option("--window", default="", help="Pool several quarters, e.g. 2026-T1:2026-T3.")
@click.option("--min-n", "min_n", default=100.0, show_default=True, type=float,
              help="Minimum effective sample size to be ranked.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
def show(period: str, window: str, min_n: float, as_json: bool):
    """Print the ranking of a quarter (or a window of quarters)."""
    try:
        periods = parse_window(window) if window else [parse_period(period)]
    except ValueError as error:
        raise click.ClickException(str(error))
    rows = services.ranking(periods, min_n)
    if as_json:
        click.echo(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2))
        return
    for row in rows:
        place = "-" if row.rank is None else f"{row.rank} ({row.rank_best}-{row.rank_worst})"
        click.echo(f"{place:>12}  {row.name:<28} {row.pct:5.1f} %  "
                   f"[{row.ci_low:5.1f}, {row.ci_high:5.1f}]  n_eff {row.effective_n:7.1f}  {row.status}")
