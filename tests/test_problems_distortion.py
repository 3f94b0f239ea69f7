"""Decision distortion D[x, g] against a direct slow computation, and its identities."""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

from commlb.errors import InvalidDistributionError, InvalidParameterError
from commlb.problems import get
from commlb.protocols import OneWayProblem
from commlb.testing import problems

F = Fraction


def slow_distortion(problem):
    """D[i][k] = Σ_{y,t} μ(x_i, y, t)·loss(t, g_k(y)) / μ(x_i), from the law directly."""
    law = dict(((x, y, t), p) for (x, y, t), p in problem.law.items())
    functions = list(itertools.product(problem.output_alphabet, repeat=len(problem.bob_alphabet)))
    rows = []
    for x in problem.alice_alphabet:
        mass = sum((p for (a, _, _), p in law.items() if a == x), F(0))
        row = []
        for g in functions:
            total = F(0)
            for j, y in enumerate(problem.bob_alphabet):
                for t in problem.target_alphabet:
                    total += law.get((x, y, t), F(0)) * problem.loss(t, g[j])
            row.append(total / mass if mass else F(0))
        rows.append(row)
    return functions, rows


SMALL = [("index", {"d": 2}), ("augmented-index", {"d": 2}),
         ("noisy-augmented-index", {"d": 2, "delta": "1/3"}),
         ("gap-hamming", {"d": 2, "rho": "1/3"}), ("gap-hamming-promise", {"d": 2, "g": 1}),
         ("equality", {"d": 1}),
         ("singletons", {"k": 2, "component": "cluster", "d": 1, "rho": "1/2", "labels": 2}),
         ("singletons", {"k": 2, "component": "next-symbol", "d": 2, "delta": "1/2"}),
         ("multi-sample-gap-hamming", {"k": 2, "d": 1, "rho": "1/2"})]


@pytest.mark.parametrize("name, params", SMALL, ids=[n for n, _ in SMALL])
def test_distortion_matches_slow_computation(name, params):
    problem = get(name, **params)
    functions, rows = slow_distortion(problem)
    assert list(problem.decision_functions()) == functions
    assert problem.num_decision_functions == len(functions)
    p_x, D = problem.decision_distortion()
    assert D.shape == (len(problem.alice_alphabet), len(functions))
    assert D.tolist() == rows
    assert list(p_x) == [problem.law.marginal("X").prob((x,)) for x in problem.alice_alphabet]


@pytest.mark.parametrize("name, params", SMALL, ids=[n for n, _ in SMALL])
def test_distortion_identities(name, params):
    problem = get(name, **params)
    p_x, D = problem.decision_distortion()
    # Bob knowing x picks the best function per x; with no message one function for all.
    assert sum(p * min(row) for p, row in zip(p_x, D, strict=True)) == problem.optimal_error()
    assert min(p_x @ D) == problem.trivial_error()
    # Scaled integers and the float view agree with the exact table.
    p_x2, d_int, scale = problem.decision_distortion_scaled()
    assert d_int.dtype == np.int64 and scale > 0
    assert all(F(int(n), scale) == v for n, v in zip(d_int.flat, D.flat, strict=True))
    _, d_float = problem.decision_distortion(exact=False)
    assert d_float.dtype == np.float64
    assert np.allclose(d_float, D.astype(float), atol=1e-12)
    # D[i, k] = Σ_j C[i, j, g_k[j]] with the integer function table.
    table = problem.decision_function_table()
    cost = problem.cost_table()
    for k in range(0, len(table), max(1, len(table) // 7)):
        for i in range(len(p_x)):
            assert D[i, k] == sum(cost[i, j, table[k, j]] for j in range(table.shape[1]))


@settings(max_examples=30)
@given(problems())
def test_random_problem_distortion(problem):
    p_x, D = problem.decision_distortion()
    if problem.exact:
        assert D.tolist() == slow_distortion(problem)[1]
        _, d_float = problem.decision_distortion(exact=False)
        assert np.allclose(d_float, D.astype(float), atol=1e-12)
    else:
        assert D.dtype == np.float64
        with pytest.raises(InvalidParameterError, match="exact"):
            problem.decision_distortion(exact=True)
    # Expected loss lies in [0, 1]; each x of positive mass has rows of its own losses.
    assert ((D >= 0) & (D <= 1 + 1e-12)).all()
    opt = sum(p * row.min() for p, row in zip(p_x, D, strict=True))
    assert math.isclose(float(opt), float(problem.optimal_error()), abs_tol=1e-12)
    assert math.isclose(float((p_x @ D).min()), float(problem.trivial_error()), abs_tol=1e-12)


def test_decision_functions_order_is_lexicographic():
    problem = get("augmented-index", d=2)
    functions = problem.decision_functions()
    assert functions[0] == (0, 0, 0) and functions[-1] == (1, 1, 1)
    assert functions[5] == (1, 0, 1)
    assert functions[2:4] == [(0, 1, 0), (0, 1, 1)]
    with pytest.raises(IndexError):
        functions[8]


def test_large_denominators_fall_back_to_object_integers():
    # A prime-heavy law whose common denominator exceeds 2^62.
    primes = [1000003, 1000033, 1000037, 1000039, 1000081]
    weights = [F(1, p) for p in primes]
    total = sum(weights)
    joint = {(f"x{i}", "y", i % 2): w / total for i, w in enumerate(weights)}
    problem = OneWayProblem("primes", {}, [f"x{i}" for i in range(5)], ["y"], (0, 1), joint)
    _, d_int, scale = problem.decision_distortion_scaled()
    _, D = problem.decision_distortion()
    assert d_int.dtype == object and scale >= 2**62
    assert all(F(int(n), scale) == v for n, v in zip(d_int.flat, D.flat, strict=True))
    assert D[0].tolist() == [0, 1] and D[1].tolist() == [1, 0]


def test_problem_validation():
    with pytest.raises(InvalidDistributionError, match="sums to"):
        OneWayProblem("p", {}, (0,), (0,), (0, 1), {(0, 0, 0): F(1, 2)})
    with pytest.raises(InvalidDistributionError, match="negative"):
        OneWayProblem("p", {}, (0,), (0,), (0, 1), {(0, 0, 0): F(3, 2), (0, 0, 1): F(-1, 2)})
    with pytest.raises(InvalidDistributionError, match="NaN"):
        OneWayProblem("p", {}, (0,), (0,), (0, 1), {(0, 0, 0): float("nan")})
    with pytest.raises(InvalidDistributionError, match="not an"):
        OneWayProblem("p", {}, (0,), (0,), (0, 1), {(0, 5, 0): 1})
    with pytest.raises(InvalidParameterError, match="repeats"):
        OneWayProblem("p", {}, (0, 0), (0,), (0, 1), {(0, 0, 0): 1})
    with pytest.raises(InvalidParameterError, match="output alphabet"):
        OneWayProblem("p", {}, (0,), (0,), (0, 1), {(0, 0, 0): 1}, relation={0: {7}})
    with pytest.raises(InvalidDistributionError, match="shape"):
        OneWayProblem("p", {}, (0,), (0,), (0, 1), np.ones((2, 1, 2)) / 4)


def test_relation_loss():
    problem = get("gap-hamming-promise", d=2, g=1, law="uniform")
    assert problem.loss_matrix().tolist() == [[0, 1], [0, 0], [1, 0]]
    # Off the promise (<x,y> = 0: half of the pairs) every answer is right.
    assert problem.trivial_error() == F(1, 4)
