"""Known values and the arithmetic of exact numbers."""

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy

from commlb.info import (
    Distribution,
    Estimate,
    Exact,
    Interval,
    binary_entropy,
    entropy,
    mutual_information,
    product,
)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 6, 7, 12, 1000, 1009])
def test_uniform_entropy_is_log2_n(n):
    law = Distribution({k: Fraction(1, n) for k in range(n)}, names=("X",))
    value = entropy(law, "X")
    assert value == Exact.log2(n)
    assert sympy.simplify(value.expr - sympy.log(n, 2)) == 0
    assert math.isclose(entropy(law.to_float(), "X"), math.log2(n), rel_tol=1e-12)


def test_exact_values_computed_two_ways_are_equal_objects():
    # h(1/3) written from its definition, and as log2 3 - 2/3
    h = binary_entropy(Fraction(1, 3))
    assert h == Exact.log2(3) - Fraction(2, 3)
    assert hash(h) == hash(Exact.log2(3) - Fraction(2, 3))
    assert sympy.simplify(h.expr - (sympy.log(3, 2) - sympy.Rational(2, 3))) == 0


def test_equality_with_large_unfactored_cofactors():
    p, q = 1_000_003, 1_000_033  # primes above the trial-division range
    assert Exact.log2(p * q) == Exact.log2(p) + Exact.log2(q)
    assert Exact.log2(p * q) != Exact.log2(p) + Exact.log2(q + 2)
    assert (Exact.log2(p * p * q) - 2 * Exact.log2(p)).is_rational is False


def test_comparison_is_exact_not_rounded():
    third = Exact.log2(3)
    below = Fraction(math.floor(math.log2(3) * 2**60), 2**60)
    assert third > below and not third < below
    assert Exact(Fraction(1, 3)) < 0.3333333333333334
    assert Exact(Fraction(1, 3)) > 0.3333333333333333
    with pytest.raises(ValueError):
        Exact.log2(0)


def test_binary_entropy_values():
    assert binary_entropy(Fraction(1, 2)) == 1
    assert binary_entropy(0) == 0 and binary_entropy(1) == 0
    assert math.isclose(float(binary_entropy(Fraction(1, 10))), 0.4689955935892812, rel_tol=1e-14)
    assert binary_entropy(0.5) == 1.0


def test_independent_variables_have_zero_information():
    a = Distribution({0: Fraction(1, 3), 1: Fraction(2, 3)}, names=("X",))
    b = Distribution({0: Fraction(1, 5), 1: Fraction(4, 5)}, names=("Y",))
    law = product(a, b)
    assert mutual_information(law, "X", "Y") == 0
    assert entropy(law) == entropy(a) + entropy(b)


def test_from_array_matches_from_dict():
    arr = np.array([[0.1, 0.2], [0.3, 0.4]])
    a = Distribution.from_array(arr, names=("X", "Y"))
    b = Distribution({(0, 0): 0.1, (0, 1): 0.2, (1, 0): 0.3, (1, 1): 0.4}, names=("X", "Y"))
    assert a == b
    back, alphabets = a.to_array()
    assert np.allclose(back, arr) and alphabets == {"X": (0, 1), "Y": (0, 1)}


def test_conditional_laws():
    law = Distribution({(0, 0): Fraction(1, 2), (0, 1): Fraction(1, 4), (1, 1): Fraction(1, 4)},
                       names=("X", "Y"))
    cond = law.conditional("Y", given="X")
    assert cond[(0,)].prob(0) == Fraction(2, 3)
    assert cond[(1,)].prob(1) == 1
    assert set(cond) == {(0,), (1,)}


def test_zero_mass_values_stay_in_the_alphabet():
    law = Distribution({0: Fraction(1), 1: Fraction(0)}, names=("X",))
    assert law.alphabets["X"] == (0, 1)
    assert law.support() == [(0,)]
    assert entropy(law) == 0


def test_interval_and_estimate():
    assert Interval(0, 1).contains(0.5)
    with pytest.raises(ValueError):
        Interval(1, 0)
    e = Estimate(1.0, 0.1, n=100)
    lo, hi = e.ci
    assert lo < 1.0 < hi and math.isclose(hi - 1.0, 1.959963984540054 * 0.1)
    with pytest.raises(ValueError):
        Estimate(1.0, 0.1, n=0)


def test_latex_and_repr_render():
    law = Distribution({(0, 0): Fraction(1, 2), (1, 1): Fraction(1, 2)}, names=("X", "Y"))
    assert "1/2" in repr(law)
    assert r"\tfrac{1}{2}" in law._repr_latex_()
    assert "log" in binary_entropy(Fraction(1, 3))._repr_latex_()


def test_composite_cofactor_against_its_prime_factors_below_a_million():
    # 1009 * 1013 survives trial division as one cofactor; its factors are keys on their own
    assert Exact.log2(1009 * 1013) == Exact.log2(1009) + Exact.log2(1013)
    assert Exact.log2(Fraction(1009 * 1013 * 7, 3)) - Exact.log2(1013) == Exact.log2(
        Fraction(1009 * 7, 3))


def test_wilson_interval_for_proportions():
    e = Estimate.proportion(15, 50)
    lo, hi = e.ci
    assert math.isclose(lo, 0.1910, abs_tol=5e-5) and math.isclose(hi, 0.4375, abs_tol=5e-5)
    for successes in (0, 1, 49, 50):
        lo, hi = Estimate.proportion(successes, 50).ci
        assert 0.0 <= lo <= successes / 50 <= hi <= 1.0 and hi - lo > 0
    with pytest.raises(ValueError):
        Estimate.proportion(3, 2)


def test_wilson_interval_agrees_with_scipy():
    # an independent implementation: scipy's binomtest(...).proportion_ci(method="wilson")
    from scipy.stats import binomtest

    for n in (1, 7, 50, 999):
        for successes in sorted({0, 1, n // 3, n - 1, n} - {-1}):
            for level in (0.9, 0.95, 0.99):
                ours = Estimate.proportion(successes, n, level).ci
                theirs = binomtest(successes, n).proportion_ci(level, method="wilson")
                assert math.isclose(ours[0], theirs.low, abs_tol=1e-12)
                assert math.isclose(ours[1], theirs.high, abs_tol=1e-12)


def test_wilson_interval_contains_the_proportion_despite_rounding():
    for n in range(1, 300):
        for successes in (0, n):
            lo, hi = Estimate.proportion(successes, n).ci
            assert lo <= successes / n <= hi
