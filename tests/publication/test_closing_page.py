"""The closing checklist on the organiser's edition page: problems, excusing drafts, closing,
and checking the seal afterwards."""
from __future__ import annotations

from sqlalchemy import delete, text

from app.awards.models import Award
from app.editions import closing
from app.extensions import db

PAGE = "/organiser/editions/2026"
CLOSE = PAGE + "/close"
VERIFY = PAGE + "/seal/verify"


def _english(organiser) -> None:
    organiser.locale = "en"
    db.session.commit()


def _draft(review) -> None:
    review.status, review.submitted_at = "draft", None
    db.session.commit()


def test_the_checklist_names_undecided_categories_and_drafts(as_organiser, organiser, closable):
    _english(organiser)
    db.session.execute(delete(Award).where(Award.category_id == closable.ranking.id))
    db.session.commit()
    _draft(closable.reviews[0])
    html = as_organiser.get(PAGE).get_data(as_text=True)
    assert 'href="/organiser/editions/2026/categories/PER/deliberation">PER</a>' in html
    assert "Reviews still in draft: 1" in html
    assert "INN · SCA-2026-INN-0001 · Jurado 1" in html
    assert 'name="excuse_drafts"' in html and 'name="reason"' in html


def test_a_ready_edition_shows_a_clean_checklist_and_one_close_button(as_organiser, organiser,
                                                                      closable):
    _english(organiser)
    html = as_organiser.get(PAGE).get_data(as_text=True)
    assert "Every category is decided" in html and "No review is left in draft." in html
    assert 'name="excuse_drafts"' not in html
    assert html.count(">Close the edition</button>") == 1
    assert "/transitions/close" not in html


def test_closing_from_the_page_seals_the_edition(as_organiser, organiser, closable):
    _english(organiser)
    response = as_organiser.post(CLOSE, data={})
    assert response.status_code == 302
    db.session.expire_all()
    assert closable.edition.status == "closed"
    html = as_organiser.get(PAGE).get_data(as_text=True)
    assert "The edition is closed and its results are sealed." in html
    assert closable.edition.seal_sha256 in html and "Verify now" in html


def test_closing_with_drafts_is_refused_with_the_reason_and_nothing_changes(
        as_organiser, organiser, closable):
    _english(organiser)
    _draft(closable.reviews[0])
    response = as_organiser.post(CLOSE, data={})
    assert response.status_code == 400
    assert "reviews still in draft: 1" in response.get_data(as_text=True)
    db.session.expire_all()
    assert closable.edition.status == "deliberation"


def test_excusing_drafts_without_a_reason_keeps_the_ticked_box(as_organiser, organiser,
                                                               closable):
    _english(organiser)
    _draft(closable.reviews[0])
    response = as_organiser.post(CLOSE, data={"excuse_drafts": "y", "reason": "  "})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Give the reason for closing with reviews still in draft." in html
    assert '<input checked class="form-check-input" id="excuse_drafts"' in html
    db.session.expire_all()
    assert closable.edition.status == "deliberation"


def test_excusing_drafts_with_a_reason_closes(as_organiser, organiser, closable):
    _draft(closable.reviews[0])
    response = as_organiser.post(CLOSE, data={"excuse_drafts": "y",
                                              "reason": "El jurado 1 no pudo terminar."})
    assert response.status_code == 302
    db.session.expire_all()
    assert closable.edition.drafts_excused_reason == "El jurado 1 no pudo terminar."
    assert "El jurado 1 no pudo terminar." in as_organiser.get(PAGE).get_data(as_text=True)


def test_verify_now_shows_that_the_seal_holds(as_organiser, organiser, closable):
    _english(organiser)
    closing.close_edition(closable.edition)
    html = as_organiser.post(VERIFY).get_data(as_text=True)
    assert "Verified: the seal matches the database and the audit chain" in html


def test_verify_now_shows_what_was_tampered_with(as_organiser, organiser, closable):
    _english(organiser)
    closing.close_edition(closable.edition)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE review_scores SET score = 1 WHERE id = :id"),
                           {"id": closable.reviews[0].scores[0].id})
    html = as_organiser.post(VERIFY).get_data(as_text=True)
    assert "Verification failed" in html
    assert "score_matrix, item 1: sealed" in html
