"""The place rules, as pure functions over hand-made candidates: ranking rows with intervals,
and jury rows whose ties are equal positions."""
from __future__ import annotations

from app.awards.places import (BRONZE, GOLD, MENTION, SILVER, Candidate, Choice, decide,
                               place_sequence, provisional_places, tied)


def row(code: str, rank: int | None, low: float, high: float) -> Candidate:
    return Candidate(code, f"Distrito {code}", rank, (low + high) / 2, low, high)


# A: [10, 12]; B: [20, 22]; C: [30, 33] and D: [32, 35] overlap; E: [50, 52]; F insufficient.
A, B, C, D, E = (row("A", 1, 10, 12), row("B", 2, 20, 22), row("C", 3, 30, 33),
                 row("D", 4, 32, 35), row("E", 5, 50, 52))
F = row("F", None, 0, 40)  # insufficient sample: not ranked
RANKING = [A, B, C, D, E, F]
GSB = [GOLD, SILVER, BRONZE]


def test_place_sequence_lists_gold_silver_bronze_then_mentions():
    assert place_sequence(1, 2, 1, 2) == [GOLD, SILVER, SILVER, BRONZE, MENTION, MENTION]


def test_provisional_places_follow_the_ranking_order():
    slots = provisional_places(GSB + [MENTION], RANKING)
    assert [(s.position, s.place, s.row.key) for s in slots] == [
        (1, GOLD, "A"), (2, SILVER, "B"), (3, BRONZE, "C"), (4, MENTION, "D")]


def test_insufficient_samples_get_no_place_even_when_places_are_left():
    slots = provisional_places(place_sequence(2, 2, 2, 2), RANKING)
    assert [s.row.key for s in slots] == ["A", "B", "C", "D", "E"]


def test_a_place_whose_interval_overlaps_the_next_is_tied():
    slots = provisional_places(GSB + [MENTION, MENTION], RANKING)
    assert [s.tied_with_next for s in slots] == [False, False, True, False, False]


def test_the_last_place_is_tied_with_the_first_municipality_left_out():
    slots = provisional_places(GSB, RANKING)
    assert slots[-1].row.key == "C" and slots[-1].tied_with_next


def test_intervals_that_only_touch_are_tied():
    assert tied(row("X", 1, 10, 20), row("Y", 2, 20, 30))


def test_the_same_rank_is_a_tie_even_when_intervals_are_apart():
    assert tied(row("X", 2, 10.0, 10.1), row("Y", 2, 10.2, 10.3))


def test_confirming_the_ranking_order_without_ties_needs_no_reason():
    decisions, problems = decide([GOLD, SILVER], RANKING, [Choice("A"), Choice("B")])
    assert problems == []
    assert [(d.place, d.row.key, d.shared, d.departs) for d in decisions] == [
        (GOLD, "A", False, False), (SILVER, "B", False, False)]


def test_keeping_the_order_of_a_tied_place_needs_a_reason_on_that_place():
    _decisions, problems = decide(GSB, RANKING, [Choice("A"), Choice("B"), Choice("C")])
    assert [(p.position, p.kind, p.grounds) for p in problems] == [(3, "reason", ("tie",))]


def test_keeping_the_order_of_a_tied_place_with_a_reason_is_recorded():
    decisions, problems = decide(GSB, RANKING, [Choice("A"), Choice("B"),
                                                Choice("C", reason="Orden del índice")])
    assert problems == []
    assert decisions[2].tied_with_next and decisions[2].reason == "Orden del índice"


def test_a_shared_place_repeats_the_place_above_and_its_own_is_not_given():
    decisions, problems = decide(GSB + [MENTION], RANKING, [
        Choice("A"), Choice("B"), Choice("C"), Choice("D", shared=True, reason="Empate estadístico")])
    assert problems == []
    assert [(d.place, d.shared) for d in decisions] == [
        (GOLD, False), (SILVER, False), (BRONZE, True), (BRONZE, True)]


def test_sharing_a_tied_place_needs_a_reason_on_the_sharing_row_only():
    _decisions, problems = decide(GSB + [MENTION], RANKING, [
        Choice("A"), Choice("B"), Choice("C"), Choice("D", shared=True)])
    assert [(p.position, p.grounds) for p in problems] == [(4, ("shared",))]


def test_an_extra_row_shares_the_last_place_with_the_first_one_left_out():
    decisions, problems = decide(GSB, RANKING, [
        Choice("A"), Choice("B"), Choice("C"), Choice("D", shared=True, reason="Empate")])
    assert problems == []
    assert [(d.position, d.place, d.row.key) for d in decisions][-2:] == [
        (3, BRONZE, "C"), (4, BRONZE, "D")]


def test_an_empty_extra_row_is_ignored():
    decisions, problems = decide([GOLD], RANKING, [Choice("A"), Choice("")])
    assert problems == [] and len(decisions) == 1


def test_an_extra_row_that_does_not_share_is_refused():
    _decisions, problems = decide([GOLD], RANKING, [Choice("A"), Choice("B", reason="x")])
    assert [(p.position, p.kind) for p in problems] == [(2, "extra_not_shared")]


def test_departing_from_the_ranking_order_needs_a_reason_on_each_moved_place():
    _decisions, problems = decide([GOLD, SILVER], RANKING, [Choice("B"), Choice("A")])
    assert [(p.position, p.grounds) for p in problems] == [(1, ("departure",)), (2, ("departure",))]


def test_a_departure_with_reasons_is_marked_on_the_decisions():
    decisions, problems = decide([GOLD, SILVER], RANKING, [Choice("B", reason="Acuerdo del jurado"),
                                                           Choice("A", reason="Acuerdo del jurado")])
    assert problems == [] and [d.departs for d in decisions] == [True, True]


def test_the_first_place_cannot_share_the_place_above():
    _decisions, problems = decide([GOLD], RANKING, [Choice("A", shared=True, reason="x")])
    assert [p.kind for p in problems] == ["first_shared"]


def test_missing_unknown_and_insufficient_municipalities_are_refused():
    _decisions, problems = decide(GSB + [MENTION], RANKING,
                                  [Choice(""), Choice("Z"), Choice("F"), Choice("")])
    assert [(p.position, p.kind) for p in problems] == [
        (1, "missing"), (2, "unknown"), (3, "unknown"), (4, "missing")]


def test_a_municipality_given_two_places_is_refused():
    _decisions, problems = decide([GOLD, SILVER], RANKING, [Choice("A"), Choice("A")])
    assert [(p.position, p.kind) for p in problems] == [(2, "duplicate")]


def test_fewer_choices_than_places_leave_the_rest_missing():
    _decisions, problems = decide(GSB, RANKING, [Choice("A")])
    assert [(p.position, p.kind) for p in problems] == [(2, "missing"), (3, "missing")]


def jury(key: str, position: int | None) -> Candidate:
    """A leaderboard row: no interval; rows the tie-break chain left equal share a position."""
    return Candidate(key, f"Postulación {key}", position, None)


def test_jury_rows_with_the_same_position_are_tied():
    assert tied(jury("1", 2), jury("2", 2))


def test_jury_rows_with_different_positions_are_not_tied():
    assert not tied(jury("1", 1), jury("2", 2))


def test_a_jury_tie_kept_in_order_needs_a_reason():
    board = [jury("1", 1), jury("2", 1), jury("3", 3)]
    _decisions, problems = decide([GOLD, SILVER], board, [Choice("1"), Choice("2")])
    assert [(p.position, p.grounds) for p in problems] == [(1, ("tie",))]


def test_an_unscored_jury_row_gets_no_place():
    slots = provisional_places(GSB, [jury("1", 1), jury("2", None)])
    assert [s.row.key for s in slots] == ["1"]
