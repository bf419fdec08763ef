"""A world for the public API: 2026 closed by the real closing and published (tests/editions/
closing_world.py, plus an ESP category won by a person), 2027 in judging with a place already
confirmed, 2028 a draft; rankings for 2026-T2 and 2026-T3; an issued and a revoked certificate."""
from __future__ import annotations

import io
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from flask_babel import force_locale

from app.awards.models import Award
from app.certificates import codes
from app.certificates.models import Certificate
from app.editions import closing
from app.editions.services import apply_transition
from app.extensions import db
from app.nominations.models import Nomination
from app.perception import services as perception
from tests.editions.closing_world import build

T2 = "ubigeo,respondents,pct,effective_n\n150122,800,25.0,800\n150131,800,28.0,800\n"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _person_gold(edition, make_category, submitter, organiser) -> Nomination:
    esp = make_category(edition, "ESP", criteria=1, admits_municipality=False, admits_person=True,
                        places_silver=0, places_bronze=0, min_reviews=0)
    nomination = Nomination(category=esp, submitter_id=submitter.id, status="eligible",
                            nominee_type="person", nominee_name="María José Ávila Peña",
                            nominee_role="Comisaria de la PNP", reference="SCA-2026-ESP-0001",
                            title="Patrullaje comunitario", summary="Vecinos y policía juntos.",
                            submitted_at=_now())
    db.session.add(nomination)
    db.session.flush()
    db.session.add(Award(category_id=esp.id, place="gold", position=1, nomination_id=nomination.id,
                         status="confirmed", confirmed_at=_now(), confirmed_by_id=organiser.id,
                         reason="Decisión unánime del jurado."))
    db.session.commit()
    return nomination


def _certificate(edition, nomination, **values) -> Certificate:
    certificate = Certificate(edition_id=edition.id, kind="finalist", nomination_id=nomination.id,
                              recipient_name="Municipalidad de Barranco", code=codes.new_code(),
                              short_code=codes.new_short_code(), pdf_sha256="ab" * 32, **values)
    db.session.add(certificate)
    db.session.commit()
    return certificate


@pytest.fixture
def world(app, organiser, make_user, make_edition, make_category):
    built = build(organiser, make_user, make_edition)
    person = _person_gold(built.edition, make_category, built.submitter, organiser)
    with force_locale("en"):
        closing.close_edition(built.edition)
        apply_transition(built.edition, "publish")
    perception.import_file(io.BytesIO(T2.encode()), "2026-T2.csv", "2026-T2",
                           perception.Source(name="Encuesta T2", organisation="INEI",
                                             synthetic=True))
    judging = make_edition(2027, status="judging")
    secret = make_category(judging, "INN")
    hidden = Nomination(category=secret, submitter_id=built.submitter.id, status="finalist",
                        nominee_type="municipality", municipality=built.nominations["A"].municipality,
                        reference="SCA-2027-INN-0001", title="Programa secreto",
                        summary="Todavía no publicado.", submitted_at=_now())
    db.session.add(hidden)
    db.session.flush()
    db.session.add(Award(category_id=secret.id, place="gold", position=1, nomination_id=hidden.id,
                         status="confirmed", confirmed_at=_now()))
    draft = make_edition(2028, status="draft")
    make_category(draft, "NEW")
    db.session.commit()
    issued = _certificate(built.edition, built.nominations["A"], status="issued", issued_at=_now())
    revoked = _certificate(built.edition, built.nominations["B"], status="revoked",
                           issued_at=_now(), revoked_at=_now(), revoke_reason="Error de nombre",
                           replaced_by_id=issued.id)
    pending = _certificate(built.edition, built.nominations["C"], status="pending")
    db.session.expire_all()
    return SimpleNamespace(published=built.edition, judging=judging, draft=draft, person=person,
                           issued=issued, revoked=revoked, pending=pending, built=built)


@pytest.fixture
def editions(make_edition, make_category):
    """A light world for the HTTP conventions: 2026 open with three categories, 2027 judging."""
    edition = make_edition(2026, status="nominations_open")
    for code in ("INN", "PER", "ESP"):
        make_category(edition, code)
    return SimpleNamespace(open=edition, judging=make_edition(2027, status="judging"))


def get_json(client, url: str, status: int = 200, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    return response.get_json()
