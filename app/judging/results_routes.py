"""Organisers' leaderboard of a jury category: the ranking with its flags and sensitivity, the
jurors' score distributions, the CSV, and moving nominations on."""
from __future__ import annotations

from babel.numbers import get_decimal_symbol, get_minus_sign_symbol
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_login import current_user

from app.accounts.permissions import require
from app.exports import tables
from app.judging import charts, results
from app.judging.results_forms import TOP, MoveForm

bp = Blueprint("results", __name__,
               url_prefix="/organiser/editions/<int:year>/categories/<code>")

view_required = require(results.can_view_leaderboard)

CSV_COLUMNS = ("position", "tied", "reference", "title", "nominee", "status", "score",
               "score_mean", "score_median", "score_trimmed", "score_z", "n_reviews", "spread")


def _board(year: int, code: str) -> results.Leaderboard:
    category = results.find_category(year, code)
    if category is None:
        abort(404)
    board = results.load(category, request.args.get("round", type=int))
    if board is None:
        abort(404)
    return board


def number_formatter():
    """Figures for the page in the reader's language (a dash when there is none). Formats with
    Python and swaps in the locale's symbols: babel's format_decimal for each of the page's
    thousand figures would cost more than the whole ranking."""
    locale = str(get_locale() or "es")
    decimal, minus = get_decimal_symbol(locale), get_minus_sign_symbol(locale)

    def number(value, digits: int = 2) -> str:
        if value is None:
            return "—"
        return f"{value:.{digits}f}".replace("-", minus).replace(".", decimal)
    return number


def _render(board: results.Leaderboard, form: MoveForm, selected: set[int], status: int = 200):
    page_count = max((len(board.rows) + results.PER_PAGE - 1) // results.PER_PAGE, 1)
    page = min(max(request.args.get("page", 1, type=int), 1), page_count)
    start = (page - 1) * results.PER_PAGE
    plot = charts.juror_plot([(j.name or j.email, j.stats.totals) for j in board.jurors])
    return render_template(
        "judging/organiser/leaderboard.html", board=board, edition=board.edition,
        category=board.category, rows=board.rows[start:start + results.PER_PAGE], page=page,
        page_count=page_count, form=form, selected=selected, plot=plot,
        juror_lanes=list(zip(board.jurors, plot.lanes)), number=number_formatter(),
        can_move=results.can_move_nominations(current_user, board.category)), status


def _form(board: results.Leaderboard, **kwargs) -> MoveForm:
    return MoveForm(next_round=board.next_round is not None, **kwargs)


@bp.get("/leaderboard")
@view_required
def leaderboard(year: int, code: str):
    board = _board(year, code)
    return _render(board, _form(board, formdata=None), set())


@bp.get("/leaderboard.csv")
@view_required
def leaderboard_csv(year: int, code: str):
    board = _board(year, code)
    header = [*CSV_COLUMNS, "flags", "tie_break_mean",
              *(f"mean: {c.name_es}" for c in board.category.criteria)]
    rows = [[values[column] for column in CSV_COLUMNS]
            + [";".join(values["flags"]), values["tie_break_mean"]]
            + [m["mean"] for m in values["criterion_means"]]
            for values in board.row_dicts()]
    round_part = f"-round{board.round.position}" if board.round else ""
    name = f"leaderboard-{board.edition.year}-{board.category.code}{round_part}.csv"
    return tables.to_csv(tables.Table(name, header, rows)), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "private, no-store"}


@bp.post("/leaderboard/move")
@view_required
def move(year: int, code: str):
    board = _board(year, code)
    form = _form(board)
    selected = set(request.form.getlist("ids", type=int))
    if not form.validate_on_submit():
        return _render(board, form, selected, 400)
    try:
        outcome = results.move(current_user, board, form.target.data,
                               nomination_ids=None if form.scope.data == TOP else sorted(selected),
                               top_n=form.top_n.data if form.scope.data == TOP else None)
    except results.ResultsError as error:
        flash(str(error), "error")
        return _render(board, form, selected, 409)
    flash(_moved_message(outcome), "success")
    return redirect(url_for(".leaderboard", year=year, code=code,
                            round=board.round.position if board.round else None))


def _moved_message(outcome: results.MoveOutcome) -> str:
    moved, unchanged = len(outcome.moved), len(outcome.unchanged)
    if outcome.target == results.NEXT_ROUND:
        text = ngettext("%(num)d nomination moved into the next round.",
                        "%(num)d nominations moved into the next round.", moved)
    elif outcome.target == results.FINALIST:
        text = ngettext("%(num)d nomination marked as finalist.",
                        "%(num)d nominations marked as finalists.", moved)
    else:
        text = ngettext("%(num)d nomination shortlisted.", "%(num)d nominations shortlisted.",
                        moved)
    if unchanged:
        text += " " + ngettext("%(num)d was already there.", "%(num)d were already there.",
                               unchanged)
    return text
