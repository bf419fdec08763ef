"""List pages run the same number of queries for 1 row as for 50 (no N+1)."""
from __future__ import annotations

from decimal import Decimal

from app.accounts.models import Invitation
from app.db_types import utcnow
from app.editions.models import Category, RubricCriterion
from app.extensions import db
from app.municipalities.models import Municipality


def _add_users(make_user, n):
    for _ in range(n):
        make_user("nominator", "juror")


def test_people_page_query_count_does_not_grow(as_organiser, make_user, count_queries, organiser):
    _add_users(make_user, 1)
    db.session.add(Invitation(email="a@example.org", role="juror", token_hash="a" * 64,
                              invited_by_id=organiser.id, expires_at=utcnow()))
    db.session.commit()
    few = count_queries(as_organiser, "/people")
    _add_users(make_user, 49)
    for i in range(49):
        db.session.add(Invitation(email=f"b{i}@example.org", role="juror", token_hash=f"{i:064d}",
                                  invited_by_id=organiser.id, expires_at=utcnow()))
    db.session.commit()
    assert count_queries(as_organiser, "/people") == few


def _add_municipalities(n, start):
    for i in range(start, start + n):
        db.session.add(Municipality(name=f"Municipio {i}", country="SV", official_code=f"SV{i}"))
    db.session.commit()


def test_municipalities_page_query_count_does_not_grow(as_organiser, count_queries):
    _add_municipalities(1, 0)
    few = count_queries(as_organiser, "/organiser/municipalities/")
    _add_municipalities(49, 1)
    assert count_queries(as_organiser, "/organiser/municipalities/") == few


def _add_categories(edition, n, start):
    for i in range(start, start + n):
        category = Category(edition=edition, code=f"C{i}", name_es=f"Categoría {i}")
        category.criteria.append(RubricCriterion(name_es="Criterio", weight=Decimal(1)))
        db.session.add(category)
    db.session.commit()


def test_edition_page_query_count_does_not_grow(as_organiser, make_edition, count_queries):
    edition = make_edition(2026, status="nominations_open")
    _add_categories(edition, 1, 0)
    few = count_queries(as_organiser, "/organiser/editions/2026")
    public_few = count_queries(as_organiser, "/")
    _add_categories(edition, 49, 1)
    assert count_queries(as_organiser, "/organiser/editions/2026") == few
    assert count_queries(as_organiser, "/") == public_few


def test_editions_list_query_count_does_not_grow(as_organiser, make_edition, count_queries):
    make_edition(2000)
    few = count_queries(as_organiser, "/organiser/editions")
    for year in range(2001, 2050):
        make_edition(year)
    assert count_queries(as_organiser, "/organiser/editions") == few
