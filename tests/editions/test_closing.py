"""Closing an edition: what it waits for, excusing drafts, the outcomes and the seal it leaves."""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone

import pytest
from flask_babel import force_locale
from sqlalchemy import delete, select

from app.awards.models import Award
from app.editions import closing
from app.editions.services import EditionError, apply_transition
from app.extensions import db
from app.judging.models import Conflict, JurorProfile
from tests.editions.closing_world import closable  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def english(app):
    with force_locale("en"):
        yield


def _reload(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def _make_draft(review) -> None:
    review.status, review.submitted_at, review.version = "draft", None, 3
    db.session.commit()


def test_close_is_refused_while_a_category_has_no_confirmed_places(closable):
    db.session.execute(delete(Award).where(Award.category_id == closable.ranking.id))
    db.session.commit()
    with pytest.raises(EditionError, match="category PER has neither confirmed places"):
        closing.close_edition(closable.edition)
    edition = _reload(closable.edition)
    assert (edition.status, edition.seal_sha256) == ("deliberation", None)


def test_close_is_refused_while_a_place_is_still_provisional(closable):
    award = db.session.scalar(select(Award).where(Award.category_id == closable.jury.id))
    award.status = "provisional"
    db.session.commit()
    with pytest.raises(EditionError, match="category INN"):
        closing.close_edition(closable.edition)


def test_a_category_declared_void_counts_as_decided(closable):
    db.session.execute(delete(Award).where(Award.category_id == closable.ranking.id))
    closable.ranking.declared_void_at = datetime.now(timezone.utc)
    closable.ranking.void_reason = "Datos insuficientes"
    db.session.commit()
    closing.close_edition(closable.edition)
    assert _reload(closable.edition).status == "closed"


def test_close_is_refused_while_a_review_is_left_in_draft(closable):
    _make_draft(closable.reviews[0])
    with pytest.raises(EditionError, match=r"reviews still in draft: 1"):
        closing.close_edition(closable.edition)
    assert _reload(closable.edition).status == "deliberation"


def test_the_organiser_may_excuse_the_drafts_with_a_recorded_reason(closable, audit_events):
    _make_draft(closable.reviews[0])
    closing.close_edition(closable.edition, excuse_drafts="  Jurado 1 enfermo; su borrador no cuenta ")
    edition = _reload(closable.edition)
    assert edition.status == "closed"
    assert edition.drafts_excused_reason == "Jurado 1 enfermo; su borrador no cuenta"
    [event] = audit_events("edition.drafts_excused")
    assert event.summary["reason"] == "Jurado 1 enfermo; su borrador no cuenta"
    assert [d["reference"] for d in event.summary["drafts"]] == ["SCA-2026-INN-0001"]


def test_excusing_drafts_without_a_reason_is_refused(closable):
    _make_draft(closable.reviews[0])
    with pytest.raises(EditionError, match="Give the reason"):
        closing.close_edition(closable.edition, excuse_drafts="   ")
    assert _reload(closable.edition).status == "deliberation"


def test_an_excuse_without_drafts_is_not_kept(closable, audit_events):
    closing.close_edition(closable.edition, excuse_drafts="Por si acaso")
    assert _reload(closable.edition).drafts_excused_reason == ""
    assert audit_events("edition.drafts_excused") == []


def test_closing_makes_placed_nominations_winners_and_the_others_not_awarded(closable,
                                                                             audit_events):
    closing.close_edition(closable.edition)
    statuses = {key: _reload(n).status for key, n in closable.nominations.items()}
    assert statuses == {"A": "winner", "B": "winner", "C": "winner", "D": "not_awarded"}
    [event] = audit_events("edition.outcomes")
    assert event.summary == {"winner": ["SCA-2026-INN-0001", "SCA-2026-INN-0002",
                                        "SCA-2026-INN-0003"],
                             "not_awarded": ["SCA-2026-INN-0004"]}


def test_a_withdrawn_nomination_keeps_its_status(closable):
    closable.nominations["D"].status = "withdrawn"
    db.session.commit()
    closing.close_edition(closable.edition)
    assert _reload(closable.nominations["D"]).status == "withdrawn"


def test_closing_stores_the_seal_document_and_its_hash(closable, audit_events):
    closing.close_edition(closable.edition)
    edition = _reload(closable.edition)
    assert edition.seal_sha256 == hashlib.sha256(edition.seal_document.encode()).hexdigest()
    assert edition.sealed_at == edition.status_changed_at
    [sealed] = audit_events("edition.sealed")
    assert sealed.summary["sha256"] == edition.seal_sha256


def test_the_seal_covers_the_audit_chain_up_to_the_outcomes(closable, audit_events):
    closing.close_edition(closable.edition)
    edition = _reload(closable.edition)
    [outcomes] = audit_events("edition.outcomes")
    assert f'"audit_head":{{"hash":"{outcomes.hash}","id":"{outcomes.id}"}}' in edition.seal_document


def test_the_generic_close_transition_closes_and_seals_too(closable):
    apply_transition(closable.edition, "close")
    edition = _reload(closable.edition)
    assert edition.status == "closed" and edition.seal_sha256


def test_a_conflict_from_the_jurors_profile_is_recorded_when_closing(closable, audit_events):
    juror = closable.jurors[1]
    municipality_id = closable.nominations["B"].municipality_id
    db.session.scalar(select(JurorProfile).where(JurorProfile.user_id == juror.id)
                      ).municipality_id = municipality_id
    db.session.commit()
    closing.close_edition(closable.edition)
    [conflict] = db.session.scalars(select(Conflict)).all()
    assert (conflict.juror_id, conflict.nomination_id, conflict.kind) == (
        juror.id, closable.nominations["B"].id, "automatic")
    assert [e.summary["when"] for e in audit_events("conflict.detected")] == ["closing"]


def test_publishing_records_when(closable):
    closing.close_edition(closable.edition)
    apply_transition(closable.edition, "publish")
    edition = _reload(closable.edition)
    assert edition.status == "published"
    assert edition.published_at == edition.status_changed_at


def test_the_checklist_lists_undecided_categories_and_drafts(closable):
    db.session.execute(delete(Award).where(Award.category_id == closable.ranking.id))
    db.session.commit()
    _make_draft(closable.reviews[4])
    checklist = closing.checklist(closable.edition)
    assert [c.code for c in checklist.undecided] == ["PER"]
    assert [(d.category, d.reference, d.juror) for d in checklist.drafts] == [
        ("INN", "SCA-2026-INN-0002", "Jurado 2")]
    assert len(checklist.problems()) == 2
