"""Rubric criteria: weights, scales, the single tie-breaker, and the lock once judging starts."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.editions import services
from app.editions.models import RubricCriterion
from app.editions.services import EditionError
from app.extensions import db

BASE = "/organiser/editions/2026/categories/INN"


def _criterion_form(**overrides) -> dict:
    data = {"name_es": "Sostenibilidad", "name_en": "Sustainability",
            "guidance_es": "¿Seguirá funcionando sin el equipo actual?", "guidance_en": "",
            "weight": "15", "scale_min": "1", "scale_max": "10"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _values(**overrides) -> dict:
    values = {"name_es": "Impacto", "weight": Decimal("20"), "scale_min": 1, "scale_max": 10,
              "is_tie_breaker": False}
    values.update(overrides)
    return values


def _criterion_count() -> int:
    return db.session.scalar(select(func.count()).select_from(RubricCriterion))


def _tie_breakers(category) -> list[str]:
    db.session.expire_all()
    return [c.name_es for c in category.criteria if c.is_tie_breaker]


# -- adding -----------------------------------------------------------------------------------

def test_organiser_adds_a_criterion_through_the_form(as_organiser, make_edition, make_category,
                                                     audit_events):
    category = make_category(make_edition(), "INN")

    response = as_organiser.post(f"{BASE}/criteria", data=_criterion_form())

    assert response.status_code == 302
    db.session.expire_all()
    added = category.criteria[-1]
    assert added.name_es == "Sostenibilidad"
    assert added.weight == Decimal("15")
    assert (added.scale_min, added.scale_max) == (1, 10)
    assert added.position == 3
    assert audit_events("criterion.created")[0].summary["category"] == "INN"


def test_a_criterion_defaults_to_a_scale_from_one_to_ten(make_edition, make_category):
    category = make_category(make_edition(), "INN", criteria=0)
    criterion = services.add_criterion(category, {"name_es": "Impacto", "weight": Decimal("1")})
    assert (criterion.scale_min, criterion.scale_max) == (1, 10)


@pytest.mark.parametrize("weight", ["0", "-5"])
def test_a_weight_that_is_not_positive_is_refused_by_the_form(weight, as_organiser, make_edition,
                                                              make_category):
    make_category(make_edition(), "INN")
    response = as_organiser.post(f"{BASE}/criteria", data=_criterion_form(weight=weight))
    assert response.status_code == 400
    assert "is-invalid" in response.get_data(as_text=True)
    assert _criterion_count() == 2


@pytest.mark.parametrize("weight", [Decimal("0"), Decimal("-1")])
def test_a_weight_that_is_not_positive_is_refused_by_the_service(weight, make_edition,
                                                                 make_category):
    category = make_category(make_edition(), "INN")
    with pytest.raises(EditionError):
        services.add_criterion(category, _values(weight=weight))
    with pytest.raises(EditionError):
        services.update_criterion(category.criteria[0], _values(weight=weight))
    db.session.rollback()
    assert _criterion_count() == 2
    assert category.criteria[0].weight == Decimal("10")


@pytest.mark.parametrize("scale_min, scale_max", [("5", "5"), ("10", "1")])
def test_a_scale_whose_lowest_is_not_below_its_highest_is_refused_by_the_form(
        scale_min, scale_max, as_organiser, make_edition, make_category):
    make_category(make_edition(), "INN")
    response = as_organiser.post(f"{BASE}/criteria",
                                 data=_criterion_form(scale_min=scale_min, scale_max=scale_max))
    assert response.status_code == 400
    assert _criterion_count() == 2


@pytest.mark.parametrize("scale_min, scale_max", [(5, 5), (10, 1)])
def test_a_scale_whose_lowest_is_not_below_its_highest_is_refused_by_the_service(
        scale_min, scale_max, make_edition, make_category):
    category = make_category(make_edition(), "INN")
    with pytest.raises(EditionError):
        services.add_criterion(category, _values(scale_min=scale_min, scale_max=scale_max))
    db.session.rollback()
    assert _criterion_count() == 2


def test_criteria_cannot_be_added_to_a_ranking_category(make_edition, make_category):
    category = make_category(make_edition(), "PER", kind="ranking", criteria=0)
    with pytest.raises(EditionError, match="PER"):
        services.add_criterion(category, _values())
    db.session.rollback()
    assert _criterion_count() == 0


def test_the_form_cannot_add_criteria_to_a_ranking_category(as_organiser, make_edition,
                                                            make_category):
    make_category(make_edition(), "PER", kind="ranking", criteria=0)
    response = as_organiser.post("/organiser/editions/2026/categories/PER/criteria",
                                 data=_criterion_form())
    assert response.status_code == 400
    assert _criterion_count() == 0


# -- tie-breaker ------------------------------------------------------------------------------

def test_adding_a_tie_breaker_unmarks_the_previous_one(as_organiser, make_edition, make_category):
    category = make_category(make_edition(), "INN")
    assert _tie_breakers(category) == ["Criterio 1"]

    response = as_organiser.post(f"{BASE}/criteria", data=_criterion_form(is_tie_breaker="y"))

    assert response.status_code == 302
    assert _tie_breakers(category) == ["Sostenibilidad"]


def test_marking_another_criterion_as_tie_breaker_unmarks_the_first(make_edition, make_category):
    category = make_category(make_edition(), "INN")
    second = category.criteria[1]

    services.update_criterion(second, _values(name_es=second.name_es, weight=second.weight,
                                              is_tie_breaker=True))

    assert _tie_breakers(category) == ["Criterio 2"]


def test_marking_a_tie_breaker_through_the_edit_form_unmarks_the_first(as_organiser, make_edition,
                                                                      make_category):
    category = make_category(make_edition(), "INN")
    second = category.criteria[1]

    response = as_organiser.post(f"{BASE}/criteria/{second.id}/edit",
                                 data=_criterion_form(name_es="Criterio 2", weight="20",
                                                      is_tie_breaker="y"))

    assert response.status_code == 302
    assert _tie_breakers(category) == ["Criterio 2"]


def test_the_database_refuses_two_tie_breakers_in_one_category(make_edition, make_category):
    category = make_category(make_edition(), "INN", criteria=0)
    db.session.add_all([
        RubricCriterion(category_id=category.id, name_es="A", weight=Decimal(1), is_tie_breaker=True),
        RubricCriterion(category_id=category.id, name_es="B", weight=Decimal(1), is_tie_breaker=True),
    ])
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_database_allows_one_tie_breaker_per_category(make_edition, make_category):
    edition = make_edition()
    first = make_category(edition, "INN", criteria=0)
    second = make_category(edition, "TUR", criteria=0)
    db.session.add_all([
        RubricCriterion(category_id=first.id, name_es="A", weight=Decimal(1), is_tie_breaker=True),
        RubricCriterion(category_id=second.id, name_es="B", weight=Decimal(1), is_tie_breaker=True),
        RubricCriterion(category_id=second.id, name_es="C", weight=Decimal(1), is_tie_breaker=False),
        RubricCriterion(category_id=second.id, name_es="D", weight=Decimal(1), is_tie_breaker=False),
    ])
    db.session.commit()
    assert _criterion_count() == 4


# -- weights as percentages -------------------------------------------------------------------

def test_weights_are_shown_as_percentages_of_the_total(as_organiser, make_edition, make_category):
    category = make_category(make_edition(), "INN", criteria=0)
    category.criteria.extend([
        RubricCriterion(name_es="Impacto", weight=Decimal(10), position=1),
        RubricCriterion(name_es="Evidencia", weight=Decimal(30), position=2),
    ])
    db.session.commit()

    html = as_organiser.get(BASE).get_data(as_text=True)

    # 10 of 40 and 30 of 40; either decimal separator, so locale-aware formatting also passes.
    assert re.search(r"25[.,]0\s*%", html)
    assert re.search(r"75[.,]0\s*%", html)
    assert category.weight_percent(category.criteria[0]) == pytest.approx(25.0)


def test_the_weight_percentage_of_an_empty_rubric_is_zero(make_edition, make_category):
    category = make_category(make_edition(), "INN", criteria=0)
    assert category.total_weight == 0
    assert category.weight_percent(RubricCriterion(name_es="X", weight=Decimal(5))) == 0.0


# -- locked once judging starts ---------------------------------------------------------------

@pytest.mark.parametrize("status", ["judging", "deliberation", "closed", "published"])
def test_adding_a_criterion_is_refused_once_judging_has_started(status, make_edition,
                                                                make_category):
    category = make_category(make_edition(status=status), "INN")
    with pytest.raises(EditionError, match="INN"):
        services.add_criterion(category, _values())
    db.session.rollback()
    assert _criterion_count() == 2


def test_editing_a_criterion_is_refused_once_judging_has_started(make_edition, make_category):
    category = make_category(make_edition(status="judging"), "INN")
    criterion = category.criteria[0]
    with pytest.raises(EditionError, match="INN"):
        services.update_criterion(criterion, _values(weight=Decimal(99)))
    db.session.rollback()
    db.session.expire_all()
    assert criterion.weight == Decimal("10")


def test_deleting_a_criterion_is_refused_once_judging_has_started(make_edition, make_category,
                                                                  audit_events):
    category = make_category(make_edition(status="judging"), "INN")
    with pytest.raises(EditionError, match="INN"):
        services.delete_criterion(category.criteria[0])
    db.session.rollback()
    assert _criterion_count() == 2
    assert audit_events("criterion.deleted") == []


def test_the_rubric_routes_change_nothing_once_judging_has_started(as_organiser, make_edition,
                                                                   make_category):
    category = make_category(make_edition(status="judging"), "INN")
    criterion_id = category.criteria[0].id

    added = as_organiser.post(f"{BASE}/criteria", data=_criterion_form())
    edited = as_organiser.post(f"{BASE}/criteria/{criterion_id}/edit",
                               data=_criterion_form(name_es="Cambiado", weight="99"))
    deleted = as_organiser.post(f"{BASE}/criteria/{criterion_id}/delete")
    after_delete = as_organiser.get(deleted.headers["Location"]).get_data(as_text=True)

    assert added.status_code == 400
    assert re.search(r'class="alert alert-danger"[^>]*>[^<]*INN', added.get_data(as_text=True))
    assert edited.status_code == 200
    assert deleted.status_code == 302
    assert "alert-danger" in after_delete
    db.session.expire_all()
    assert [(c.name_es, c.weight) for c in category.criteria] == [
        ("Criterio 1", Decimal("10")), ("Criterio 2", Decimal("20"))]


def test_the_category_page_hides_the_rubric_form_once_judging_has_started(as_organiser,
                                                                          make_edition,
                                                                          make_category):
    make_category(make_edition(status="judging"), "INN")
    html = as_organiser.get(BASE).get_data(as_text=True)
    assert f'action="{BASE}/criteria"' not in html
    assert "/delete" not in html


# -- edit and delete before judging -----------------------------------------------------------

def test_editing_a_criterion_before_judging_saves_it(as_organiser, make_edition, make_category,
                                                     audit_events):
    category = make_category(make_edition(), "INN")
    criterion = category.criteria[0]

    response = as_organiser.post(f"{BASE}/criteria/{criterion.id}/edit",
                                 data=_criterion_form(name_es="Impacto medible", weight="40",
                                                      is_tie_breaker="y"))

    assert response.status_code == 302
    db.session.expire_all()
    assert criterion.name_es == "Impacto medible"
    assert criterion.weight == Decimal("40")
    old, new = audit_events("criterion.updated")[0].summary["weight"]
    assert (Decimal(old), Decimal(new)) == (Decimal(10), Decimal(40))


def test_deleting_a_criterion_before_judging_removes_it(as_organiser, make_edition, make_category,
                                                        audit_events):
    category = make_category(make_edition(), "INN")
    criterion_id = category.criteria[0].id

    response = as_organiser.post(f"{BASE}/criteria/{criterion_id}/delete")

    assert response.status_code == 302
    assert db.session.get(RubricCriterion, criterion_id) is None
    assert audit_events("criterion.deleted")[0].object_id == str(criterion_id)


def test_a_criterion_of_another_category_is_not_found_under_this_one(as_organiser, make_edition,
                                                                     make_category):
    edition = make_edition()
    make_category(edition, "INN")
    other = make_category(edition, "TUR")
    response = as_organiser.get(f"{BASE}/criteria/{other.criteria[0].id}/edit")
    assert response.status_code == 404
