"""Automatic assignment of jurors to nominations: plain functions over plain ids, no database.

`plan_assignments` gives every nomination K reviewers who are not conflicted with it, spreads
the work as evenly as the conflicts and the cap allow, never touches existing assignments (they
count towards K and towards each juror's load) and is deterministic for a seed.

How: greedy passes give each nomination (most constrained first) one more reviewer per pass,
its least-loaded allowed juror, with seeded random tie-breaking; augmenting paths then fill what a cap left short; finally
"improving paths" move new assignments from a juror with load L to one with load ≤ L − 2 along
a chain of nominations (juror a gives n1 to b, b gives n2 to c, … so only the ends change load).
Seen as a flow with a strictly convex cost per juror load, an assignment without such a path has
no negative residual cycle, so for the coverage reached it is optimal for every convex measure
of imbalance at once: the largest load is as small, and the smallest as large, as possible. With
no conflicts, no binding cap and even existing loads that means max − min ≤ 1.
"""
from __future__ import annotations

import enum
import hashlib
import random
from collections import deque
from dataclasses import dataclass, field
from typing import Collection, Iterable

Pair = tuple[int, int]  # (juror id, nomination id)


class ShortfallReason(str, enum.Enum):
    """Why a nomination could not get its K reviewers."""
    TOO_FEW_JURORS = "too_few_jurors"    # fewer jurors than K at all
    CONFLICTS = "conflicts"              # conflicts leave fewer than K possible jurors
    CAP = "cap"                          # enough possible jurors, but their caps are full


@dataclass(frozen=True)
class Shortfall:
    nomination: int
    missing: int
    reason: ShortfallReason


@dataclass
class Plan:
    """New (juror, nomination) pairs to create, each juror's resulting load, and what fell short."""
    new: list[Pair] = field(default_factory=list)
    loads: dict[int, int] = field(default_factory=dict)
    shortfalls: list[Shortfall] = field(default_factory=list)


def order_key(seed: int, juror_id: int, nomination_id: int) -> int:
    """A juror's fixed random position for a nomination: the same for the same seed whenever the
    assignment is made (first run, top-up or by hand), different from juror to juror. Fits a
    signed 32-bit column."""
    digest = hashlib.sha256(f"{seed}:{juror_id}:{nomination_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") >> 1


def plan_assignments(nominations: Iterable[int], jurors: Iterable[int], k: int, *,
                     conflicts: Collection[Pair] = (), existing: Collection[Pair] = (),
                     cap: int | None = None, seed: int = 0) -> Plan:
    """New assignments so that each nomination has k non-conflicted reviewers where possible.

    `existing` pairs are kept; a non-conflicted existing pair counts towards its nomination's k
    and (for a juror in `jurors`) towards that juror's load and cap. `cap` bounds each juror's
    total load. Equal inputs and seed give equal plans."""
    if k < 0 or (cap is not None and cap < 0):
        raise ValueError("k and cap must not be negative")
    return _Planner(sorted(set(nominations)), sorted(set(jurors)), k, set(conflicts),
                    set(existing), cap, seed).run()


class _Planner:
    def __init__(self, nominations: list[int], jurors: list[int], k: int, conflicts: set[Pair],
                 existing: set[Pair], cap: int | None, seed: int):
        self.rng = random.Random(seed)
        self.jurors = jurors
        self.k = k
        self.cap = cap
        juror_set, nomination_set = set(jurors), set(nominations)
        existing = {(j, n) for j, n in existing if n in nomination_set}
        counted = {(j, n) for j, n in existing if (j, n) not in conflicts}
        self.load = {j: 0 for j in jurors}
        covered = {n: 0 for n in nominations}
        for j, n in counted:
            covered[n] += 1
            if j in juror_set:
                self.load[j] += 1
        self.need = {n: max(0, k - covered[n]) for n in nominations}
        self.allowed = {n: [j for j in jurors if (j, n) not in conflicts and (j, n) not in existing]
                        for n in nominations}
        self.holders = {n: {j for j, m in existing if m == n} for n in nominations}
        self.new_of: dict[int, list[int]] = {j: [] for j in jurors}
        self.rank = {j: self.rng.random() for j in jurors}  # stable tie-breaker for paths

    # -- the three passes ------------------------------------------------------------------

    def run(self) -> Plan:
        order = sorted(self.need, key=lambda n: (len(self.allowed[n]), self.rng.random(), n))
        for _pass in range(max(self.need.values(), default=0)):
            for n in order:
                if self.need[n] > 0:
                    self._greedy(n)
        self._augment_shortfalls()
        self._balance()
        new = sorted((j, n) for j in self.jurors for n in self.new_of[j])
        return Plan(new=new, loads=dict(self.load), shortfalls=self._shortfalls())

    def _has_room(self, juror: int) -> bool:
        return self.cap is None or self.load[juror] < self.cap

    def _give(self, juror: int, nomination: int) -> None:
        self.new_of[juror].append(nomination)
        self.holders[nomination].add(juror)
        self.load[juror] += 1
        self.need[nomination] -= 1

    def _move(self, nomination: int, source: int, target: int) -> None:
        self.new_of[source].remove(nomination)
        self.holders[nomination].discard(source)
        self.new_of[target].append(nomination)
        self.holders[nomination].add(target)

    def _greedy(self, nomination: int) -> None:
        """One more reviewer: the least-loaded free juror, ties drawn at random. One per pass
        over all nominations, so a binding cap leaves several nominations one short rather
        than one nomination with nobody."""
        free = [j for j in self.allowed[nomination]
                if self._has_room(j) and j not in self.holders[nomination]]
        if free:
            self._give(min(free, key=lambda j: (self.load[j], self.rng.random(), j)), nomination)

    def _augment_shortfalls(self) -> None:
        """Max-flow step: a short nomination takes a capped-out juror whose own new nomination
        moves on along a chain until some juror with room takes one more."""
        progress = True
        while progress:
            progress = False
            for nomination in sorted(n for n, need in self.need.items() if need > 0):
                while self.need[nomination] > 0 and self._augment(nomination):
                    progress = True

    def _augment(self, nomination: int) -> bool:
        start = [j for j in self.allowed[nomination] if j not in self.holders[nomination]]
        parent: dict[int, tuple[int | None, int]] = {j: (None, nomination) for j in start}
        queue = deque(start)
        while queue:
            juror = queue.popleft()
            if self._has_room(juror):
                self._apply_augmenting_path(juror, parent)
                return True
            for held in self.new_of[juror]:
                for other in self.allowed[held]:
                    if other not in parent and other not in self.holders[held]:
                        parent[other] = (juror, held)
                        queue.append(other)
        return False

    def _apply_augmenting_path(self, end: int, parent: dict[int, tuple[int | None, int]]) -> None:
        """Each juror on the path hands one nomination on; the first takes the short one. Only
        the last juror's load grows."""
        juror = end
        previous, nomination = parent[juror]
        while previous is not None:
            self._move(nomination, previous, juror)
            juror = previous
            previous, nomination = parent[juror]
        self._give(juror, nomination)
        self.load[juror] -= 1
        self.load[end] += 1

    def _balance(self) -> None:
        """Apply improving paths until none is left, from the highest load level down."""
        while True:
            levels = sorted({self.load[j] for j in self.jurors if self.new_of[j]}, reverse=True)
            if not any(self._improve_from(level) for level in levels):
                return

    def _improve_from(self, level: int) -> bool:
        sources = [j for j in self.jurors if self.load[j] == level and self.new_of[j]]
        parent: dict[int, tuple[int, int] | None] = {j: None for j in sources}
        queue = deque(sources)
        best: int | None = None
        while queue:
            juror = queue.popleft()
            for held in sorted(self.new_of[juror]):
                for other in self.allowed[held]:
                    if other in parent or other in self.holders[held]:
                        continue
                    parent[other] = (juror, held)
                    queue.append(other)
                    if self.load[other] <= level - 2 and self._has_room(other):
                        if best is None or (self.load[other], self.rank[other]) < (
                                self.load[best], self.rank[best]):
                            best = other
        if best is None:
            return False
        juror = best
        self.load[best] += 1
        while parent[juror] is not None:
            previous, nomination = parent[juror]
            self._move(nomination, previous, juror)
            juror = previous
        self.load[juror] -= 1
        return True

    def _shortfalls(self) -> list[Shortfall]:
        shortfalls = []
        for nomination, missing in sorted(self.need.items()):
            if missing <= 0:
                continue
            if len(self.jurors) < self.k:
                reason = ShortfallReason.TOO_FEW_JURORS
            elif all(j in self.holders[nomination] for j in self.allowed[nomination]):
                reason = ShortfallReason.CONFLICTS
            else:
                reason = ShortfallReason.CAP
            shortfalls.append(Shortfall(nomination, missing, reason))
        return shortfalls


def load_spread(loads: dict[int, int]) -> int:
    """max − min of the loads (0 for no jurors)."""
    return max(loads.values()) - min(loads.values()) if loads else 0

