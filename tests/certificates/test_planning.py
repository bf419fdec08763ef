"""Who gets a certificate, with which recipient line and language; planning is idempotent and
never gives a subject a second valid certificate."""
from __future__ import annotations

import pytest

from app.certificates import codes, services
from app.certificates.models import Certificate
from app.extensions import db
from tests.certificates.conftest import certificates_of


def _plan(edition) -> list[Certificate]:
    planned = services.plan_certificates(edition)
    db.session.commit()
    return planned


def _by_kind(certificates) -> dict[str, list[Certificate]]:
    result: dict[str, list[Certificate]] = {}
    for certificate in certificates:
        result.setdefault(certificate.kind, []).append(certificate)
    return result


def test_planning_makes_one_pending_certificate_per_place_finalist_and_active_juror(world):
    planned = _plan(world.edition)
    kinds = _by_kind(planned)
    assert {k: len(v) for k, v in kinds.items()} == {"award": 3, "mention": 1, "finalist": 1,
                                                     "jury": 1}
    assert {c.status for c in planned} == {"pending"}
    assert kinds["finalist"][0].nomination_id == world.finalist.id
    assert kinds["jury"][0].juror_id == world.juror.id


def test_unconfirmed_places_shortlisted_nominations_and_draft_only_jurors_get_none(world):
    planned = _plan(world.edition)
    assert world.awards[4].id not in {c.award_id for c in planned}
    assert world.shortlisted.id not in {c.nomination_id for c in planned}
    assert world.idle.id not in {c.juror_id for c in planned}


def test_a_municipality_is_named_with_its_mayor(world):
    gold = next(c for c in _plan(world.edition) if c.award_id == world.awards[0].id)
    assert gold.recipient_name == "Municipalidad de Jesús María"
    assert gold.recipient_detail == "representada por su alcalde(sa), Jesús Gálvez Núñez"


def test_a_person_is_named_with_her_role(world):
    person = next(c for c in _plan(world.edition) if c.award_id == world.awards[2].id)
    assert (person.recipient_name, person.recipient_detail) == ("María José Ávila Peña",
                                                                "Comisaria de la PNP")


def test_a_juror_is_named_with_their_organisation(world):
    jury = next(c for c in _plan(world.edition) if c.kind == "jury")
    assert (jury.recipient_name, jury.recipient_detail) == ("Julio Íñiguez Ñahui",
                                                            "Pontificia Universidad Católica")


def test_the_certificate_speaks_the_submitters_language_else_spanish(world):
    planned = _plan(world.edition)
    mention = next(c for c in planned if c.kind == "mention")
    ranking = next(c for c in planned if c.award_id == world.awards[3].id)
    assert (mention.locale, mention.recipient_name) == ("en", "Municipality of Miraflores")
    assert (ranking.locale, ranking.recipient_name) == ("es", "Municipalidad de San Isidro")


def test_planning_twice_creates_nothing_new(world):
    first = _plan(world.edition)
    assert _plan(world.edition) == []
    assert len(certificates_of(world.edition)) == len(first)


def test_planning_is_refused_before_the_edition_closes(world, english):
    world.edition.status = "deliberation"
    db.session.commit()
    with pytest.raises(services.CertificateError, match="once the edition is closed"):
        services.plan_certificates(world.edition)


def test_a_revoked_certificate_is_not_planned_again(world):
    gold = next(c for c in _plan(world.edition) if c.award_id == world.awards[0].id)
    services.revoke(gold, "Premio anulado por el comité")
    assert _plan(world.edition) == []


def test_a_second_valid_certificate_for_the_same_award_is_refused(world):
    gold = next(c for c in _plan(world.edition) if c.award_id == world.awards[0].id)
    (code, short), = services.fresh_codes(1)
    twin = Certificate(edition_id=world.edition.id, kind="award", award_id=gold.award_id,
                       recipient_name="Otra", code=code, short_code=short)
    with pytest.raises(services.CertificateError, match=gold.short_code):
        services.ensure_subject_free(twin)


def test_codes_that_collide_with_stored_ones_are_drawn_again(world, monkeypatch):
    first = _plan(world.edition)[0]
    db.session.delete(next(c for c in certificates_of(world.edition) if c.kind == "jury"))
    db.session.commit()
    drawn = iter([first.code, "0" * 20])
    shorts = iter([first.short_code, codes.format_short("0000000" + codes.check_character("0000000"))])
    monkeypatch.setattr(codes, "new_code", lambda: next(drawn))
    monkeypatch.setattr(codes, "new_short_code", lambda: next(shorts))
    replanned = _plan(world.edition)
    assert [(c.kind, c.code, c.short_code) for c in replanned] == [
        ("jury", "0" * 20, "SCA-0000-0000")]
