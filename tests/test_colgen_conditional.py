"""Conditional column generation: agreement with enumeration, certificates, bad input."""

from __future__ import annotations

import copy
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from commlb.certificates import check
from commlb.errors import InvalidParameterError
from commlb.ic import information_complexity, minimize_information
from commlb.ic.methods.colgen.conditional import conditional_column_generation
from commlb.ic.methods.colgen.separable import SeparableProgram
from commlb.learning import get_task, memorization_frontier
from commlb.problems import get
from commlb.testing import problems

F = Fraction
GAP = 1e-6


def _overlap(lo_a, hi_a, lo_b, hi_b, tol=1e-7):
    return lo_a <= hi_b + tol and lo_b <= hi_a + tol


def internal_colgen(problem, error, **options):
    """Internal IC by the conditional loop (classes ``c = y``), through the front door."""
    result = information_complexity(problem, error, "internal", method="conditional-colgen",
                                    **options)
    assert result.method == "conditional-colgen"
    return result


@pytest.mark.parametrize("name,params,error", [
    ("index", {"d": 2}, F(1, 10)),
    ("augmented-index", {"d": 2}, F(1, 10)),
    ("augmented-index", {"d": 2}, F(1, 5)),
])
def test_internal_agrees_with_enumeration(name, params, error):
    problem = get(name, **params)
    enum = information_complexity(problem, error, objective="internal", method="enumerate", gap=GAP)
    col = internal_colgen(problem, error, gap=GAP)
    assert col.lower_interval.certified and check(col.certificate).valid
    assert _overlap(col.lower, col.upper, enum.lower, enum.upper)
    assert abs(col.upper - enum.upper) <= 2 * GAP
    assert abs(col.lower - enum.lower) <= 2 * GAP


def test_one_bit_closed_form():
    # one fair bit, Hamming distortion: R(δ) = 1 - h(δ)
    prog = SeparableProgram.from_costs([[F(1, 2), F(1, 2)]], [[[0, 1]], [[1, 0]]])
    r = conditional_column_generation(prog, F(1, 10))
    value = 1 + 0.9 * np.log2(0.9) + 0.1 * np.log2(0.1)
    assert r.lower.lo <= value <= r.upper.hi + 1e-12 and r.gap <= GAP  # upper: a float value


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_alice=3, max_bob=3, max_outputs=2, exact=True, relation=False))
def test_random_problems_overlap(problem):
    # the enumeration solver on the explicit |X| x |G| program against column generation
    low, high = problem.optimal_error(), problem.trivial_error()
    error = (low + high) / 2
    p_cx = problem.xy_matrix(exact=False).T
    _, D = problem.decision_distortion(exact=False)
    enum = minimize_information(p_cx, D, float(error), gap=GAP)
    col = internal_colgen(problem, error, gap=GAP)
    assert check(col.certificate).valid
    assert _overlap(col.lower, col.upper, enum.lower, enum.upper, tol=1e-6)


def test_frontier_colgen_agrees_with_enumeration():
    task = get_task("next-symbol", d=2, N=2, n=2, delta=F(1, 4))
    enum = memorization_frontier(task, F(1, 20), method="enumerate")
    col = memorization_frontier(task, F(1, 20), method="conditional-colgen")
    assert enum.method == "enumerate" and col.method == "conditional-colgen"
    assert col.certified and check(col.certificate).valid
    assert _overlap(col.lower, col.upper, enum.lower, enum.upper)
    assert abs(col.lower - enum.lower) <= 2 * GAP and abs(col.upper - enum.upper) <= 2 * GAP


@pytest.fixture(scope="module")
def certificate():
    return internal_colgen(get("augmented-index", d=2), F(1, 10)).certificate


def test_certificate_accepted(certificate):
    assert check(certificate).valid


def test_lowered_pricing_claim_rejected():
    # one round: few columns listed, so the pricing claims carry the bound
    partial = internal_colgen(get("augmented-index", d=3), F(1, 10), max_rounds=1).certificate
    assert check(partial).valid
    lw = partial["lower_witness"]
    assert len(lw["columns"]) < 2 ** 7 and max(lw["claimed_maxima"]) > 0
    bad = copy.deepcopy(partial)
    c = int(np.argmax(bad["lower_witness"]["claimed_maxima"]))
    bad["lower_witness"]["claimed_maxima"][c] *= 0.99
    assert not check(bad).valid


def test_removed_column_rejected(certificate):
    bad = copy.deepcopy(certificate)
    lw = bad["lower_witness"]
    # drop the column carrying the most mass of class 0: the bound must no longer hold as claimed
    k = int(np.argmax(np.array(lw["r_hat"])[0]))
    del lw["columns"][k]
    lw["r_hat"] = [row[:k] + row[k + 1:] for row in lw["r_hat"]]
    assert not check(bad).valid


def test_claimed_lower_above_certified_rejected(certificate):
    bad = copy.deepcopy(certificate)
    bad["claim"]["lower"] = bad["claim"]["lower"] + 1e-3
    assert not check(bad).valid


def test_bad_input_refused():
    problem = get("augmented-index", d=2)
    with pytest.raises(InvalidParameterError):
        internal_colgen(problem, -F(1, 10))
    with pytest.raises(InvalidParameterError):
        internal_colgen(problem, "abc")
    with pytest.raises(InvalidParameterError):
        SeparableProgram.from_costs([[F(1, 2)]], [[[0, 1]], [[1, 0]]])
    task = get_task("next-symbol", d=2, N=2, n=1, delta=F(1, 4))
    with pytest.raises(InvalidParameterError):
        memorization_frontier(task, F(1, 10), method="simplex")
