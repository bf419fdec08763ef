"""A small survey with hand-checked intervals, and a ranking category deciding by it.

Every row has n_eff = 1000 unless said otherwise; the 95 % Wilson intervals (in %) are:
Callao 12.0 [10.13, 14.16], Miraflores 20.0 [17.64, 22.59], San Isidro 30.0 [27.24, 32.91],
San Borja 40.0 [37.01, 43.07], Santiago de Surco 41.0 [37.99, 44.08], Surquillo 60.0
[56.93, 62.99]; Lima (Cercado) 10.0 with n_eff 60 is an insufficient sample. So San Borja and
Surco overlap; no other neighbours do.
"""
from __future__ import annotations

import io

import pytest
from flask_babel import force_locale

from app.extensions import db
from app.municipalities.services import seed_districts
from app.perception import services as perception

CALLAO, MIRAFLORES, SAN_ISIDRO, SAN_BORJA, SURCO, SURQUILLO, CERCADO = (
    "070101", "150122", "150131", "150130", "150140", "150141", "150101")

SURVEY = [  # code, respondents, pct, effective n
    (CALLAO, 1000, 12.0, 1000), (MIRAFLORES, 1000, 20.0, 1000), (SAN_ISIDRO, 1000, 30.0, 1000),
    (SAN_BORJA, 1000, 40.0, 1000), (SURCO, 1000, 41.0, 1000), (SURQUILLO, 1000, 60.0, 1000),
    (CERCADO, 60, 10.0, 60),
]
LIMA_SELECTION = [MIRAFLORES, SAN_ISIDRO, SAN_BORJA, SURCO, SURQUILLO, CERCADO]


@pytest.fixture
def english(app):
    """Service messages in English, so tests can match them (the default language is Spanish)."""
    with force_locale("en"):
        yield


@pytest.fixture
def districts(app):
    seed_districts()


@pytest.fixture
def import_quarter(districts):
    """Import aggregate rows for a quarter (replacing what it had)."""
    def run(period: str, rows, replace: bool = False):
        text = "ubigeo,respondents,pct,effective_n\n" + "".join(
            f"{code},{n},{pct},{n_eff}\n" for code, n, pct, n_eff in rows)
        return perception.import_file(io.BytesIO(text.encode()), f"{period}.csv", period,
                                      perception.Source(name="Encuesta de prueba"),
                                      replace=replace)
    return run


@pytest.fixture
def survey(import_quarter):
    return import_quarter("2026-T3", SURVEY)


@pytest.fixture
def make_ranking_category(make_category):
    """PER with gold, silver, bronze and two mentions, decided by the 2026-T3 ranking."""
    def make(edition, **values):
        settings = {"places_gold": 1, "places_silver": 1, "places_bronze": 1, "mentions": 2,
                    "ranking_period": "2026-T3", **values}
        return make_category(edition, "PER", kind="ranking", criteria=0, **settings)
    return make


@pytest.fixture
def category_in(make_edition, make_ranking_category):
    """A ranking category in an edition of the given status."""
    def make(status: str = "judging", **values):
        return make_ranking_category(make_edition(2026, status=status), **values)
    return make


def codes_and_places(awards) -> list[tuple[str, str]]:
    return [(a.municipality.official_code, a.place) for a in awards]


def reload(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)
