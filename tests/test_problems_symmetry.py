"""Symmetries of one-way problems found on the coloured graph (commlb.problems.symmetry).

Every map returned must be a symmetry (checked here directly on the decision
distortion, not through the graph), the search must agree with brute force over
all candidate maps on tiny problems, and on transitive problems the orbit sums
``Σ_{g' in orbit} 2^{-s D[x, g']}`` must not depend on ``x`` (the fact behind the
orbit channel of proofs/column_generation/symmetry.md).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

from commlb.problems import get
from commlb.problems.symmetry import (
    Symmetry,
    alice_transitive_symmetries,
    apply_to_function,
    function_orbit,
)
from commlb.protocols import OneWayProblem
from commlb.testing import problems

TRANSITIVE = [
    ("index", {"d": 3}),
    ("augmented-index", {"d": 3}),
    ("noisy-augmented-index", {"d": 2, "delta": Fraction(1, 10)}),
    ("gap-hamming", {"d": 3, "rho": Fraction(1, 2)}),
    ("gap-hamming-promise", {"d": 3, "g": 1}),
    ("equality", {"d": 2}),
]


def _is_symmetry(problem, sym: Symmetry) -> bool:
    """Direct check: p(x), μ(x, y) and the loss mass J[x, y, o] are preserved."""
    mu, J, p = problem.xy_matrix(), problem.joint_cost_table(), problem.alice_marginal()
    nx_, ny, no = J.shape
    for i in range(nx_):
        if p[sym.alice[i]] != p[i]:
            return False
        for j in range(ny):
            if mu[sym.alice[i], sym.bob[j]] != mu[i, j]:
                return False
            for o in range(no):
                if J[sym.alice[i], sym.bob[j], sym.outputs[j, o]] != J[i, j, o]:
                    return False
    return True


def _orbit_of_first(generators, n: int) -> set[int]:
    reached, frontier = {0}, [0]
    while frontier:
        i = frontier.pop()
        for sym in generators:
            k = int(sym.alice[i])
            if k not in reached:
                reached.add(k)
                frontier.append(k)
    return reached


@pytest.mark.parametrize(("name", "params"), TRANSITIVE)
def test_catalogue_symmetries_are_symmetries_and_transitive(name, params):
    problem = get(name, **params)
    generators = alice_transitive_symmetries(problem)
    assert generators is not None
    assert all(_is_symmetry(problem, sym) for sym in generators)
    assert _orbit_of_first(generators, len(problem.alice_alphabet)) == set(
        range(len(problem.alice_alphabet)))


@pytest.mark.parametrize(("name", "params"), TRANSITIVE[:4])
def test_symmetries_keep_the_decision_distortion(name, params):
    """D[σx, σg] = D[x, g] for every decision function g (exact)."""
    problem = get(name, **params)
    functions = np.array(problem.decision_functions()[:], dtype=np.int64)
    _, D = problem.decision_distortion_scaled()[:2]
    powers = len(problem.output_alphabet) ** np.arange(functions.shape[1] - 1, -1, -1)
    for sym in alice_transitive_symmetries(problem):
        images = np.array([apply_to_function(sym, g) for g in functions]) @ powers
        assert all(D[sym.alice[i], images[k]] == D[i, k]
                   for i in range(D.shape[0]) for k in range(D.shape[1]))


def test_orbit_sums_do_not_depend_on_x():
    """Σ_{g' ∈ orbit(g)} 2^{-s D[x, g']} is the same for every x on a transitive problem."""
    problem = get("gap-hamming", d=3, rho=Fraction(1, 2))
    generators = alice_transitive_symmetries(problem)
    _, D = problem.decision_distortion(exact=False)
    powers = 2 ** np.arange(8 - 1, -1, -1)
    rng = np.random.default_rng(0)
    for _ in range(5):
        g = rng.integers(0, 2, size=8)
        orbit = function_orbit(g, generators) @ powers
        sums = np.exp2(-3.0 * D[:, orbit]).sum(axis=1)
        assert np.allclose(sums, sums[0], rtol=1e-12)


def test_non_uniform_alice_law_has_no_transitive_group():
    joint = {("a", "y", 0): Fraction(2, 3), ("b", "y", 1): Fraction(1, 3)}
    problem = OneWayProblem("skew", {}, ("a", "b"), ("y",), (0, 1), joint)
    assert alice_transitive_symmetries(problem) is None


def _brute_force_transitive(problem) -> bool:
    """Search every (σ_X, σ_Y, π) for one that maps x_0 to each x."""
    nx_, ny, no = problem.joint_cost_table().shape
    reach = set()
    for a in itertools.permutations(range(nx_)):
        for b in itertools.permutations(range(ny)):
            for outs in itertools.product(itertools.permutations(range(no)), repeat=ny):
                sym = Symmetry(np.array(a), np.array(b), np.array(outs))
                if a[0] not in reach and _is_symmetry(problem, sym):
                    reach.add(a[0])
    return len(reach) == nx_


@settings(max_examples=30)
@given(problems(max_alice=3, max_bob=2, max_outputs=2, exact=True))
def test_search_agrees_with_brute_force(problem):
    generators = alice_transitive_symmetries(problem)
    assert (generators is not None) == _brute_force_transitive(problem)
    if generators is not None:
        assert all(_is_symmetry(problem, sym) for sym in generators)


@settings(max_examples=30)
@given(problems(max_alice=2, max_bob=2, max_outputs=2, exact=True))
def test_two_point_symmetric_laws_are_found(problem):
    """Symmetrising a random law under a swap of x's (and y's) makes it transitive."""
    J = problem.joint_cost_table()
    if J.shape[0] != 2:
        return
    joint = {}
    for (x, y, t), p in problem.law.items():
        i = problem.alice_alphabet.index(x)
        joint[(x, y, t)] = joint.get((x, y, t), 0) + p / 2
        other = problem.alice_alphabet[1 - i]
        joint[(other, y, t)] = joint.get((other, y, t), 0) + p / 2
    sym = OneWayProblem("sym", {}, problem.alice_alphabet, problem.bob_alphabet,
                        problem.output_alphabet, joint, target_alphabet=problem.target_alphabet,
                        relation=problem.relation)
    assert alice_transitive_symmetries(sym) is not None
