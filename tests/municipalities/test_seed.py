"""Seeding the districts of Lima and Callao from the INEI list."""
from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.municipalities.models import Municipality
from app.municipalities.services import read_districts, seed_districts


def _count(**filters) -> int:
    statement = select(func.count()).select_from(Municipality).filter_by(**filters)
    return db.session.scalar(statement)


def test_the_district_list_has_43_districts_of_lima_and_7_of_callao():
    rows = read_districts()
    assert len(rows) == 50
    assert sum(r["province"] == "Lima" for r in rows) == 43
    assert sum(r["province"] == "Callao" for r in rows) == 7
    assert len({r["official_code"] for r in rows}) == 50


def test_seeding_adds_the_50_districts(app):
    assert seed_districts() == 50
    assert _count() == 50
    assert _count(province="Lima") == 43
    assert _count(province="Callao") == 7
    assert _count(country="PE") == 50


def test_seeding_twice_adds_nothing_the_second_time(app):
    seed_districts()
    assert seed_districts() == 0
    assert _count() == 50


def test_seeding_keeps_a_district_already_present_and_its_edits(app, make_municipality):
    existing = make_municipality(name="Miraflores (editado)", code="150122")
    assert seed_districts() == 49
    db.session.refresh(existing)
    assert existing.name == "Miraflores (editado)"


def test_seeded_districts_use_the_ubigeo_as_official_code(app):
    seed_districts()
    miraflores = db.session.scalar(select(Municipality).where(Municipality.official_code == "150122"))
    assert miraflores.name == "Miraflores"
    assert miraflores.region == "Lima"
