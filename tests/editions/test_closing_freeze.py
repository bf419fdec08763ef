"""After closing, nothing of the results changes: every route, service and CLI command refuses
with a clear message, and the flush and bulk-statement nets catch whatever a service missed."""
from __future__ import annotations

import contextvars
import io
from pathlib import Path

import pytest
from flask import url_for
from flask_babel import force_locale
from sqlalchemy import delete, select, update

from app.awards.models import Award
from app.editions import closing
from app.editions.freeze import EditionFrozen
from app.editions.freeze_guard import GUARDED_BLUEPRINTS
from app.editions.models import RubricCriterion
from app.extensions import db
from app.judging import assignments, conflicts, imports, results, reviews, rounds
from app.judging.models import Assignment, Conflict, Review, ReviewScore
from app.perception import services as perception
from tests.editions.closing_world import SURVEY, closable  # noqa: F401  (fixture)

CLOSED = "Premios Safe City 2026 is closed: its reviews, scores, rankings and places can no longer change."
# Not edition data: a juror's own profile (organisation, country, municipality).
NOT_EDITION_ROUTES = {"jurors.profile"}
JUROR_ROUTES = {"reviews.save_review", "reviews.submit_review", "reviews.autosave",
                "jurors.add_conflict", "jurors.declare_conflicts"}


@pytest.fixture
def closed(closable, make_user, organiser):
    """The closed edition, with what write routes need: a fourth juror with an automatic
    conflict on D (no review, so the results do not change), everyone speaking English."""
    spare = make_user("juror", email="jurado4@example.org", name="Jurado 4")
    conflict = Conflict(juror_id=spare.id, nomination_id=closable.nominations["D"].id,
                        kind="automatic")
    db.session.add(conflict)
    for user in (organiser, *closable.jurors, spare):
        user.locale = "en"
    db.session.commit()
    with force_locale("en"):
        closing.close_edition(closable.edition)
    closable.spare, closable.conflict = spare, conflict
    return closable


def _fingerprint() -> dict:
    """Every row that closing froze, and the audit log's length."""
    tables = ("reviews", "review_scores", "assignments", "rounds", "round_entries", "conflicts",
              "conflict_declarations", "awards", "categories", "rubric_criteria", "nominations",
              "editions", "perception_imports", "perception_figures")
    metadata = db.metadata.tables
    db.session.expire_all()
    found = {name: db.session.execute(select(metadata[name]).order_by(
        *metadata[name].primary_key.columns)).all() for name in tables}
    found["audit_events"] = len(db.session.execute(select(metadata["audit_events"].c.id)).all())
    return found


def _cli(app, *args):
    return contextvars.copy_context().run(app.test_cli_runner().invoke, args=list(args))


# -- every write route ------------------------------------------------------------------------

def _url_values(closed, arguments) -> dict:
    assignment = closed.reviews[0].assignment
    known = {"year": 2026, "code": "INN", "assignment_id": assignment.id,
             "review_id": closed.reviews[0].id, "nomination_id": closed.nominations["D"].id,
             "category_id": closed.jury.id, "conflict_id": closed.conflict.id,
             "round_id": closed.round.id, "juror_id": closed.jurors[0].id}
    unknown = set(arguments) - set(known)
    assert not unknown, f"add values for {unknown} to this test"
    return {name: known[name] for name in arguments}


def _write_routes(app) -> list:
    return sorted((rule for rule in app.url_map.iter_rules()
                   if "POST" in rule.methods and rule.endpoint.split(".")[0] in GUARDED_BLUEPRINTS
                   and rule.endpoint not in NOT_EDITION_ROUTES), key=lambda r: r.endpoint)


def test_every_judging_and_awards_write_route_is_refused_and_changes_nothing(
        app, client, closed, sign_in, organiser):
    routes = _write_routes(app)
    assert len(routes) >= 25
    before = _fingerprint()
    for rule in routes:
        sign_in(closed.jurors[0] if rule.endpoint in JUROR_ROUTES else organiser)
        with app.test_request_context():
            url = url_for(rule.endpoint, **_url_values(closed, rule.arguments))
        response = client.post(url, data={"reason": "Cambio tardío", "top_n": "1"})
        assert response.status_code == 409, (rule.endpoint, response.status_code)
        assert CLOSED in response.get_data(as_text=True), rule.endpoint
    assert _fingerprint() == before


def test_a_refused_route_answers_json_to_a_script(client, closed, sign_in):
    sign_in(closed.jurors[0])
    response = client.post(f"/jury/assignments/{closed.reviews[0].assignment_id}/draft",
                           json={"version": 1}, headers={"Accept": "application/json"})
    assert response.status_code == 409
    assert response.get_json()["error"] == {"code": "edition_closed", "message": CLOSED}


# -- every write service ----------------------------------------------------------------------

def _values(closed) -> reviews.ReviewValues:
    return reviews.ReviewValues(scores={c.id: 1 for c in closed.jury.criteria},
                                overall_comment="Tarde")


SERVICE_CALLS = {
    "save a review draft": lambda c, o: reviews.save_draft(c.reviews[0].assignment, _values(c), 1),
    "submit a review": lambda c, o: reviews.submit(c.reviews[0].assignment, _values(c), 1),
    "reopen a review": lambda c, o: reviews.reopen(o, c.reviews[0], "Error de tipeo"),
    "add a final round": lambda c, o: rounds.add_final_round(o, c.jury, None, None),
    "change round dates": lambda c, o: rounds.update_round_dates(o, c.round, None, None),
    "close a round": lambda c, o: rounds.close_round(o, c.round),
    "reopen a round": lambda c, o: rounds.reopen_round(o, c.round),
    "change judging settings": lambda c, o: rounds.update_judging_settings(
        o, c.jury, {"review_visibility": "after_own"}),
    "add an assignment": lambda c, o: assignments.add_assignments(
        o, c.round, [(c.spare, c.nominations["A"])]),
    "remove an assignment": lambda c, o: assignments.remove_assignment(o, c.reviews[0].assignment),
    "remove unstarted assignments": lambda c, o: assignments.remove_unstarted(o, c.round, c.spare),
    "assign automatically": lambda c, o: assignments.run_automatic(o, c.round),
    "declare conflicts": lambda c, o: conflicts.declare(c.spare, c.jury, {}),
    "add a conflict": lambda c, o: conflicts.add_declared_conflict(
        c.spare, c.nominations["A"], "Trabajé allí"),
    "dismiss a conflict": lambda c, o: conflicts.dismiss_conflict(o, c.conflict, "No aplica"),
    "import reviews": lambda c, o: imports.import_reviews(
        c.jury, b"reference,juror_email,criterion,score\nSCA-2026-INN-0004,jurado1@example.org,1,10\n",
        "tarde.csv"),
    "move nominations on": lambda c, o: results.move(o, results.load(c.jury), results.SHORTLISTED,
                                                     top_n=1),
}


@pytest.mark.parametrize("name", sorted(SERVICE_CALLS))
def test_every_judging_service_refuses_a_closed_edition(name, closed, organiser):
    before = _fingerprint()
    with force_locale("en"), pytest.raises(EditionFrozen, match="is closed"):
        SERVICE_CALLS[name](closed, organiser)
    db.session.rollback()
    assert _fingerprint() == before


# -- CLI commands -----------------------------------------------------------------------------

def test_importing_reviews_from_the_cli_is_refused(app, closed, tmp_path):
    sheet = tmp_path / "tarde.csv"
    sheet.write_text("reference,juror_email,criterion,score\n"
                     "SCA-2026-INN-0004,jurado1@example.org,1,10\n")
    before = _fingerprint()
    result = _cli(app, "reviews", "import", str(sheet), "--edition", "2026", "--category", "INN")
    assert result.exit_code == 1
    assert CLOSED in result.output and "Nothing was imported." in result.output
    assert _fingerprint() == before


def _survey_file(tmp_path: Path) -> Path:
    path = tmp_path / "encuesta.csv"
    path.write_text("ubigeo,respondents,pct,effective_n\n" + "".join(
        f"{code},{n},{pct + 5},{n_eff}\n" for code, n, pct, n_eff in SURVEY))
    return path


def test_replacing_the_survey_data_of_a_sealed_ranking_is_refused_from_the_cli(app, closed,
                                                                               tmp_path):
    before = _fingerprint()
    result = _cli(app, "perception", "import", str(_survey_file(tmp_path)), "--period", "2026-T3",
                  "--replace")
    assert result.exit_code == 1
    assert "2026-T3 decides category PER of Premios Safe City 2026, which is closed" in result.output
    assert _fingerprint() == before


def test_replacing_the_survey_data_is_refused_for_the_web_import_too(closed, tmp_path):
    with force_locale("en"), pytest.raises(perception.ImportRefused, match="which is closed"):
        perception.import_file(io.BytesIO(_survey_file(tmp_path).read_bytes()), "encuesta.csv",
                               "2026-T3", perception.Source(name="Nueva"), replace=True)


def test_other_quarters_can_still_be_imported(app, closed, tmp_path):
    result = _cli(app, "perception", "import", str(_survey_file(tmp_path)), "--period", "2026-T4")
    assert result.exit_code == 0, result.output


# -- the nets behind the services -------------------------------------------------------------

def test_changing_a_score_through_the_orm_is_refused_at_flush(closed):
    score = db.session.get(ReviewScore, closed.reviews[0].scores[0].id)
    score.score = 1
    with pytest.raises(EditionFrozen):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(ReviewScore, score.id).score == 9


def test_adding_an_assignment_through_the_orm_is_refused_at_flush(closed):
    db.session.add(Assignment(round_id=closed.round.id, juror_id=closed.spare.id,
                              nomination_id=closed.nominations["A"].id))
    with pytest.raises(EditionFrozen):
        db.session.flush()
    db.session.rollback()


def test_deleting_a_place_through_the_orm_is_refused_at_flush(closed):
    db.session.delete(db.session.scalar(select(Award).limit(1)))
    with pytest.raises(EditionFrozen):
        db.session.flush()
    db.session.rollback()


def test_changing_a_nominations_outcome_through_the_orm_is_refused_at_flush(closed):
    closed.nominations["D"].status = "winner"
    with pytest.raises(EditionFrozen):
        db.session.flush()
    db.session.rollback()


def test_renaming_a_criterion_through_the_orm_is_refused_at_flush(closed):
    closed.jury.criteria[0].weight = 50
    with pytest.raises(EditionFrozen):
        db.session.flush()
    db.session.rollback()


def test_a_bulk_update_of_reviews_is_refused(closed):
    with pytest.raises(EditionFrozen):
        db.session.execute(update(Review).where(Review.id == closed.reviews[0].id)
                           .values(status="draft"))
    db.session.rollback()


def test_a_bulk_delete_of_assignments_is_refused(closed):
    with pytest.raises(EditionFrozen):
        db.session.execute(delete(Assignment).where(Assignment.round_id == closed.round.id))
    db.session.rollback()
    assert db.session.scalar(select(Assignment).limit(1)) is not None


def test_the_nets_let_an_open_editions_rows_change(closed, make_edition, make_category):
    other = make_category(make_edition(2027, status="judging"), "INN")
    other.criteria[0].weight = 50
    db.session.execute(update(RubricCriterion).where(RubricCriterion.id == other.criteria[1].id)
                       .values(weight=60))
    db.session.commit()
    db.session.expire_all()
    assert [c.weight for c in other.criteria] == [50, 60]
