"""Places of a ranking category, as pure rules over plain data (no Flask, no database).

A category gives `gold × g, silver × s, bronze × b, mention × m` places, in that order; the
ranked municipalities take them in ranking order. A place is *tied with the next* when its
interval overlaps the next ranked municipality's interval (DESIGN.md: "places whose intervals
overlap the next are shown as statistically tied"), or when the ranking itself gives both the
same rank. The next one is the following place, or, for the last place, the first ranked
municipality without a place: that boundary decides who is left out.

A shared place repeats the place above, and the place it would have had is not given (as in
competition ranking 1, 2, 2, 4): with gold, silver, bronze, a silver shared by the second and
third municipality gives gold, silver, silver. Only the last place can be shared with one more
municipality, which then gets an extra award.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from app.perception.statistics import STATUS_RANKED, RankedRow

GOLD, SILVER, BRONZE, MENTION = "gold", "silver", "bronze", "mention"

# Why a confirmed place needs a recorded reason.
GROUND_DEPARTURE = "departure"  # the municipality is not the one the ranking puts there
GROUND_TIE = "tie"              # tied with the next one, and the order is kept
GROUND_SHARED = "shared"        # the place is shared with the one above


def place_sequence(gold: int, silver: int, bronze: int, mentions: int) -> list[str]:
    return [GOLD] * gold + [SILVER] * silver + [BRONZE] * bronze + [MENTION] * mentions


def ranked_only(rows: Sequence[RankedRow]) -> list[RankedRow]:
    return [r for r in rows if r.status == STATUS_RANKED]


def tied(a: RankedRow, b: RankedRow) -> bool:
    """Same rank, or closed intervals [L, U] that overlap (L_b ≤ U_a and L_a ≤ U_b)."""
    return a.rank == b.rank or (b.ci_low <= a.ci_high and a.ci_low <= b.ci_high)


def ties_with_next(ranked: Sequence[RankedRow]) -> list[bool]:
    """For each ranked row, whether it is tied with the following ranked row (the last: False)."""
    return [tied(row, following) for row, following in zip(ranked, ranked[1:])] + (
        [False] if ranked else [])


@dataclass(frozen=True)
class Slot:
    """A provisional place: the ranking's municipality at that position."""

    position: int
    place: str
    row: RankedRow
    tied_with_next: bool


def provisional_places(places: Sequence[str], rows: Sequence[RankedRow]) -> list[Slot]:
    """The places filled in ranking order; fewer when fewer municipalities are ranked."""
    ranked = ranked_only(rows)
    ties = ties_with_next(ranked)
    return [Slot(position, place, row, tie)
            for position, (place, row, tie) in enumerate(zip(places, ranked, ties), start=1)]


@dataclass(frozen=True)
class Choice:
    """What the organiser set for one row of the confirmation form."""

    code: str
    shared: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Decision:
    """One confirmed place."""

    position: int
    place: str
    row: RankedRow
    shared: bool
    tied_with_next: bool
    departs: bool
    reason: str


@dataclass(frozen=True)
class Problem:
    """Why a confirmation is refused, for the row at `position` (1-based).

    kinds: missing, unknown, duplicate, first_shared, extra_not_shared, reason (with grounds).
    """

    position: int
    kind: str
    grounds: tuple[str, ...] = ()


def decide(places: Sequence[str], rows: Sequence[RankedRow], choices: Sequence[Choice]
           ) -> tuple[list[Decision], list[Problem]]:
    """Check the organiser's places against the ranking; decisions only when there is no problem.

    `places` are the provisional places (one per row the form must fill); rows after them are
    optional extras that may only share the last place. Every departure from the ranking order,
    every tie kept in order and every shared place needs a reason on its row.
    """
    ranked = ranked_only(rows)
    choices = list(choices)
    while len(choices) > len(places) and not choices[-1].code and not choices[-1].shared:
        choices.pop()
    choices += [Choice("")] * (len(places) - len(choices))
    chosen, problems = _chosen_rows(places, ranked, choices)
    if problems:
        return [], problems
    return _decisions(places, ranked, choices, chosen)


def _chosen_rows(places, ranked, choices) -> tuple[list[RankedRow], list[Problem]]:
    by_code = {r.code: r for r in ranked}
    chosen: list[RankedRow] = []
    seen: set[str] = set()
    problems: list[Problem] = []
    for index, choice in enumerate(choices):
        position = index + 1
        row = by_code.get(choice.code)
        if not choice.code:
            problems.append(Problem(position, "missing"))
        elif row is None:
            problems.append(Problem(position, "unknown"))
        elif row.code in seen:
            problems.append(Problem(position, "duplicate"))
        else:
            seen.add(row.code)
            chosen.append(row)
        if choice.shared and index == 0:
            problems.append(Problem(position, "first_shared"))
        if index >= len(places) and not choice.shared:
            problems.append(Problem(position, "extra_not_shared"))
    return chosen, problems


def _decisions(places, ranked, choices, chosen) -> tuple[list[Decision], list[Problem]]:
    given = {row.code for row in chosen}
    following = next((r for r in ranked if r.code not in given), None)
    decisions: list[Decision] = []
    problems: list[Problem] = []
    for index, (choice, row) in enumerate(zip(choices, chosen)):
        place = decisions[-1].place if choice.shared else places[index]
        next_row = chosen[index + 1] if index + 1 < len(chosen) else following
        shared_with_next = index + 1 < len(chosen) and choices[index + 1].shared
        is_tied = next_row is not None and tied(row, next_row)
        departs = ranked[index].code != row.code
        grounds = tuple(ground for ground, applies in (
            (GROUND_DEPARTURE, departs), (GROUND_TIE, is_tied and not shared_with_next),
            (GROUND_SHARED, choice.shared)) if applies)
        reason = choice.reason.strip()
        if grounds and not reason:
            problems.append(Problem(index + 1, "reason", grounds))
        decisions.append(Decision(index + 1, place, row, choice.shared or shared_with_next,
                                  is_tied, departs, reason))
    return ([] if problems else decisions), problems
