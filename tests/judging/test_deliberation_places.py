"""Provisional and confirmed places of a jury category, from its leaderboard.

INN has two criteria (weights 10 and 20, scale 1–10; the first breaks ties), gold, silver and
bronze, and needs 2 reviews per nomination. A review scored [s, s] totals 100·(s − 1)/9: [9, 9]
is 88.9, [8, 8] 77.8, [7, 7] 66.7, [6, 6] 55.6. [9, 6] and [5, 8] both total 66.7, but the
first has the higher tie-break score.
"""
from __future__ import annotations

import pytest

from app.awards import services
from app.awards.places import Choice
from app.editions import services as editions
from app.extensions import db
from tests.awards.conftest import english  # noqa: F401  (a fixture)


@pytest.fixture
def two_jurors(make_juror):
    return make_juror(), make_juror()


@pytest.fixture
def nominate(jury_category, first_round, make_nomination, score_nomination, two_jurors):
    """A nomination scored by both jurors (or the given reviews): `nominate([9, 9], [8, 8])`."""
    def make(*reviews):
        nomination = make_nomination(jury_category)
        for juror, scores in zip(two_jurors, reviews):
            score_nomination(nomination, juror, scores)
        return nomination
    return make


def deliberate(category):
    editions.apply_transition(category.edition, "open_deliberation")
    db.session.expire_all()
    return services.category_awards(category)


def given(awards) -> list[tuple[int, str]]:
    return [(a.nomination_id, a.place) for a in awards]


@pytest.fixture
def four(jury_category, nominate):
    """Four nominations, far apart: 88.9, 77.8, 66.7, 55.6."""
    return [nominate([s, s], [s, s]) for s in (9, 8, 7, 6)]


@pytest.fixture
def tied_bronze(jury_category, nominate):
    """Third and fourth equal in every step of the chain; the order between them is by
    reference only."""
    return [nominate([s, s], [s, s]) for s in (9, 8, 7, 7)]


def test_entering_deliberation_fills_gold_silver_bronze_in_leaderboard_order(jury_category,
                                                                             four):
    awards = deliberate(jury_category)
    assert given(awards) == [(four[0].id, "gold"), (four[1].id, "silver"), (four[2].id, "bronze")]
    assert {a.status for a in awards} == {"provisional"}


def test_provisional_places_keep_the_score_and_position(jury_category, four):
    awards = deliberate(jury_category)
    assert [(a.rank, round(a.score, 2)) for a in awards] == [(1, 88.89), (2, 77.78), (3, 66.67)]


def test_mentions_come_after_bronze(jury_category, four):
    jury_category.mentions = 1
    db.session.commit()
    assert [a.place for a in deliberate(jury_category)] == ["gold", "silver", "bronze", "mention"]


def test_places_follow_the_editions_aggregation_method(jury_category, first_round,
                                                       make_nomination, make_juror,
                                                       score_nomination):
    """A: 100, 100, 11.1 (mean 70.4, median 100); B: 77.8 three times (mean and median 77.8)."""
    jurors = [make_juror() for _ in range(3)]
    a, b = make_nomination(jury_category), make_nomination(jury_category)
    for juror, scores in zip(jurors, ([10, 10], [10, 10], [2, 2])):
        score_nomination(a, juror, scores)
    for juror in jurors:
        score_nomination(b, juror, [8, 8])
    jury_category.edition.score_aggregation = "median"
    db.session.commit()
    assert given(deliberate(jury_category))[:2] == [(a.id, "gold"), (b.id, "silver")]


def test_nominations_without_a_counted_review_get_no_place(jury_category, nominate,
                                                           make_nomination):
    scored = nominate([9, 9], [9, 9])
    make_nomination(jury_category)
    assert given(deliberate(jury_category)) == [(scored.id, "gold")]


def test_an_unresolved_tie_at_the_last_place_is_marked_tied_with_the_next(jury_category,
                                                                          tied_bronze):
    awards = deliberate(jury_category)
    assert [a.tied_with_next for a in awards] == [False, False, True]


def test_a_tie_the_tie_break_criterion_resolves_is_not_marked(jury_category, nominate):
    nominate([9, 9], [9, 9])
    nominate([8, 8], [8, 8])
    ahead = nominate([9, 6], [9, 6])
    nominate([5, 8], [5, 8])
    awards = deliberate(jury_category)
    assert awards[-1].nomination_id == ahead.id and not awards[-1].tied_with_next


def test_the_fill_is_audited_with_the_method_and_round(jury_category, four, audit_events):
    deliberate(jury_category)
    [event] = [e for e in audit_events("awards.provisional_filled")
               if e.object_id == str(jury_category.id)]
    assert (event.summary["method"], event.summary["round"]) == ("mean", 1)
    assert [p["nomination_id"] for p in event.summary["places"]] == [n.id for n in four[:3]]


def _choices(*rows) -> list[Choice]:
    return [Choice(str(r.id)) if not isinstance(r, tuple) else Choice(str(r[0].id), *r[1:])
            for r in rows]


def test_confirming_the_order_without_ties_needs_no_reason(jury_category, four, organiser):
    deliberate(jury_category)
    confirmed = services.confirm_places(jury_category, organiser, _choices(*four[:3]))
    assert given(confirmed) == [(four[0].id, "gold"), (four[1].id, "silver"),
                                (four[2].id, "bronze")]
    assert {a.status for a in confirmed} == {"confirmed"}


def test_keeping_a_tied_order_without_a_reason_is_refused(jury_category, tied_bronze, organiser,
                                                          english):
    deliberate(jury_category)
    with pytest.raises(services.PlacesRefused) as refused:
        services.confirm_places(jury_category, organiser, _choices(*tied_bronze[:3]))
    assert refused.value.positions == {3} and "tied" in refused.value.messages[0]


def test_breaking_a_tie_with_a_reason_confirms_it(jury_category, tied_bronze, organiser):
    deliberate(jury_category)
    confirmed = services.confirm_places(jury_category, organiser, _choices(
        tied_bronze[0], tied_bronze[1], (tied_bronze[3], False, "Mayor impacto medido")))
    assert (confirmed[-1].nomination_id, confirmed[-1].reason) == (tied_bronze[3].id,
                                                                   "Mayor impacto medido")


def test_sharing_a_tied_place_gives_both_the_same_place(jury_category, tied_bronze, organiser):
    deliberate(jury_category)
    confirmed = services.confirm_places(jury_category, organiser, _choices(
        *tied_bronze[:3], (tied_bronze[3], True, "Empate tras toda la cadena")))
    assert [(a.place, a.shared) for a in confirmed][-2:] == [("bronze", True), ("bronze", True)]


def test_sharing_a_place_needs_a_reason(jury_category, four, organiser, english):
    deliberate(jury_category)
    with pytest.raises(services.PlacesRefused, match="shares the place above"):
        services.confirm_places(jury_category, organiser, _choices(
            four[0], four[1], four[2], (four[3], True, "")))


def test_departing_from_the_order_needs_a_reason(jury_category, four, organiser, english):
    deliberate(jury_category)
    with pytest.raises(services.PlacesRefused, match="departs from the order"):
        services.confirm_places(jury_category, organiser, _choices(four[1], four[0], four[2]))


def test_departing_from_the_order_with_reasons_is_recorded(jury_category, four, organiser,
                                                           audit_events):
    deliberate(jury_category)
    services.confirm_places(jury_category, organiser, _choices(
        (four[1], False, "Acta del jurado"), (four[0], False, "Acta del jurado"), four[2]))
    [event] = audit_events("awards.confirmed")
    assert [(p["nomination_id"], p["departs_from_order"], p["reason"])
            for p in event.summary["places"]][:2] == [
        (four[1].id, True, "Acta del jurado"), (four[0].id, True, "Acta del jurado")]


def test_a_nomination_outside_the_leaderboard_is_refused(jury_category, four, organiser,
                                                         make_nomination, english):
    deliberate(jury_category)
    stranger = make_nomination(jury_category, status="ineligible")
    with pytest.raises(services.PlacesRefused, match="not placed"):
        services.confirm_places(jury_category, organiser, _choices(four[0], four[1], stranger))


def test_confirming_after_a_new_review_asks_to_recompute(jury_category, four, organiser,
                                                         make_juror, score_nomination, english):
    deliberate(jury_category)
    score_nomination(four[3], make_juror(), [10, 10])
    score_nomination(four[3], make_juror(), [10, 10])
    with pytest.raises(services.AwardError, match="recompute"):
        services.confirm_places(jury_category, organiser, _choices(*four[:3]))


def test_recomputing_takes_in_the_new_reviews(jury_category, four, make_juror, score_nomination):
    """The fourth (two reviews of 55.6) gets eight of 100: its mean, 91.1, leads."""
    deliberate(jury_category)
    for _ in range(8):
        score_nomination(four[3], make_juror(), [10, 10])
    awards = services.recompute_provisional_places(jury_category)
    assert awards[0].nomination_id == four[3].id
