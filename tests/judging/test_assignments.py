"""Assigning jurors by hand and automatically: the services' rules, audit and refusals."""
from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.editions.freeze import EditionFrozen
from app.extensions import db
from app.judging import assignments
from app.judging.assign import order_key
from app.judging.models import Assignment, Review, Round, RoundEntry
from app.judging.rounds import RoundError


@pytest.fixture(autouse=True)
def english(app):
    """Service refusals read in English here; the pages' tests check the Spanish default."""
    with force_locale("en"):
        yield


@pytest.fixture
def panel(jury_category, first_round, make_nomination, make_juror):
    """Four eligible nominations and five jurors in the first round (K = 2)."""
    nominations = [make_nomination(jury_category) for _ in range(4)]
    jurors = [make_juror() for _ in range(5)]
    return nominations, jurors


def _pairs(round_: Round) -> set[tuple[int, int]]:
    return set(map(tuple, db.session.execute(select(Assignment.juror_id, Assignment.nomination_id)
                                             .where(Assignment.round_id == round_.id))))


# -- by hand ------------------------------------------------------------------------------------

def test_manual_assignment_is_created_with_the_jurors_fixed_order(organiser, first_round, panel):
    nominations, jurors = panel
    created = assignments.add_assignments(organiser, first_round, [(jurors[0], nominations[1])])
    assignment = db.session.get(Assignment, created[0].id)
    assert assignment.source == "manual" and assignment.created_by_id == organiser.id
    assert assignment.order_key == order_key(first_round.id, jurors[0].id, nominations[1].id)


def test_manual_assignment_is_audited(organiser, first_round, panel, audit_events):
    nominations, jurors = panel
    assignments.add_assignments(organiser, first_round, [(jurors[0], nominations[0])])
    [event] = audit_events("assignment.added")
    assert event.summary["juror"] == jurors[0].email
    assert event.summary["nomination"] == nominations[0].reference


def test_a_conflicted_pair_refuses_the_whole_manual_request(organiser, jury_category, first_round,
                                                            panel, make_juror, make_nomination,
                                                            make_municipality):
    nominations, jurors = panel
    home = make_municipality("Surco", "150140")
    local_nomination = make_nomination(jury_category, municipality=home)
    local_juror = make_juror(municipality=home)
    with pytest.raises(assignments.AssignmentError, match="conflict of interest"):
        assignments.add_assignments(organiser, first_round, [(local_juror, nominations[0]),
                                                             (local_juror, local_nomination)])
    assert _pairs(first_round) == set()


def test_assigning_the_same_pair_twice_is_refused(organiser, first_round, panel):
    nominations, jurors = panel
    assignments.add_assignments(organiser, first_round, [(jurors[0], nominations[0])])
    with pytest.raises(assignments.AssignmentError, match="already assigned"):
        assignments.add_assignments(organiser, first_round, [(jurors[0], nominations[0])])


def test_a_nomination_outside_the_round_cannot_be_assigned(organiser, jury_category, first_round,
                                                           panel, make_nomination):
    _nominations, jurors = panel
    unscreened = make_nomination(jury_category, status="submitted")
    with pytest.raises(assignments.AssignmentError, match="not part of this round"):
        assignments.add_assignments(organiser, first_round, [(jurors[0], unscreened)])


def test_only_active_jurors_can_be_assigned(organiser, first_round, panel, make_user):
    nominations, jurors = panel
    jurors[0].active = False
    db.session.commit()
    for person in (jurors[0], make_user("nominator")):
        with pytest.raises(assignments.AssignmentError, match="active juror"):
            assignments.add_assignments(organiser, first_round, [(person, nominations[0])])


def test_a_non_organiser_cannot_assign(first_round, panel):
    nominations, jurors = panel
    with pytest.raises(RoundError, match="Only organisers"):
        assignments.add_assignments(jurors[1], first_round, [(jurors[0], nominations[0])])


def test_removing_a_submitted_review_is_refused(organiser, panel, make_assignment, make_review):
    nominations, jurors = panel
    assignment = make_assignment(jurors[0], nominations[0])
    make_review(assignment, [7, 8], submitted=True)
    with pytest.raises(assignments.AssignmentError, match="Reopen the review first"):
        assignments.remove_assignment(organiser, assignment)
    assert db.session.get(Assignment, assignment.id) is not None


def test_removing_an_assignment_discards_its_draft_and_says_so(organiser, panel, make_assignment,
                                                               make_review, audit_events):
    nominations, jurors = panel
    assignment = make_assignment(jurors[0], nominations[0])
    review = make_review(assignment, [7, None], submitted=False)
    assignments.remove_assignment(organiser, assignment)
    assert db.session.get(Review, review.id) is None
    assert audit_events("assignment.removed")[0].summary["discarded_draft"] is True


def test_removing_unstarted_keeps_started_work(organiser, first_round, panel, make_assignment,
                                               make_review):
    nominations, jurors = panel
    drafted = make_assignment(jurors[0], nominations[0])
    make_review(drafted, [5, None], submitted=False)
    make_assignment(jurors[0], nominations[1])
    make_assignment(jurors[0], nominations[2])
    assert assignments.remove_unstarted(organiser, first_round, jurors[0]) == 2
    assert _pairs(first_round) == {(jurors[0].id, nominations[0].id)}


# -- automatic ----------------------------------------------------------------------------------

def test_automatic_gives_every_nomination_the_categorys_minimum(organiser, first_round, panel):
    nominations, _jurors = panel
    result = assignments.run_automatic(organiser, first_round, seed=1)
    pairs = _pairs(first_round)
    assert result.added == 8 and result.shortfalls == []
    assert all(sum(1 for _j, n in pairs if n == nomination.id) == 2 for nomination in nominations)


def test_automatic_balances_the_load(organiser, first_round, panel):
    _nominations, jurors = panel
    assignments.run_automatic(organiser, first_round, seed=2)
    loads = [sum(1 for j, _n in _pairs(first_round) if j == juror.id) for juror in jurors]
    assert max(loads) - min(loads) <= 1


def test_automatic_never_assigns_a_conflicted_juror(organiser, jury_category, first_round, panel,
                                                    make_juror, make_nomination,
                                                    make_municipality):
    home = make_municipality("Surco", "150140")
    local_nomination = make_nomination(jury_category, municipality=home)
    local_juror = make_juror(municipality=home)
    assignments.run_automatic(organiser, first_round, k=5, seed=3)
    assert (local_juror.id, local_nomination.id) not in _pairs(first_round)


def test_automatic_reports_nominations_it_could_not_fill(organiser, first_round, panel):
    nominations, _jurors = panel
    result = assignments.run_automatic(organiser, first_round, k=2, cap=1, seed=0)
    assert sum(shortfall.missing for _n, shortfall in result.shortfalls) == 3
    assert {n.id for n, _s in result.shortfalls} <= {n.id for n in nominations}


def test_automatic_uses_the_same_order_key_as_a_manual_assignment(organiser, first_round, panel):
    assignments.run_automatic(organiser, first_round, seed=4)
    for assignment in db.session.scalars(select(Assignment)):
        assert assignment.order_key == order_key(first_round.id, assignment.juror_id,
                                                 assignment.nomination_id)
        assert assignment.source == "automatic"


def test_the_same_seed_gives_the_same_assignments(organiser, first_round, panel):
    assignments.run_automatic(organiser, first_round, seed=5)
    first = _pairs(first_round)
    assignments.run_automatic(organiser, first_round, seed=5, top_up=False)
    assert _pairs(first_round) == first


def test_top_up_keeps_existing_assignments_and_counts_them(organiser, first_round, panel,
                                                           make_assignment):
    nominations, jurors = panel
    make_assignment(jurors[0], nominations[0])
    make_assignment(jurors[1], nominations[0])
    result = assignments.run_automatic(organiser, first_round, seed=6)
    pairs = _pairs(first_round)
    assert {(jurors[0].id, nominations[0].id), (jurors[1].id, nominations[0].id)} <= pairs
    assert sum(1 for _j, n in pairs if n == nominations[0].id) == 2
    assert result.added == 6


def test_a_full_run_replaces_only_unstarted_assignments(organiser, first_round, panel,
                                                        make_assignment, make_review):
    nominations, jurors = panel
    kept = make_assignment(jurors[0], nominations[0])
    make_review(kept, [6, 6], submitted=True)
    drafted = make_assignment(jurors[1], nominations[1])
    make_review(drafted, [6, None], submitted=False)
    make_assignment(jurors[2], nominations[2])
    result = assignments.run_automatic(organiser, first_round, seed=7, top_up=False)
    assert result.removed == 1
    assert db.session.get(Assignment, kept.id) and db.session.get(Assignment, drafted.id)


def test_automatic_can_be_limited_to_chosen_jurors(organiser, first_round, panel):
    _nominations, jurors = panel
    chosen = {jurors[0].id, jurors[1].id}
    assignments.run_automatic(organiser, first_round, seed=8, juror_ids=list(chosen))
    assert {j for j, _n in _pairs(first_round)} == chosen


def test_automatic_run_is_audited_with_its_seed_and_outcome(organiser, first_round, panel,
                                                            audit_events):
    assignments.run_automatic(organiser, first_round, k=2, cap=3, seed=9)
    [event] = audit_events("assignment.automatic")
    assert event.summary["seed"] == 9 and event.summary["cap"] == 3
    assert event.summary["added"] == 8 and event.summary["shortfalls"] == {}


def test_a_later_round_assigns_only_the_nominations_moved_into_it(organiser, jury_category,
                                                                  first_round, panel):
    nominations, _jurors = panel
    final = Round(category_id=jury_category.id, position=2, kind="final")
    db.session.add(final)
    db.session.flush()
    db.session.add(RoundEntry(round_id=final.id, nomination_id=nominations[3].id))
    db.session.commit()
    assignments.run_automatic(organiser, final, seed=10)
    assert {n for _j, n in _pairs(final)} == {nominations[3].id}


@pytest.mark.parametrize("k", [0, 21])
def test_k_out_of_range_is_refused(organiser, first_round, panel, k):
    with pytest.raises(assignments.AssignmentError, match="between 1 and 20"):
        assignments.run_automatic(organiser, first_round, k=k)


def test_no_chosen_juror_is_refused(organiser, first_round, panel):
    with pytest.raises(assignments.AssignmentError, match="at least one juror"):
        assignments.run_automatic(organiser, first_round, juror_ids=[])


# -- frozen -------------------------------------------------------------------------------------

def test_nothing_changes_once_the_edition_is_closed(organiser, judging_edition, first_round, panel,
                                                    make_assignment):
    nominations, jurors = panel
    assignment = make_assignment(jurors[0], nominations[0])
    judging_edition.status = "closed"
    db.session.commit()
    attempts = [
        lambda: assignments.add_assignments(organiser, first_round, [(jurors[1], nominations[1])]),
        lambda: assignments.remove_assignment(organiser, assignment),
        lambda: assignments.remove_unstarted(organiser, first_round, jurors[0]),
        lambda: assignments.run_automatic(organiser, first_round, seed=1),
    ]
    for attempt in attempts:
        with pytest.raises(EditionFrozen, match="is closed"):
            attempt()
    assert _pairs(first_round) == {(jurors[0].id, nominations[0].id)}


def test_a_round_closed_by_hand_refuses_assignment_changes(organiser, first_round, panel):
    from app.judging.rounds import close_round
    nominations, jurors = panel
    close_round(organiser, first_round)
    with pytest.raises(assignments.AssignmentError, match="reopen it"):
        assignments.add_assignments(organiser, first_round, [(jurors[0], nominations[0])])
