"""The float core on hand-built programs (no problem catalogue involved)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlb.errors import InvalidDistributionError, InvalidParameterError
from commlb.ic import minimize_information
from commlb.ic.reduction import undominated_columns


def h(p: float) -> float:
    return 0.0 if p in (0.0, 1.0) else -p * math.log2(p) - (1 - p) * math.log2(1 - p)


def hamming_program(d: int):
    xs = np.array([[(x >> i) & 1 for i in range(d)] for x in range(2**d)])
    D = (xs[:, None, :] != xs[None, :, :]).sum(axis=2) / d  # index(d): D[x, g] = Ham(x, g)/d
    return np.full(2**d, 2.0**-d), D


@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("delta", [0.02, 0.1, 0.3])
def test_hamming_rate_distortion(d, delta):
    p, D = hamming_program(d)
    r = minimize_information(p, D, delta)
    value = d * (1 - h(delta))
    assert r.lower - 1e-12 <= value <= r.upper + 1e-12 and r.gap <= 1e-6
    assert r.channel_error <= delta + 1e-12
    # conditional form with two identical classes is the same program
    rc = minimize_information(np.vstack([p, p]) / 2, D, delta)
    assert rc.lower - 1e-12 <= value <= rc.upper + 1e-12 and rc.gap <= 1e-6


def test_dominated_columns_do_not_change_the_value():
    p, D = hamming_program(2)
    worse = np.hstack([D, D[:, :2] + 0.25, D[:, :1]])  # dominated columns and a duplicate
    assert undominated_columns(worse).tolist() == [0, 1, 2, 3]
    a, b = minimize_information(p, D, 0.15), minimize_information(p, worse, 0.15)
    assert abs(a.upper - b.upper) <= 2e-6 and abs(a.lower - b.lower) <= 2e-6


def test_trivial_and_infeasible_errors():
    p, D = hamming_program(2)
    r = minimize_information(p, D, 0.5)  # trivial error of index(2) is 1/2
    assert r.trivial and r.upper == 0.0 and r.lower == 0.0
    with pytest.raises(InvalidParameterError, match="below the optimal error"):
        minimize_information(p, D + 0.1, 0.05)


def test_bad_programs_are_refused():
    p, D = hamming_program(1)
    with pytest.raises(InvalidDistributionError):
        minimize_information(p * 2, D, 0.1)
    with pytest.raises(InvalidParameterError):
        minimize_information(p, D[:1], 0.1)
    with pytest.raises(InvalidParameterError):
        minimize_information(p, -D, 0.1)


@settings(max_examples=6)
@given(st.integers(2, 4), st.integers(2, 5), st.floats(0.0, 1.0), st.randoms(use_true_random=False))
def test_random_programs_bracket_is_ordered(n_x, n_g, t, rnd):
    rng = np.random.default_rng(rnd.randint(0, 2**32 - 1))
    p = rng.dirichlet(np.ones(n_x))
    D = rng.random((n_x, n_g))
    optimal, trivial = float(p @ D.min(axis=1)), float((p @ D).min())
    r = minimize_information(p, D, optimal + t * (trivial - optimal), gap=1e-3)
    assert r.lower <= r.upper + 1e-9 and r.lower >= 0
