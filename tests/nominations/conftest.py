"""An open edition, a municipality with a confirmed representative, and their draft."""
from __future__ import annotations

import pytest

from app.municipalities import services as municipalities
from app.nominations import services


@pytest.fixture
def open_edition(make_edition):
    return make_edition(2026, status="nominations_open")


@pytest.fixture
def inn(open_edition, make_category):
    return make_category(open_edition, "INN")


@pytest.fixture
def esp(open_edition, make_category):
    """The special-contribution category: people and institutions, not municipalities."""
    return make_category(open_edition, "ESP", admits_municipality=False, admits_person=True,
                         admits_institution=True)


@pytest.fixture
def municipality(make_municipality):
    return make_municipality("San Isidro", "150131")


@pytest.fixture
def make_representative(make_user, organiser):
    """A nominator confirmed by the organiser as representative of the municipality."""
    def make(municipality, email: str, **values):
        user = make_user("nominator", email=email, **values)
        request = municipalities.request_representation(user, municipality, "Gerente", "01 555 0101")
        municipalities.decide_representation(organiser, request, confirm=True)
        return user
    return make


@pytest.fixture
def representative(make_representative, municipality):
    return make_representative(municipality, "gerente@example.org")


@pytest.fixture
def draft(representative, inn, municipality):
    return services.start_nomination(representative, inn, "municipality", municipality)
