"""The juror's pages: dashboard, scoring page, autosave, submission, and who may reach them."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app import storage
from app.extensions import db
from app.judging import reviews
from app.judging.models import Conflict, Review
from app.nominations.models import Attachment
from tests.nominations.factories import PDF_BYTES


def _page(assignment) -> str:
    return f"/jury/assignments/{assignment.id}"


def _fields(category, scores, comment="Programa sólido y replicable.", version=0) -> dict:
    data = {"version": str(version), "overall_comment": comment}
    for criterion, score in zip(category.criteria, scores):
        data[f"score_{criterion.id}"] = "" if score is None else str(score)
        data[f"comment_{criterion.id}"] = ""
    return data


def _stored(assignment) -> Review | None:
    db.session.expire_all()
    return db.session.scalar(select(Review).where(Review.assignment_id == assignment.id))


def _values(category, scores, comment="Programa sólido."):
    return reviews.ReviewValues(scores={c.id: s for c, s in zip(category.criteria, scores)},
                                comments={c.id: "" for c in category.criteria},
                                overall_comment=comment)


@pytest.fixture
def attachment(scoring, app):
    stored = storage.store(PDF_BYTES)
    row = Attachment(nomination_id=scoring.nomination.id, filename="informe-final.pdf",
                     content_type="application/pdf", size=stored.size, sha256=stored.sha256)
    db.session.add(row)
    db.session.commit()
    return row


# -- dashboard ----------------------------------------------------------------------------------

def test_dashboard_lists_the_nominations_in_the_jurors_own_order(
        scoring, sign_in, make_nomination, make_assignment):
    make_assignment(scoring.juror, make_nomination(scoring.category, title="Primero en mi lista"),
                    order_key=-3)
    body = sign_in(scoring.juror).get("/jury").get_data(as_text=True)
    assert body.index("Primero en mi lista") < body.index("Cámaras con analítica en paraderos")


def test_dashboard_shows_each_review_state(scoring, sign_in, make_nomination, make_assignment):
    other = make_assignment(scoring.juror, make_nomination(scoring.category), order_key=5)
    reviews.save_draft(other, _values(scoring.category, [4, None]), 0)
    body = sign_in(scoring.juror).get("/jury").get_data(as_text=True)
    states = re.findall(r'<span class="badge text-bg-\w+">([^<]+)</span>', body)
    assert states == ["No iniciada", "Borrador"]


def test_dashboard_asks_for_the_declaration_before_listing_nominations(
        jury_category, first_round, make_juror, make_nomination, make_assignment, sign_in):
    juror = make_juror()
    make_assignment(juror, make_nomination(jury_category, title="Aún oculto"))
    body = sign_in(juror).get("/jury").get_data(as_text=True)
    assert f'href="/jury/categories/{jury_category.id}/conflicts"' in body
    assert "Aún oculto" not in body


def test_dashboard_shows_the_deadline_in_the_editions_time_zone(scoring, sign_in):
    scoring.round.closes_at = datetime(2026, 7, 1, 4, 59, tzinfo=timezone.utc)
    db.session.commit()
    body = sign_in(scoring.juror).get("/jury").get_data(as_text=True)
    assert re.search(r"30 jun 2026,? 23:59.*\(hora de Perú\)", body)


def test_dashboard_is_refused_to_non_jurors(nominator, sign_in):
    assert sign_in(nominator).get("/jury").status_code == 403


def test_dashboard_query_count_does_not_grow_with_assignments(
        scoring, sign_in, make_nomination, make_assignment, count_queries):
    client = sign_in(scoring.juror)
    one = count_queries(client, "/jury")
    for i in range(49):
        assignment = make_assignment(scoring.juror, make_nomination(scoring.category), order_key=i)
        if i % 2:
            reviews.save_draft(assignment, _values(scoring.category, [5, None]), 0)
    assert count_queries(client, "/jury") == one


# -- the scoring page ---------------------------------------------------------------------------

def test_scoring_page_shows_the_nomination_and_every_criterion(scoring, sign_in):
    body = sign_in(scoring.juror).get(_page(scoring.assignment)).get_data(as_text=True)
    for text in ("Cámaras con analítica en paraderos", "Robos al paso en paraderos de noche.",
                 "Robos al paso por mes", "Policía Nacional del Perú", "https://example.org/informe",
                 "Criterio 1", "Criterio 2"):
        assert text in body
    first = scoring.category.criteria[0]
    assert len(re.findall(rf'name="score_{first.id}"', body)) == 10


def test_attachments_are_linked_through_the_jury_download(scoring, sign_in, attachment):
    client = sign_in(scoring.juror)
    url = f"/jury/nominations/{scoring.nomination.id}/attachments/{attachment.id}"
    assert f'href="{url}"' in client.get(_page(scoring.assignment)).get_data(as_text=True)
    response = client.get(url)
    assert response.status_code == 200 and response.data == PDF_BYTES


def test_the_submitter_is_shown_unless_the_category_is_blind(scoring, sign_in):
    name = scoring.nomination.submitter.name
    assert name in sign_in(scoring.juror).get(_page(scoring.assignment)).get_data(as_text=True)
    scoring.category.blind_submitter = True
    db.session.commit()
    assert name not in sign_in(scoring.juror).get(_page(scoring.assignment)).get_data(as_text=True)


def test_blind_nominee_hides_the_nominated_municipality(scoring, sign_in):
    scoring.category.blind_nominee = True
    db.session.commit()
    body = sign_in(scoring.juror).get(_page(scoring.assignment)).get_data(as_text=True)
    assert scoring.nomination.municipality.name not in body


def test_organisers_see_the_identities_blind_judging_hides(scoring, sign_in, organiser):
    scoring.category.blind_submitter = scoring.category.blind_nominee = True
    db.session.commit()
    body = sign_in(organiser).get(_page(scoring.assignment)).get_data(as_text=True)
    assert scoring.nomination.submitter.name in body
    assert scoring.nomination.municipality.name in body


# -- who may reach the nomination ---------------------------------------------------------------

def _outsider(kind, scoring, make_juror, make_assignment, declare):
    """(juror, assignment whose URLs they try) for each kind of juror who must be refused."""
    if kind == "unassigned":
        juror = make_juror()
        declare(juror, scoring.category)
        return juror, scoring.assignment
    if kind == "conflicted":
        db.session.add(Conflict(juror_id=scoring.juror.id, nomination_id=scoring.nomination.id,
                                kind="declared", reason="Trabajé en este proyecto"))
        db.session.commit()
        return scoring.juror, scoring.assignment
    juror = make_juror()  # undeclared: assigned, but has not gone through the nominee list
    return juror, make_assignment(juror, scoring.nomination)


def _request(client, what, scoring, assignment, attachment):
    if what == "page":
        return client.get(_page(assignment))
    if what == "attachment":
        return client.get(f"/jury/nominations/{scoring.nomination.id}/attachments/{attachment.id}")
    if what == "draft":
        return client.post(_page(assignment) + "/draft", json=_fields(scoring.category, [5, 5]),
                           headers={"Accept": "application/json"})
    if what == "save":
        return client.post(_page(assignment), data=_fields(scoring.category, [5, 5]))
    return client.post(_page(assignment) + "/submit", data=_fields(scoring.category, [5, 5]))


@pytest.mark.parametrize("what", ["page", "attachment", "draft", "save", "submit"])
@pytest.mark.parametrize("kind", ["unassigned", "conflicted", "undeclared"])
def test_jurors_who_may_not_judge_the_nomination_are_refused(
        kind, what, scoring, attachment, sign_in, make_juror, make_assignment, declare):
    juror, assignment = _outsider(kind, scoring, make_juror, make_assignment, declare)
    response = _request(sign_in(juror), what, scoring, assignment, attachment)
    assert response.status_code in (403, 404)
    assert _stored(assignment) is None


def test_an_undeclared_juror_is_told_to_declare_first(scoring, sign_in, make_juror,
                                                      make_assignment):
    juror = make_juror()
    response = sign_in(juror).get(_page(make_assignment(juror, scoring.nomination)))
    assert response.status_code == 403
    assert "declare sus conflictos de interés" in response.get_data(as_text=True)


def test_an_unknown_assignment_is_not_found(scoring, sign_in):
    assert sign_in(scoring.juror).get("/jury/assignments/999999").status_code == 404


# -- autosave -----------------------------------------------------------------------------------

def test_autosave_stores_the_draft_and_returns_the_new_version(scoring, sign_in):
    response = sign_in(scoring.juror).post(_page(scoring.assignment) + "/draft",
                                           json=_fields(scoring.category, [7, None]))
    assert response.status_code == 200 and response.get_json()["version"] == 1
    assert {s.score for s in _stored(scoring.assignment).scores} == {7, None}


def test_autosave_drops_a_nul_character_instead_of_failing(scoring, sign_in):
    response = sign_in(scoring.juror).post(
        _page(scoring.assignment) + "/draft",
        json=_fields(scoring.category, [7, None], comment="Sólido\x00 y replicable"))
    assert response.status_code == 200
    assert _stored(scoring.assignment).overall_comment == "Sólido y replicable"


def test_autosave_from_a_stale_version_is_refused_with_a_clear_message(scoring, sign_in):
    reviews.save_draft(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    response = sign_in(scoring.juror).post(_page(scoring.assignment) + "/draft",
                                           json=_fields(scoring.category, [1, 1], version=0))
    assert response.status_code == 409
    assert "otra pestaña" in response.get_json()["message"]
    assert {s.score for s in _stored(scoring.assignment).scores} == {7, 8}


def test_autosave_with_an_expired_session_answers_401_in_json(scoring, client):
    response = client.post(_page(scoring.assignment) + "/draft",
                           json=_fields(scoring.category, [7, None]))
    assert response.status_code == 401 and response.get_json()["error"] == "session_expired"


def test_autosave_refuses_a_score_outside_the_scale(scoring, sign_in):
    response = sign_in(scoring.juror).post(_page(scoring.assignment) + "/draft",
                                           json=_fields(scoring.category, [11, None]))
    assert response.status_code == 400
    assert _stored(scoring.assignment) is None


def test_autosave_refuses_a_body_that_is_not_an_object(scoring, sign_in):
    response = sign_in(scoring.juror).post(_page(scoring.assignment) + "/draft", json=[1, 2])
    assert response.status_code == 400


def test_autosave_after_the_round_closed_is_refused_with_the_reason(scoring, sign_in):
    scoring.round.closed_at = datetime.now(timezone.utc) - timedelta(hours=1)
    db.session.commit()
    response = sign_in(scoring.juror).post(_page(scoring.assignment) + "/draft",
                                           json=_fields(scoring.category, [7, None]))
    assert response.status_code == 403
    assert "cerrada" in response.get_json()["message"]


def test_autosave_checks_the_csrf_header(scoring, sign_in, app):
    app.config["WTF_CSRF_ENABLED"] = True
    client = sign_in(scoring.juror)
    refused = client.post(_page(scoring.assignment) + "/draft",
                          json=_fields(scoring.category, [7, None]))
    assert refused.status_code == 400 and refused.get_json()["error"] == "csrf"
    page = client.get(_page(scoring.assignment)).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    accepted = client.post(_page(scoring.assignment) + "/draft",
                           json=_fields(scoring.category, [7, None]),
                           headers={"X-CSRFToken": token})
    assert accepted.status_code == 200


# -- the plain form (no script) -----------------------------------------------------------------

def test_save_draft_without_the_script_stores_the_scores(scoring, sign_in):
    response = sign_in(scoring.juror).post(_page(scoring.assignment),
                                           data=_fields(scoring.category, [6, 9]))
    assert response.status_code == 302 and response.location.endswith(_page(scoring.assignment))
    assert {s.score for s in _stored(scoring.assignment).scores} == {6, 9}


def test_a_stale_form_post_keeps_what_was_typed_and_says_so(scoring, sign_in):
    reviews.save_draft(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    response = sign_in(scoring.juror).post(_page(scoring.assignment),
                                           data=_fields(scoring.category, [2, 3], version=0))
    body = response.get_data(as_text=True)
    first = scoring.category.criteria[0]
    assert response.status_code == 409 and "otra pestaña" in body
    assert re.search(rf'value="2" autocomplete="off" checked', body)
    assert f'id="score_{first.id}-2"' in body


def test_an_incomplete_submission_keeps_the_choices_and_marks_what_is_missing(scoring, sign_in):
    first, second = scoring.category.criteria
    response = sign_in(scoring.juror).post(_page(scoring.assignment) + "/submit",
                                           data=_fields(scoring.category, [7, None], comment=""))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(rf'id="score_{first.id}-7" value="7" autocomplete="off" checked', body)
    assert f'id="score_{second.id}-error"' in body and 'id="overall_comment-error"' in body
    assert _stored(scoring.assignment) is None


def test_submitting_locks_the_review_and_the_page_becomes_read_only(scoring, sign_in):
    client = sign_in(scoring.juror)
    response = client.post(_page(scoring.assignment) + "/submit",
                           data=_fields(scoring.category, [7, 8]))
    assert response.status_code == 302 and response.location.endswith("/jury")
    stored = _stored(scoring.assignment)
    assert stored.status == "submitted" and stored.submitted_at is not None
    body = client.get(_page(scoring.assignment)).get_data(as_text=True)
    assert '<fieldset disabled id="review-fields">' in body and 'id="locked-notice"' in body


def test_a_submitted_review_refuses_further_drafts(scoring, sign_in):
    review = reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    response = sign_in(scoring.juror).post(
        _page(scoring.assignment) + "/draft",
        json=_fields(scoring.category, [1, 1], version=review.version))
    assert response.status_code == 409 and response.get_json()["error"] == "locked"


def test_the_page_is_read_only_once_the_round_closed(scoring, sign_in):
    scoring.round.closed_at = datetime.now(timezone.utc) - timedelta(hours=1)
    db.session.commit()
    client = sign_in(scoring.juror)
    body = client.get(_page(scoring.assignment)).get_data(as_text=True)
    assert 'id="closed-notice"' in body and '<fieldset disabled id="review-fields">' in body
    refused = client.post(_page(scoring.assignment) + "/submit",
                          data=_fields(scoring.category, [7, 8]))
    assert refused.status_code == 403 and _stored(scoring.assignment) is None


def test_a_form_sent_after_the_session_expired_comes_back_after_login(scoring, client, sign_in):
    first = scoring.category.criteria[0]
    response = client.post(_page(scoring.assignment),
                           data=_fields(scoring.category, [8, None], comment="Muy bueno"))
    assert response.status_code == 302
    assert response.location.endswith(f"/login?next={_page(scoring.assignment)}")
    assert _stored(scoring.assignment) is None
    body = sign_in(scoring.juror).get(_page(scoring.assignment)).get_data(as_text=True)
    assert 'id="kept-notice"' in body
    assert re.search(rf'id="score_{first.id}-8" value="8" autocomplete="off" checked', body)
    assert "Muy bueno</textarea>" in body


# -- other jurors' reviews ----------------------------------------------------------------------

@pytest.fixture
def other_review(scoring, make_juror, make_assignment, make_review, declare):
    colleague = make_juror(email="colega@example.org")
    declare(colleague, scoring.category)
    return make_review(make_assignment(colleague, scoring.nomination), [3, 4],
                       comment="Opinión reservada del colega")


def test_other_reviews_are_never_shown_when_the_category_says_never(scoring, other_review,
                                                                    sign_in):
    reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    body = sign_in(scoring.juror).get(_page(scoring.assignment)).get_data(as_text=True)
    assert "Opinión reservada del colega" not in body and 'id="other-reviews"' not in body


def test_after_own_shows_other_reviews_only_after_submitting(scoring, other_review, sign_in):
    scoring.category.review_visibility = "after_own"
    db.session.commit()
    client = sign_in(scoring.juror)
    assert "Opinión reservada del colega" not in client.get(_page(scoring.assignment)).get_data(
        as_text=True)
    reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    body = client.get(_page(scoring.assignment)).get_data(as_text=True)
    assert "Opinión reservada del colega" in body and "Jurado A" in body


def test_other_reviews_are_anonymised(scoring, other_review, sign_in):
    scoring.category.review_visibility = "after_own"
    db.session.commit()
    reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    body = sign_in(scoring.juror).get(_page(scoring.assignment)).get_data(as_text=True)
    colleague = other_review.assignment.juror
    assert colleague.name not in body and colleague.email not in body


def test_after_published_shows_other_reviews_only_once_published(scoring, other_review, sign_in):
    scoring.category.review_visibility = "after_published"
    db.session.commit()
    reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    client = sign_in(scoring.juror)
    assert "Opinión reservada del colega" not in client.get(_page(scoring.assignment)).get_data(
        as_text=True)
    scoring.category.edition.status = "published"
    db.session.commit()
    assert "Opinión reservada del colega" in client.get(_page(scoring.assignment)).get_data(
        as_text=True)


# -- organisers -------------------------------------------------------------------------------

def test_organisers_read_a_review_without_being_able_to_change_it(scoring, sign_in, organiser):
    review = reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    client = sign_in(organiser)
    body = client.get(_page(scoring.assignment)).get_data(as_text=True)
    assert scoring.juror.name in body and 'id="reopen-form"' in body
    assert '<fieldset disabled id="review-fields">' in body
    refused = client.post(_page(scoring.assignment) + "/draft",
                          json=_fields(scoring.category, [1, 1], version=review.version))
    assert refused.status_code == 403


def test_reopening_without_a_reason_changes_nothing(scoring, sign_in, organiser):
    review = reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    response = sign_in(organiser).post(f"/organiser/reviews/{review.id}/reopen",
                                       data={"reason": " "}, follow_redirects=True)
    assert "Indique el motivo" in response.get_data(as_text=True)
    assert _stored(scoring.assignment).is_submitted


def test_reopening_with_a_reason_gives_the_review_back_to_its_juror(scoring, sign_in, organiser,
                                                                    audit_events):
    review = reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    response = sign_in(organiser).post(f"/organiser/reviews/{review.id}/reopen",
                                       data={"reason": "Puntaje mal digitado"})
    assert response.status_code == 302
    assert _stored(scoring.assignment).status == "draft"
    assert audit_events("review.reopened")[0].summary["reason"] == "Puntaje mal digitado"


def test_jurors_cannot_reopen(scoring, sign_in):
    review = reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    response = sign_in(scoring.juror).post(f"/organiser/reviews/{review.id}/reopen",
                                           data={"reason": "Quiero cambiarla"})
    assert response.status_code == 403 and _stored(scoring.assignment).is_submitted


def test_a_refused_submission_redraws_the_nomination_in_few_statements(scoring, sign_in, app):
    """A save reads only what it needs of the nomination; the page drawn after a refusal loads
    the rest at once, not one column at a time."""
    from sqlalchemy import event

    client = sign_in(scoring.juror)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.post(_page(scoring.assignment) + "/submit",
                               data=_fields(scoring.category, [7, None], comment=""))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 400
    assert scoring.nomination.summary and scoring.nomination.summary in response.get_data(as_text=True)
    assert sum("FROM nominations" in s for s in statements) <= 2
