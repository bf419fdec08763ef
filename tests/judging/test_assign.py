"""The assignment algorithm, without Flask: examples, then properties checked with hypothesis
against an independent max-flow computation of what is feasible."""
from __future__ import annotations

from collections import deque

from hypothesis import given, settings
from hypothesis import strategies as st

from app.judging.assign import ShortfallReason, load_spread, order_key, plan_assignments


# -- an independent feasibility check: max flow with lower bounds -------------------------------

class _Flow:
    """Edmonds–Karp on a small graph; enough to say what loads are achievable."""

    def __init__(self):
        self.cap: dict[tuple, int] = {}
        self.adj: dict[object, set] = {}

    def add(self, u, v, c: int) -> None:
        self.cap[(u, v)] = self.cap.get((u, v), 0) + c
        self.cap.setdefault((v, u), 0)
        self.adj.setdefault(u, set()).add(v)
        self.adj.setdefault(v, set()).add(u)

    def max_flow(self, s, t) -> int:
        total = 0
        while True:
            parent = {s: None}
            queue = deque([s])
            while queue and t not in parent:
                u = queue.popleft()
                for v in self.adj.get(u, ()):
                    if v not in parent and self.cap[(u, v)] > 0:
                        parent[v] = u
                        queue.append(v)
            if t not in parent:
                return total
            v, bottleneck = t, None
            while parent[v] is not None:
                c = self.cap[(parent[v], v)]
                bottleneck = c if bottleneck is None else min(bottleneck, c)
                v = parent[v]
            v = t
            while parent[v] is not None:
                self.cap[(parent[v], v)] -= bottleneck
                self.cap[(v, parent[v])] += bottleneck
                v = parent[v]
            total += bottleneck


def _feasible(need, allowed, jurors, low, high) -> bool:
    """Can every nomination n get exactly need[n] new jurors from allowed[n], each juror j taking
    between low[j] and high[j] new ones? A circulation with lower bounds: each lower bound is
    routed from a super source S to a super sink T and must saturate."""
    flow, demand = _Flow(), 0
    for n, count in need.items():
        flow.add("S", ("n", n), count)
        flow.add("s", "T", count)
        demand += count
        for j in allowed[n]:
            flow.add(("n", n), ("j", j), 1)
    for j in jurors:
        if high[j] < low[j]:
            return False
        flow.add(("j", j), "t", high[j] - low[j])
        flow.add(("j", j), "T", low[j])
        flow.add("S", "t", low[j])
        demand += low[j]
    flow.add("t", "s", demand + 1)
    return flow.max_flow("S", "T") == demand


def _instance(nominations, jurors, k, conflicts, existing):
    existing_valid = {p for p in existing if p not in conflicts}
    need = {n: max(0, k - sum(1 for j, m in existing_valid if m == n)) for n in nominations}
    allowed = {n: [j for j in jurors if (j, n) not in conflicts and (j, n) not in existing]
               for n in nominations}
    base = {j: sum(1 for i, _n in existing_valid if i == j) for j in jurors}
    return need, allowed, base


# -- examples -----------------------------------------------------------------------------------

def test_every_nomination_gets_k_reviewers_with_even_loads():
    plan = plan_assignments(range(10), range(5), 3, seed=1)
    per_nomination = {n: sum(1 for _j, m in plan.new if m == n) for n in range(10)}
    assert set(per_nomination.values()) == {3}
    assert plan.loads == {j: 6 for j in range(5)}
    assert plan.shortfalls == []


def test_a_conflicted_pair_is_never_assigned():
    conflicts = {(0, 0), (1, 0), (2, 3)}
    plan = plan_assignments(range(6), range(5), 3, conflicts=conflicts, seed=4)
    assert not conflicts & set(plan.new)


def test_a_nomination_with_too_few_unconflicted_jurors_is_reported():
    conflicts = {(0, 7), (1, 7), (2, 7)}
    plan = plan_assignments([7, 8], range(4), 3, conflicts=conflicts, seed=0)
    assert [(s.nomination, s.missing, s.reason) for s in plan.shortfalls] == [
        (7, 2, ShortfallReason.CONFLICTS)]
    assert [j for j, n in plan.new if n == 7] == [3]


def test_fewer_jurors_than_k_is_reported_as_such():
    plan = plan_assignments([1], [10, 11], 3)
    assert [(s.missing, s.reason) for s in plan.shortfalls] == [(1, ShortfallReason.TOO_FEW_JURORS)]


def test_the_cap_is_respected_and_the_shortfall_spread_over_nominations():
    plan = plan_assignments(range(10), range(5), 3, cap=5, seed=2)
    assert max(plan.loads.values()) == 5
    assert sum(s.missing for s in plan.shortfalls) == 5
    assert all(s.missing == 1 and s.reason == ShortfallReason.CAP for s in plan.shortfalls)


def test_a_cap_that_greedy_would_exhaust_is_resolved_by_moving_assignments():
    # Juror 0 is the only one allowed for nomination "b"; with cap 1 it must not spend its one
    # slot on "a", which others can take.
    conflicts = {(1, "b"), (2, "b")}
    plan = plan_assignments(["a", "b"], [0, 1, 2], 1, conflicts=conflicts, cap=1, seed=0)
    assert (0, "b") in plan.new and plan.shortfalls == []


def test_top_up_keeps_existing_assignments_and_counts_them_towards_k():
    existing = {(0, 1), (1, 1), (2, 1), (0, 2)}
    plan = plan_assignments([1, 2], range(4), 3, existing=existing, seed=3)
    assert not set(plan.new) & existing
    assert [n for _j, n in plan.new].count(1) == 0
    assert [n for _j, n in plan.new].count(2) == 2
    assert plan.loads[0] == 2


def test_an_existing_conflicted_assignment_does_not_count_towards_k():
    plan = plan_assignments([1], range(4), 2, existing={(0, 1)}, conflicts={(0, 1)}, seed=0)
    assert len(plan.new) == 2 and all(j != 0 for j, _n in plan.new)


def test_the_same_seed_gives_the_same_plan_and_another_seed_may_not():
    args = (range(12), range(6), 3)
    assert plan_assignments(*args, seed=9).new == plan_assignments(*args, seed=9).new
    assert any(plan_assignments(*args, seed=s).new != plan_assignments(*args, seed=9).new
               for s in range(10, 20))


def test_panels_vary_between_nominations():
    plan = plan_assignments(range(20), range(6), 3, seed=5)
    panels = {frozenset(j for j, m in plan.new if m == n) for n in range(20)}
    assert len(panels) > 2


def test_order_key_is_stable_fits_a_32_bit_column_and_differs_between_jurors():
    assert order_key(7, 1, 2) == order_key(7, 1, 2)
    keys = [order_key(7, j, n) for j in range(5) for n in range(50)]
    assert all(0 <= key < 2 ** 31 for key in keys)
    order_of = {j: sorted(range(50), key=lambda n: order_key(7, j, n)) for j in range(3)}
    assert order_of[0] != order_of[1] != order_of[2]
    assert sorted(range(50), key=lambda n: order_key(8, 0, n)) != order_of[0]


# -- properties ---------------------------------------------------------------------------------

@st.composite
def instances(draw, with_conflicts=True, with_existing=True, with_cap=False):
    n_nominations = draw(st.integers(0, 9))
    n_jurors = draw(st.integers(1, 7))
    nominations, jurors = list(range(100, 100 + n_nominations)), list(range(n_jurors))
    pairs = [(j, n) for j in jurors for n in nominations]
    conflicts = set(draw(st.lists(st.sampled_from(pairs), max_size=12))) if pairs and with_conflicts else set()
    existing = set(draw(st.lists(st.sampled_from(pairs), max_size=8))) if pairs and with_existing else set()
    k = draw(st.integers(0, 4))
    cap = draw(st.integers(0, 8)) if with_cap else None
    seed = draw(st.integers(0, 2 ** 32))
    return nominations, jurors, k, conflicts, existing, cap, seed


def _plan(instance):
    nominations, jurors, k, conflicts, existing, cap, seed = instance
    return plan_assignments(nominations, jurors, k, conflicts=conflicts, existing=existing,
                            cap=cap, seed=seed)


@settings(max_examples=300, deadline=None)
@given(instances(with_cap=True))
def test_property_no_conflicted_duplicate_or_capped_out_pair(instance):
    nominations, jurors, k, conflicts, existing, cap, _seed = instance
    plan = _plan(instance)
    assert len(set(plan.new)) == len(plan.new)
    assert not set(plan.new) & (conflicts | existing)
    if cap is not None:
        base = _instance(nominations, jurors, k, conflicts, existing)[2]
        assert all(plan.loads[j] <= max(cap, base[j]) for j in jurors)


@settings(max_examples=300, deadline=None)
@given(instances(with_cap=True))
def test_property_k_is_reached_exactly_when_a_flow_says_it_is_feasible(instance):
    nominations, jurors, k, conflicts, existing, cap, _seed = instance
    need, allowed, base = _instance(nominations, jurors, k, conflicts, existing)
    high = {j: (len(nominations) if cap is None else max(0, cap - base[j])) for j in jurors}
    flow = _Flow()
    for n, count in need.items():
        flow.add("s", ("n", n), count)
        for j in allowed[n]:
            flow.add(("n", n), ("j", j), 1)
    for j in jurors:
        flow.add(("j", j), "t", high[j])
    best = flow.max_flow("s", "t")
    plan = _plan(instance)
    assert len(plan.new) == best
    assert sum(s.missing for s in plan.shortfalls) == sum(need.values()) - best
    for n in nominations:
        assert sum(1 for _j, m in plan.new if m == n) <= need[n]


@settings(max_examples=300, deadline=None)
@given(instances(with_conflicts=False, with_existing=False))
def test_property_loads_differ_by_at_most_one_without_conflicts_or_cap(instance):
    plan = _plan(instance)
    assert load_spread(plan.loads) <= 1


@settings(max_examples=300, deadline=None)
@given(instances())
def test_property_loads_are_as_even_as_conflicts_allow(instance):
    """No lower maximum and no higher minimum load is feasible for the same coverage."""
    nominations, jurors, k, conflicts, existing, _cap, _seed = instance
    need, allowed, base = _instance(nominations, jurors, k, conflicts, existing)
    need = {n: min(need[n], len(allowed[n])) for n in nominations}  # conflicts force shortfalls
    plan = _plan(instance)
    top, bottom = max(plan.loads.values()), min(plan.loads.values())

    def feasible(lowest: int, highest: int) -> bool:
        if any(base[j] > highest for j in jurors):
            return False
        return _feasible(need, allowed, jurors, {j: max(0, lowest - base[j]) for j in jurors},
                         {j: highest - base[j] for j in jurors})

    assert feasible(bottom, top)
    assert not feasible(0, top - 1)
    assert not feasible(bottom + 1, len(nominations) + max(base.values()) + 1)


@settings(max_examples=200, deadline=None)
@given(instances(with_cap=True), st.permutations(range(9)))
def test_property_the_plan_depends_on_the_data_and_seed_not_their_order(instance, permutation):
    nominations, jurors, k, conflicts, existing, cap, seed = instance
    shuffled = [nominations[i] for i in permutation if i < len(nominations)]
    again = plan_assignments(shuffled, list(reversed(jurors)), k,
                             conflicts=list(conflicts), existing=list(existing), cap=cap, seed=seed)
    assert again.new == _plan(instance).new


@settings(max_examples=200, deadline=None)
@given(instances(with_cap=True))
def test_property_a_second_top_up_adds_nothing_and_keeps_everything(instance):
    nominations, jurors, k, conflicts, existing, cap, seed = instance
    first = _plan(instance)
    after = existing | set(first.new)
    second = plan_assignments(nominations, jurors, k, conflicts=conflicts, existing=after,
                              cap=cap, seed=seed + 1)
    assert second.new == []
    assert second.loads == first.loads
