"""/api/v1: read the query, find what is public, answer JSON (conventions in app/api/http.py)."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _

from app.api import http, openapi, queries, serializers
from app.editions import seal
from app.editions.models import Edition
from app.extensions import limiter
from app.perception import services as perception
from app.perception.periods import MAX_WINDOW_QUARTERS, parse_period
from app.publication import services as publication
from app.publication.permissions import results_are_public

bp = Blueprint("api", __name__, url_prefix=openapi.SERVER)


@bp.after_app_request
def _cors(response):
    """Every answer under /api/, errors and preflights included, may be read by any site."""
    if request.path.startswith("/api/"):
        http.add_cors(response)
    return response


def _edition_or_404(year: int) -> Edition:
    edition = queries.public_edition(year)
    if edition is None:
        http.not_found(_("No public edition has this year."))
    return edition


@bp.get("/openapi.json")
def openapi_document():
    return http.cached_json(openapi.document())


@bp.get("/docs")
def docs():
    document = openapi.document()
    return render_template("api/docs.html", document=document,
                           operations=openapi.operations(document))


@bp.get("/editions")
def list_editions():
    page = http.page_of_query(queries.public_editions(), http.page_request())
    return http.listing(page, [serializers.edition(e) for e in page.items], ".list_editions")


@bp.get("/editions/<int:year>")
def show_edition(year: int):
    return http.cached_json(serializers.edition(_edition_or_404(year)))


@bp.get("/editions/<int:year>/categories")
def list_categories(year: int):
    edition = _edition_or_404(year)
    page = http.page_of_list(edition.categories, http.page_request())
    return http.listing(page, [serializers.category(c) for c in page.items], ".list_categories",
                        year=year)


@bp.get("/editions/<int:year>/results")
def show_results(year: int):
    edition = _edition_or_404(year)
    if not results_are_public(edition):
        http.not_found(_("The results of this edition are not published yet."))
    return http.cached_json(serializers.results(edition, publication.category_results(edition),
                                                seal.method(edition)))


@bp.get("/rankings")
def list_rankings():
    page = http.page_of_query(queries.ranking_periods(), http.page_request())
    return http.listing(page, [serializers.ranking_period(i) for i in page.items],
                        ".list_rankings")


@bp.get("/rankings/<period>")
def show_ranking(period: str):
    quarters = http.int_arg("quarters", 1, 1, MAX_WINDOW_QUARTERS)
    try:
        last = parse_period(period)
    except ValueError:
        http.not_found(_("There is no ranking for this period; periods are written like "
                         "2026-T3."))
    periods = queries.window_ending(last, quarters)
    rows = perception.ranking(periods) if periods else []
    if not rows:
        http.not_found(_("There is no ranking for this period."))
    return http.cached_json(serializers.ranking(periods, rows, perception.sources_for(periods)))


def _certificate_check_limit() -> str:
    return current_app.config.get("CERTIFICATE_CHECK_RATE_LIMIT", "60 per minute")


@bp.get("/certificates/<code>")
@limiter.limit(_certificate_check_limit)
def check_certificate(code: str):
    check = queries.certificate_check(code)
    if check is None:
        http.not_found(_("No certificate has this code."))
    return http.cached_json(serializers.certificate(check))
