"""Categories of an edition: created through the form, checked by the services."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.editions import services
from app.editions.models import Category
from app.editions.services import EditionError
from app.extensions import db


def _category_form(**overrides) -> dict:
    data = {
        "code": "tur", "name_es": "Turismo seguro", "name_en": "Safe tourism",
        "description_es": "Destinos seguros.", "description_en": "", "kind": "jury",
        "admits_municipality": "y", "allows_self_nomination": "y",
        "places_gold": "1", "places_silver": "1", "places_bronze": "1", "mentions": "2",
        "min_reviews": "3", "max_nominations_per_nominee": "1",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _category_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Category))


def _values(category: Category, **overrides) -> dict:
    values = {field: getattr(category, field) for field in services.CATEGORY_FIELDS}
    values.update(overrides)
    return values


def test_a_category_created_through_the_form_gets_an_upper_case_code(as_organiser, make_edition,
                                                                     audit_events):
    edition = make_edition()

    response = as_organiser.post("/organiser/editions/2026/categories/new", data=_category_form())

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/organiser/editions/2026/categories/TUR")
    [category] = edition.categories
    assert category.code == "TUR"
    assert category.name_es == "Turismo seguro"
    assert category.admitted_nominee_types == ["municipality"]
    assert category.mentions == 2
    assert category.position == 1
    assert audit_events("category.created")[0].summary == {"edition": 2026, "code": "TUR"}


def test_the_category_page_shows_the_new_category(as_organiser, make_edition):
    make_edition()
    as_organiser.post("/organiser/editions/2026/categories/new", data=_category_form())
    response = as_organiser.get("/organiser/editions/2026/categories/tur")
    assert response.status_code == 200
    assert "Turismo seguro" in response.get_data(as_text=True)


def test_a_duplicate_code_in_the_same_edition_is_refused(as_organiser, make_edition, make_category):
    edition = make_edition()
    make_category(edition, "TUR")

    response = as_organiser.post("/organiser/editions/2026/categories/new",
                                 data=_category_form(name_es="Otra"))

    assert response.status_code == 200
    assert "alert-danger" in response.get_data(as_text=True)
    assert _category_count() == 1


def test_the_service_names_the_duplicate_code_in_its_refusal(make_edition, make_category):
    edition = make_edition()
    make_category(edition, "TUR")
    with pytest.raises(EditionError, match="TUR"):
        services.create_category(edition, {"code": "tur", "name_es": "Otra",
                                           "admits_municipality": True})


def test_the_same_code_is_allowed_in_another_edition(as_organiser, make_edition, make_category):
    make_category(make_edition(year=2025), "TUR")
    make_edition(year=2026)
    response = as_organiser.post("/organiser/editions/2026/categories/new", data=_category_form())
    assert response.status_code == 302
    assert _category_count() == 2


def test_a_category_admitting_no_nominee_type_is_refused(as_organiser, make_edition):
    make_edition()
    response = as_organiser.post("/organiser/editions/2026/categories/new",
                                 data=_category_form(admits_municipality=None))
    assert response.status_code == 200
    assert _category_count() == 0


def test_a_code_with_symbols_is_a_form_error(as_organiser, make_edition):
    make_edition()
    response = as_organiser.post("/organiser/editions/2026/categories/new",
                                 data=_category_form(code="T-R"))
    assert response.status_code == 200
    assert "is-invalid" in response.get_data(as_text=True)
    assert _category_count() == 0


def test_categories_cannot_be_added_once_judging_has_started(make_edition):
    edition = make_edition(status="judging")
    with pytest.raises(EditionError):
        services.create_category(edition, {"code": "NEW", "name_es": "Nueva",
                                           "admits_municipality": True})
    db.session.rollback()
    assert _category_count() == 0


@pytest.mark.parametrize("change", [
    {"code": "NEW"}, {"kind": "ranking"}, {"admits_person": True},
    {"admits_municipality": False, "admits_institution": True},
])
def test_code_kind_and_nominee_types_cannot_change_once_judging_has_started(change, make_edition,
                                                                           make_category):
    category = make_category(make_edition(status="judging"), "INN")

    with pytest.raises(EditionError, match="INN"):
        services.update_category(category, _values(category, **change))
    db.session.rollback()
    db.session.expire_all()

    assert category.code == "INN"
    assert category.kind == "jury"
    assert category.admitted_nominee_types == ["municipality"]


def test_names_can_still_change_once_judging_has_started(make_edition, make_category, audit_events):
    category = make_category(make_edition(status="judging"), "INN")

    services.update_category(category, _values(category, name_es="Innovación municipal",
                                               name_en="Municipal innovation"))
    db.session.expire_all()

    assert category.name_es == "Innovación municipal"
    assert category.name_en == "Municipal innovation"
    assert audit_events("category.updated")[0].summary["name_es"][1] == "Innovación municipal"


def test_editing_a_category_through_the_form_during_judging_refuses_a_new_code(as_organiser,
                                                                              make_edition,
                                                                              make_category):
    category = make_category(make_edition(status="judging"), "INN")

    response = as_organiser.post("/organiser/editions/2026/categories/INN/edit",
                                 data=_category_form(code="NEW", name_es="Categoría INN"))

    assert response.status_code == 200
    db.session.expire_all()
    assert category.code == "INN"


def test_editing_a_category_through_the_form_renames_it(as_organiser, make_edition, make_category):
    category = make_category(make_edition(), "INN")
    response = as_organiser.post("/organiser/editions/2026/categories/INN/edit",
                                 data=_category_form(code="INN", name_es="Innovación"))
    assert response.status_code == 302
    db.session.expire_all()
    assert category.name_es == "Innovación"


def test_categories_of_a_closed_edition_cannot_change(make_edition, make_category):
    category = make_category(make_edition(status="closed"), "INN")
    with pytest.raises(EditionError):
        services.update_category(category, _values(category, name_es="Tarde"))


def test_an_unknown_category_page_is_not_found(as_organiser, make_edition):
    make_edition()
    assert as_organiser.get("/organiser/editions/2026/categories/XYZ").status_code == 404


def test_the_limit_of_nominations_per_nominee_is_set_in_the_category_form(as_organiser, make_edition):
    make_edition(2026)
    as_organiser.post("/organiser/editions/2026/categories/new",
                      data=_category_form(max_nominations_per_nominee="0"))
    assert db.session.scalar(select(Category.max_nominations_per_nominee)) == 0
