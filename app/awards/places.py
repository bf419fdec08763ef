"""Places of a category, as pure rules over plain data (no Flask, no database).

Both kinds of category are decided by an order of candidates: a ranking category by the
perception ranking (municipalities), a jury category by its leaderboard (nominations). A
candidate has a rank in that order (standard competition ranking: 1, 2, 2, 4), or none when it
is not placed (insufficient sample, no counted review).

A category gives `gold × g, silver × s, bronze × b, mention × m` places, in that order; the
placed candidates take them in order. A place is *tied with the next* when both have the same
rank (a jury tie the tie-break chain did not resolve, or an equal ranking index), or when the
ranking's intervals overlap (DESIGN.md: "places whose intervals overlap the next are shown as
statistically tied"). The next one is the following place, or, for the last place, the first
placed candidate without a place: that boundary decides who is left out.

A shared place repeats the place above, and the place it would have had is not given (as in
competition ranking 1, 2, 2, 4): with gold, silver, bronze, a silver shared by the second and
third candidate gives gold, silver, silver. Only the last place can be shared with one more
candidate, which then gets an extra award.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

GOLD, SILVER, BRONZE, MENTION = "gold", "silver", "bronze", "mention"

# Why a confirmed place needs a recorded reason.
GROUND_DEPARTURE = "departure"  # the candidate is not the one the order puts there
GROUND_TIE = "tie"              # tied with the next one, and the order is kept
GROUND_SHARED = "shared"        # the place is shared with the one above


@dataclass(frozen=True)
class Candidate:
    """One row of the order that decides a category.

    `key` names it in forms and stored places: a municipality's official code (ranking) or a
    nomination's id (jury). `low`/`high` is the ranking's confidence interval (None for jury
    scores); `decided_by` says how the jury's tie-break chain separated it from an equal score,
    and `flags` are the leaderboard's warnings.
    """

    key: str
    name: str
    rank: int | None
    score: float | None
    low: float | None = None
    high: float | None = None
    decided_by: str | None = None
    flags: tuple[str, ...] = ()


def place_sequence(gold: int, silver: int, bronze: int, mentions: int) -> list[str]:
    return [GOLD] * gold + [SILVER] * silver + [BRONZE] * bronze + [MENTION] * mentions


def ranked_only(rows: Sequence[Candidate]) -> list[Candidate]:
    return [r for r in rows if r.rank is not None]


def tied(a: Candidate, b: Candidate) -> bool:
    """Same rank, or closed intervals [L, U] that overlap (L_b ≤ U_a and L_a ≤ U_b)."""
    if a.rank == b.rank:
        return True
    if None in (a.low, a.high, b.low, b.high):
        return False
    return b.low <= a.high and a.low <= b.high


def ties_with_next(ranked: Sequence[Candidate]) -> list[bool]:
    """For each placed row, whether it is tied with the following placed row (the last: False)."""
    return [tied(row, following) for row, following in zip(ranked, ranked[1:])] + (
        [False] if ranked else [])


@dataclass(frozen=True)
class Slot:
    """A provisional place: the candidate the order puts at that position."""

    position: int
    place: str
    row: Candidate
    tied_with_next: bool


def provisional_places(places: Sequence[str], rows: Sequence[Candidate]) -> list[Slot]:
    """The places filled in order; fewer when fewer candidates are placed."""
    ranked = ranked_only(rows)
    ties = ties_with_next(ranked)
    return [Slot(position, place, row, tie)
            for position, (place, row, tie) in enumerate(zip(places, ranked, ties), start=1)]


@dataclass(frozen=True)
class Choice:
    """What the organiser set for one row of the confirmation form."""

    key: str
    shared: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Decision:
    """One confirmed place."""

    position: int
    place: str
    row: Candidate
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


def decide(places: Sequence[str], rows: Sequence[Candidate], choices: Sequence[Choice]
           ) -> tuple[list[Decision], list[Problem]]:
    """Check the organiser's places against the order; decisions only when there is no problem.

    `places` are the provisional places (one per row the form must fill); rows after them are
    optional extras that may only share the last place. Every departure from the order, every
    tie kept in order and every shared place needs a reason on its row.
    """
    ranked = ranked_only(rows)
    choices = list(choices)
    while len(choices) > len(places) and not choices[-1].key and not choices[-1].shared:
        choices.pop()
    choices += [Choice("")] * (len(places) - len(choices))
    chosen, problems = _chosen_rows(places, ranked, choices)
    if problems:
        return [], problems
    return _decisions(places, ranked, choices, chosen)


def _chosen_rows(places, ranked, choices) -> tuple[list[Candidate], list[Problem]]:
    by_key = {r.key: r for r in ranked}
    chosen: list[Candidate] = []
    seen: set[str] = set()
    problems: list[Problem] = []
    for index, choice in enumerate(choices):
        position = index + 1
        row = by_key.get(choice.key)
        if not choice.key:
            problems.append(Problem(position, "missing"))
        elif row is None:
            problems.append(Problem(position, "unknown"))
        elif row.key in seen:
            problems.append(Problem(position, "duplicate"))
        else:
            seen.add(row.key)
            chosen.append(row)
        if choice.shared and index == 0:
            problems.append(Problem(position, "first_shared"))
        if index >= len(places) and not choice.shared:
            problems.append(Problem(position, "extra_not_shared"))
    return chosen, problems


def _decisions(places, ranked, choices, chosen) -> tuple[list[Decision], list[Problem]]:
    given = {row.key for row in chosen}
    following = next((r for r in ranked if r.key not in given), None)
    decisions: list[Decision] = []
    problems: list[Problem] = []
    for index, (choice, row) in enumerate(zip(choices, chosen)):
        place = decisions[-1].place if choice.shared else places[index]
        next_row = chosen[index + 1] if index + 1 < len(chosen) else following
        shared_with_next = index + 1 < len(chosen) and choices[index + 1].shared
        is_tied = next_row is not None and tied(row, next_row)
        departs = ranked[index].key != row.key
        grounds = tuple(ground for ground, applies in (
            (GROUND_DEPARTURE, departs), (GROUND_TIE, is_tied and not shared_with_next),
            (GROUND_SHARED, choice.shared)) if applies)
        reason = choice.reason.strip()
        if grounds and not reason:
            problems.append(Problem(index + 1, "reason", grounds))
        decisions.append(Decision(index + 1, place, row, choice.shared or shared_with_next,
                                  is_tied, departs, reason))
    return ([] if problems else decisions), problems

