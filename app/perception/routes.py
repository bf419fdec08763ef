"""The public Ranking de Ciudades Seguras, per quarter or window, with its CSV."""
from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.exports import tables
from app.perception import services
from app.perception.charts import ranking_charts
from app.perception.periods import Period, parse_period, parse_window

bp = Blueprint("rankings", __name__)


def _periods(period: str) -> list[Period]:
    """The quarter of the URL, or the window given as ?window=2026-T1:2026-T3 ending there."""
    try:
        quarter = parse_period(period)
        window = request.args.get("window", "")
        periods = parse_window(window) if window else [quarter]
    except ValueError:
        abort(404)
    if periods[-1] != quarter:
        abort(404)
    return periods


def _ranking_or_404(period: str):
    """The quarter's (or window's) periods, ranked rows and sources; 404 when there is no data."""
    periods = _periods(period)
    rows = services.ranking(periods)
    if not rows:
        abort(404)
    return periods, rows, services.sources_for(periods)


@bp.get("/ranking")
def latest_ranking():
    latest = services.latest_period()
    if latest is None:
        return render_template("perception/public/no_ranking.html")
    return redirect(url_for("rankings.show_ranking", period=str(latest)))


@bp.get("/ranking/<period>")
def show_ranking(period: str):
    periods, rows, sources = _ranking_or_404(period)
    charts = ranking_charts(rows, services.quarterly_trends(periods[-1]), periods[-1])
    return render_template("perception/public/ranking.html", rows=rows, periods=periods,
                           sources=sources, synthetic=any(s.synthetic for s in sources),
                           window=request.args.get("window", ""), charts=charts)


@bp.get("/ranking/<period>.csv")
def ranking_csv(period: str):
    periods, rows, sources = _ranking_or_404(period)
    columns = ["code", "name", "respondents", "effective_n", "pct", "ci_low", "ci_high", "rank",
               "rank_best", "rank_worst", "status"]
    values = [[row.as_dict()[c] for c in columns] for row in rows]
    if any(s.synthetic for s in sources):
        values.append([_("SYNTHETIC DATA: not a real survey.")])
    name = f"ranking-{periods[0]}" + (f"_{periods[-1]}" if len(periods) > 1 else "") + ".csv"
    return Response(tables.to_csv(tables.Table(name, columns, values)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
