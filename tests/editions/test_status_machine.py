"""The edition status machine: each transition, its checks, and what a refusal leaves behind."""
from __future__ import annotations

import pytest

from app.db_types import utcnow
from app.editions import services
from app.editions.models import EditionStatus
from app.editions.services import TRANSITIONS, EditionError, apply_transition, transition_problems
from app.extensions import db


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_each_transition_moves_to_its_target_and_is_audited(name, make_edition, make_category,
                                                            audit_events):
    transition = TRANSITIONS[name]
    edition = make_edition(status=transition.source.value)
    # Closing needs every category decided: here the category is declared void.
    make_category(edition, "INN", **({"declared_void_at": utcnow()} if name == "close" else {}))

    apply_transition(edition, name)

    db.session.expire_all()
    assert edition.status == transition.target.value
    assert edition.status_changed_at is not None
    events = audit_events(f"edition.{name}")
    assert len(events) == 1
    assert events[0].summary == {"from": transition.source.value, "to": transition.target.value}
    assert events[0].object_type == "editions"
    assert events[0].object_id == str(edition.id)


def test_the_transitions_walk_the_whole_lifecycle_from_draft_to_published(make_edition,
                                                                          make_category):
    edition = make_edition()
    make_category(edition, "INN")
    for name in ("open_nominations", "close_nominations", "open_judging", "open_deliberation",
                 "close", "publish"):
        if name == "close":  # closing needs every category decided: this one is declared void
            edition.categories[0].declared_void_at = utcnow()
        apply_transition(edition, name)
    assert edition.status == EditionStatus.PUBLISHED.value


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_a_transition_from_the_wrong_status_is_refused(name, make_edition, make_category):
    source = TRANSITIONS[name].source.value
    wrong = next(s.value for s in EditionStatus if s.value != source)
    edition = make_edition(status=wrong)
    make_category(edition, "INN")

    with pytest.raises(EditionError):
        apply_transition(edition, name)
    assert edition.status == wrong


def test_an_unknown_transition_is_refused(make_edition):
    edition = make_edition()
    assert transition_problems(edition, "teleport")
    with pytest.raises(EditionError):
        apply_transition(edition, "teleport")


def test_open_nominations_is_refused_without_categories(make_edition):
    edition = make_edition()
    assert transition_problems(edition, "open_nominations")
    with pytest.raises(EditionError):
        apply_transition(edition, "open_nominations")


def test_open_nominations_is_refused_without_dates(make_edition, make_category):
    edition = make_edition(with_dates=False)
    make_category(edition, "INN")
    with pytest.raises(EditionError):
        apply_transition(edition, "open_nominations")


def test_open_nominations_is_refused_when_a_category_admits_no_nominee_type(make_edition,
                                                                           make_category):
    edition = make_edition()
    make_category(edition, "INN", admits_municipality=False)
    with pytest.raises(EditionError, match="INN"):
        apply_transition(edition, "open_nominations")


def test_open_nominations_succeeds_with_categories_and_dates(make_edition, make_category):
    edition = make_edition()
    make_category(edition, "INN")
    assert transition_problems(edition, "open_nominations") == []


def test_open_judging_is_refused_when_a_jury_category_has_no_criteria(make_edition, make_category):
    edition = make_edition(status="screening")
    make_category(edition, "INN")
    make_category(edition, "TUR", criteria=0)

    with pytest.raises(EditionError, match="TUR") as refusal:
        apply_transition(edition, "open_judging")
    assert "INN" not in str(refusal.value)


def test_open_judging_is_refused_without_a_judging_deadline(make_edition, make_category):
    edition = make_edition(status="screening")
    edition.judging_close_at = None
    db.session.commit()
    make_category(edition, "INN")
    with pytest.raises(EditionError):
        apply_transition(edition, "open_judging")


def test_ranking_categories_need_no_rubric_to_open_judging(make_edition, make_category):
    edition = make_edition(status="screening")
    make_category(edition, "INN")
    make_category(edition, "PER", kind="ranking", criteria=0)

    apply_transition(edition, "open_judging")
    assert edition.status == EditionStatus.JUDGING.value


def test_a_refused_transition_leaves_the_status_unchanged_and_writes_no_audit_event(
        make_edition, make_category, audit_events):
    edition = make_edition(status="screening")
    make_category(edition, "TUR", criteria=0)
    before = len(audit_events())

    with pytest.raises(EditionError):
        apply_transition(edition, "open_judging")
    db.session.rollback()
    db.session.expire_all()

    assert edition.status == EditionStatus.SCREENING.value
    assert edition.status_changed_at is None
    assert len(audit_events()) == before


def test_available_transitions_are_those_leaving_the_current_status(make_edition):
    edition = make_edition(status="screening")
    names = {t.name for t in services.available_transitions(edition)}
    assert names == {"open_judging", "reopen_nominations"}
