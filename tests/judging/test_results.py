"""The leaderboard service on a real database: which reviews count, which nominations are on the
board, the edition's method, and moving nominations on (all or nothing, audited).

INN has two criteria on 1–10, weights 10 (breaks ties) and 20, and a minimum of 2 reviews, so a
review's total is T(a, b) = 100 · ((10a + 20b)/30 − 1)/9.
"""
from __future__ import annotations

import statistics

import pytest
from sqlalchemy import select

from app.editions.freeze import EditionFrozen
from app.extensions import db
from app.judging import results
from app.judging.aggregation import FLAG_TOO_FEW_REVIEWS
from app.judging.models import Conflict, Round, RoundEntry, RoundKind


def T(a: int, b: int) -> float:
    return 100 * ((10 * a + 20 * b) / 30 - 1) / 9


@pytest.fixture
def scored(jury_category, first_round, make_nomination, make_juror, score_nomination):
    """A: 7/9 and 5/5 · B: 10/10 twice · C: 1/1 once (one review short)."""
    a, b, c = (make_nomination(jury_category) for _ in range(3))
    j1, j2 = make_juror(), make_juror()
    score_nomination(a, j1, [7, 9])
    score_nomination(a, j2, [5, 5])
    score_nomination(b, j1, [10, 10])
    score_nomination(b, j2, [10, 10])
    score_nomination(c, j1, [1, 1])
    return {"a": a, "b": b, "c": c, "j1": j1, "j2": j2}


def by_reference(board):
    return {row.nomination.reference: row for row in board.rows}


def test_leaderboard_orders_by_the_mean_of_review_totals(jury_category, scored):
    board = results.load(jury_category)
    assert [row.nomination.id for row in board.rows] == [scored["b"].id, scored["a"].id,
                                                          scored["c"].id]
    a = by_reference(board)[scored["a"].reference].standing
    assert a.score == pytest.approx((T(7, 9) + T(5, 5)) / 2, abs=1e-9)
    assert a.spread == pytest.approx(abs(T(7, 9) - T(5, 5)) / 2, abs=1e-9)
    assert a.criterion_means == {jury_category.criteria[0].id: 6.0,
                                 jury_category.criteria[1].id: 7.0}


def test_nomination_with_fewer_reviews_than_the_minimum_is_flagged(jury_category, scored):
    rows = by_reference(results.load(jury_category))
    assert rows[scored["c"].reference].standing.flags == (FLAG_TOO_FEW_REVIEWS,)
    assert rows[scored["a"].reference].standing.flags == ()


def test_normalised_score_uses_each_jurors_totals_in_the_round(jury_category, scored):
    # j1 has three totals (T(7,9), 100, 0); j2 only two, so j2's reviews have z = 0
    j1 = [T(7, 9), 100.0, 0.0]
    z_b = (100.0 - statistics.fmean(j1)) / statistics.pstdev(j1)
    rows = by_reference(results.load(jury_category))
    assert rows[scored["b"].reference].standing.score_z == pytest.approx(z_b / 2, abs=1e-9)


def test_draft_review_does_not_count(jury_category, scored, make_juror, score_nomination):
    score_nomination(scored["c"], make_juror(), [10, 10], submitted=False)
    assert by_reference(results.load(jury_category))[scored["c"].reference].standing.n_reviews == 1


def test_conflicted_review_does_not_count(jury_category, scored):
    db.session.add(Conflict(juror_id=scored["j2"].id, nomination_id=scored["a"].id,
                            kind="declared", reason="Asesoró el proyecto"))
    db.session.commit()
    a = by_reference(results.load(jury_category))[scored["a"].reference].standing
    assert a.totals == pytest.approx((T(7, 9),))


def test_dismissed_conflict_lets_the_review_count(jury_category, scored):
    from app.db_types import utcnow
    db.session.add(Conflict(juror_id=scored["j2"].id, nomination_id=scored["a"].id,
                            kind="automatic", dismissed_at=utcnow(), dismissal_reason="Otro cargo"))
    db.session.commit()
    assert by_reference(results.load(jury_category))[scored["a"].reference].standing.n_reviews == 2


def test_review_by_a_juror_of_the_nominated_municipality_does_not_count(
        jury_category, first_round, make_nomination, make_juror, make_municipality,
        score_nomination):
    home = make_municipality("Surco", "150140")
    nomination = make_nomination(jury_category, municipality=home)
    score_nomination(nomination, make_juror(municipality=home), [9, 9])
    score_nomination(nomination, make_juror(), [3, 3])
    row = results.load(jury_category).rows[0]
    assert row.standing.totals == pytest.approx((T(3, 3),))


def test_withdrawn_and_ineligible_nominations_leave_the_board(jury_category, scored):
    scored["a"].status = "withdrawn"
    scored["c"].status = "ineligible"
    db.session.commit()
    assert [row.nomination.id for row in results.load(jury_category).rows] == [scored["b"].id]


def test_nomination_without_reviews_is_listed_last_without_position(
        jury_category, scored, make_nomination):
    waiting = make_nomination(jury_category)
    last = results.load(jury_category).rows[-1]
    assert (last.nomination.id, last.standing.position) == (waiting.id, None)


def test_median_edition_ranks_by_the_median(jury_category, first_round, make_nomination,
                                            make_juror, score_nomination):
    # X: 10/10, 10/10, 1/1 (mean 66.7, median 100) · Y: 8/8 three times (mean = median 77.8)
    x, y = make_nomination(jury_category), make_nomination(jury_category)
    jurors = [make_juror() for _ in range(3)]
    for juror, scores in zip(jurors, ([10, 10], [10, 10], [1, 1])):
        score_nomination(x, juror, scores)
        score_nomination(y, juror, [8, 8])
    assert results.load(jury_category).rows[0].nomination.id == y.id
    jury_category.edition.score_aggregation = "median"
    db.session.commit()
    assert results.load(jury_category).rows[0].nomination.id == x.id


def test_later_round_shows_only_the_nominations_moved_into_it(jury_category, scored, organiser):
    second = Round(category_id=jury_category.id, position=2, kind=RoundKind.FINAL.value)
    db.session.add(second)
    db.session.flush()
    db.session.add(RoundEntry(round_id=second.id, nomination_id=scored["b"].id,
                              added_by_id=organiser.id))
    db.session.commit()
    board = results.load(jury_category)
    assert (board.round.position, [r.nomination.id for r in board.rows]) == (2, [scored["b"].id])
    assert board.rows[0].standing.n_reviews == 0
    assert len(results.load(jury_category, 1).rows) == 3


def test_unknown_round_gives_no_board(jury_category, scored):
    assert results.load(jury_category, 7) is None


def test_category_without_a_round_has_an_empty_board(judging_edition, make_category):
    board = results.load(make_category(judging_edition, "SEG"))
    assert (board.round, board.rows) == (None, [])


def test_loading_runs_the_same_queries_for_few_and_many_nominations(
        jury_category, first_round, make_nomination, make_juror, score_nomination):
    from sqlalchemy import event
    jurors = [make_juror() for _ in range(3)]

    def count() -> int:
        statements = []
        listener = lambda *args: statements.append(1)  # noqa: E731
        db.session.expire_all()
        category = results.find_category(2026, "INN")
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            results.load(category)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    score_nomination(make_nomination(jury_category), jurors[0], [5, 5])
    few = count()
    for i in range(20):
        score_nomination(make_nomination(jury_category), jurors[i % 3], [i % 10 + 1, 5])
    assert count() == few


# --------------------------------------------------------------------------- moving on


def test_shortlisting_ticked_nominations_changes_their_status_and_is_audited(
        jury_category, scored, organiser, audit_events):
    board = results.load(jury_category)
    outcome = results.move(organiser, board, results.SHORTLISTED,
                           nomination_ids=[scored["a"].id, scored["b"].id])
    assert sorted(outcome.moved) == sorted([scored["a"].reference, scored["b"].reference])
    db.session.expire_all()
    assert (scored["a"].status, scored["b"].status, scored["c"].status) == (
        "shortlisted", "shortlisted", "eligible")
    events = audit_events("nomination.shortlisted")
    assert {e.summary["reference"] for e in events} == set(outcome.moved)
    assert {e.summary["from"] for e in events} == {"eligible"}


def test_top_n_takes_the_first_places(jury_category, scored, organiser):
    outcome = results.move(organiser, results.load(jury_category), results.FINALIST, top_n=2)
    assert outcome.moved == [scored["b"].reference, scored["a"].reference]


def test_top_n_includes_every_nomination_tied_at_the_last_place(
        jury_category, first_round, make_nomination, make_juror, score_nomination, organiser):
    juror = make_juror()
    first, tied_a, tied_b = (make_nomination(jury_category) for _ in range(3))
    score_nomination(first, juror, [9, 9])
    score_nomination(tied_a, juror, [5, 5])
    score_nomination(tied_b, juror, [5, 5])
    outcome = results.move(organiser, results.load(jury_category), results.SHORTLISTED, top_n=2)
    assert len(outcome.moved) == 3


def test_already_shortlisted_nomination_is_left_unchanged(jury_category, scored, organiser,
                                                          audit_events):
    scored["b"].status = "shortlisted"
    db.session.commit()
    outcome = results.move(organiser, results.load(jury_category), results.SHORTLISTED,
                           nomination_ids=[scored["a"].id, scored["b"].id])
    assert (outcome.moved, outcome.unchanged) == ([scored["a"].reference], [scored["b"].reference])
    assert len(audit_events("nomination.shortlisted")) == 1


def test_one_nomination_that_cannot_move_stops_the_whole_move(jury_category, scored, organiser):
    scored["b"].status = "winner"
    db.session.commit()
    with pytest.raises(results.ResultsError, match=scored["b"].reference):
        results.move(organiser, results.load(jury_category), results.SHORTLISTED,
                     nomination_ids=[scored["a"].id, scored["b"].id])
    db.session.expire_all()
    assert scored["a"].status == "eligible"


def test_moving_into_the_next_round_adds_round_entries(jury_category, scored, organiser,
                                                       audit_events):
    second = Round(category_id=jury_category.id, position=2, kind=RoundKind.FINAL.value)
    db.session.add(second)
    db.session.commit()
    board = results.load(jury_category, 1)
    results.move(organiser, board, results.NEXT_ROUND, top_n=2)
    entries = db.session.scalars(select(RoundEntry.nomination_id).where(
        RoundEntry.round_id == second.id)).all()
    assert sorted(entries) == sorted([scored["a"].id, scored["b"].id])
    assert [e.summary["to_round"] for e in audit_events("round.entry_added")] == [2, 2]


def test_moving_into_a_next_round_that_does_not_exist_is_refused(jury_category, scored,
                                                                 organiser):
    with pytest.raises(results.ResultsError):
        results.move(organiser, results.load(jury_category), results.NEXT_ROUND, top_n=1)


def test_moving_after_the_edition_closed_is_refused(jury_category, scored, organiser):
    jury_category.edition.status = "closed"
    db.session.commit()
    with pytest.raises(EditionFrozen):
        results.move(organiser, results.load(jury_category), results.SHORTLISTED, top_n=1)
    db.session.expire_all()
    assert scored["b"].status == "eligible"


def test_moving_a_nomination_of_another_board_is_refused(jury_category, scored, organiser,
                                                         make_category, make_nomination):
    elsewhere = make_nomination(make_category(jury_category.edition, "SEG"))
    with pytest.raises(results.ResultsError):
        results.move(organiser, results.load(jury_category), results.SHORTLISTED,
                     nomination_ids=[elsewhere.id])


def test_moving_needs_a_selection(jury_category, scored, organiser):
    with pytest.raises(results.ResultsError):
        results.move(organiser, results.load(jury_category), results.SHORTLISTED)


def test_a_juror_cannot_move_nominations(jury_category, scored):
    with pytest.raises(results.ResultsError):
        results.move(scored["j1"], results.load(jury_category), results.SHORTLISTED, top_n=1)
