"""Three-valued logic: the full truth tables and the laws the outcome relies on."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, strategies as st

from engine.logic import Status, all_of, any_of, negate

M, U, K = Status.MET, Status.UNMET, Status.UNKNOWN

# Kleene's strong logic, written out by hand: (a, b) -> (a and b, a or b)
TABLE = {
    (M, M): (M, M),
    (M, U): (U, M),
    (M, K): (K, M),
    (U, M): (U, M),
    (U, U): (U, U),
    (U, K): (U, K),
    (K, M): (K, M),
    (K, U): (U, K),
    (K, K): (K, K),
}

statuses = st.sampled_from(list(Status))


@pytest.mark.parametrize(("a", "b"), list(TABLE))
def test_truth_table(a: Status, b: Status) -> None:
    assert (all_of([a, b]), any_of([a, b])) == TABLE[(a, b)]


def test_negation() -> None:
    assert [negate(s) for s in (M, U, K)] == [U, M, K]


def test_empty_combinations_are_their_identities() -> None:
    assert all_of([]) is M
    assert any_of([]) is U


@given(st.lists(statuses))
def test_order_does_not_matter(parts: list[Status]) -> None:
    """Commutativity: a criterion's status does not depend on the order of its parts."""
    for permutation in itertools.islice(itertools.permutations(parts), 6):
        assert all_of(permutation) is all_of(parts)
        assert any_of(permutation) is any_of(parts)


@given(st.lists(statuses))
def test_an_unmet_part_always_decides_all_of(parts: list[Status]) -> None:
    """'any unmet -> non-certify': one unmet criterion decides, whatever the others say."""
    assert all_of([*parts, U]) is U


@given(st.lists(statuses))
def test_de_morgan(parts: list[Status]) -> None:
    assert negate(all_of(parts)) is any_of(negate(p) for p in parts)


@given(st.lists(statuses, min_size=1))
def test_unknown_never_becomes_unmet_by_itself(parts: list[Status]) -> None:
    """Replacing an unknown by met can only improve all_of; an unknown alone is never unmet."""
    assert all_of([K]) is K and any_of([K]) is K
    improved = [M if p is K else p for p in parts]
    order = {U: 0, K: 1, M: 2}
    assert order[all_of(improved)] >= order[all_of(parts)]
    assert order[any_of(improved)] >= order[any_of(parts)]
