"""Known closed forms of the information complexity (issue 4, "Known answers")."""

from __future__ import annotations

from fractions import Fraction

import pytest

import commlb
from commlb.certificates import check
from commlb.errors import InstanceTooLargeError, InvalidParameterError
from commlb.ic.methods.bracket import CLAIM_SLACK
from commlb.info import Exact

DELTAS = ["0", "0.05", "0.1", "0.25", "0.5"]


def closed_form(d: int, delta: Fraction) -> Exact:
    """``d·(1 - h(δ))`` exactly (``h`` the binary entropy in bits)."""
    return (Exact(1) + Exact.xlog2x(delta) + Exact.xlog2x(1 - delta)) * d


@pytest.mark.parametrize("name", ["index", "augmented-index"])
@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("delta", DELTAS)
def test_index_family_external(name, d, delta):
    result = commlb.information_complexity(commlb.problems.get(name, d=d), delta)
    value = closed_form(d, Fraction(delta))
    assert result.lower <= value <= result.upper
    assert result.upper - result.lower <= 1e-6
    # the claim sits just below the certified lower end (what the checker compares with)
    claim = result.certificate["claim"]["lower"]
    assert claim <= result.lower <= claim + 2 * CLAIM_SLACK * max(1.0, abs(result.lower))
    assert check(result.certificate).valid
    # Rational δ: the dual slope makes 2^{-sD} rational, so the bracket closes exactly.
    assert result.exact == value


def test_augmented_index_d4_is_fast_and_tight():
    result = commlb.information_complexity(commlb.problems.get("augmented-index", d=4), "0.1")
    value = closed_form(4, Fraction(1, 10))
    assert result.lower <= value <= result.upper
    assert result.upper - result.lower <= 1e-6
    assert result.lower_exact == value  # the rd dual is exact; the upper is float-certified


@pytest.mark.parametrize("delta", ["0.05", "0.25"])
def test_index_d4(delta):
    result = commlb.information_complexity(commlb.problems.get("index", d=4), delta)
    assert result.exact == closed_form(4, Fraction(delta))


@pytest.mark.parametrize("d", [1, 2, 3])
def test_index_internal_equals_external(d):
    # Y = i is independent of X and M depends on X only, so I(X; M | Y) = I(X; M).
    result = commlb.information_complexity(commlb.problems.get("index", d=d), "0.1", "internal")
    value = closed_form(d, Fraction(1, 10))
    assert result.lower <= value <= result.upper
    assert result.upper - result.lower <= 1e-6
    assert result.method == "enumerate"
    lower_witness = result.certificate["lower_witness"]["type"]
    assert lower_witness == ("rd-dual" if d == 1 else "frank-wolfe")  # one class if d = 1


@pytest.mark.parametrize("name,params", [("index", {"d": 2}), ("gap-hamming", {"d": 2, "rho": "1/2"}),
                                         ("noisy-augmented-index", {"d": 2, "delta": "1/4"})])
def test_at_or_above_trivial_error_is_zero(name, params):
    problem = commlb.problems.get(name, **params)
    for error in (problem.trivial_error(), Fraction(9, 10)):
        result = commlb.information_complexity(problem, error)
        assert result.exact == 0 and result.upper == 0.0 and result.lower == 0.0


@pytest.mark.parametrize("d", [1, 2, 3, 4])
def test_zero_error_on_index_needs_d_bits(d):
    result = commlb.information_complexity(commlb.problems.get("index", d=d), 0)
    assert result.exact == d


@pytest.mark.parametrize("name,params", [("augmented-index", {"d": 2}),
                                         ("gap-hamming", {"d": 2, "rho": "1/2"}),
                                         ("noisy-augmented-index", {"d": 2, "delta": "1/4"})])
def test_internal_at_most_external(name, params):
    problem = commlb.problems.get(name, **params)
    error = (Fraction(problem.optimal_error()) + Fraction(problem.trivial_error())) / 2
    internal = commlb.information_complexity(problem, error, "internal")
    external = commlb.information_complexity(problem, error, "external")
    assert internal.lower <= external.upper
    assert internal.upper - internal.lower <= 1e-6 and external.upper - external.lower <= 1e-6


def test_curve_is_non_increasing_and_convex():
    problem = commlb.problems.get("gap-hamming", d=2, rho="1/2")
    lo, hi = Fraction(problem.optimal_error()), Fraction(problem.trivial_error())
    # (δ = 93/256, k = 1, sits on a linear piece of the curve where Blahut–Arimoto is
    # slow; the grid starts at k = 2.)
    grid = [lo + (hi - lo) * Fraction(k, 8) for k in range(2, 9)]
    curve = commlb.ic_curve(problem, grid)
    for i in range(len(curve) - 1):  # IC(δ_{i+1}) <= IC(δ_i)
        assert curve[i + 1].lower <= curve[i].upper
    for i in range(1, len(curve) - 1):  # IC(mid) <= (IC(left) + IC(right)) / 2
        assert curve[i].lower <= (curve[i - 1].upper + curve[i + 1].upper) / 2
    assert curve[-1].exact == 0 and curve[0].lower > curve[3].upper


@pytest.mark.parametrize("error", [-0.1, 1.5, "abc"])
def test_bad_error_is_refused(error):
    with pytest.raises(InvalidParameterError, match="error"):
        commlb.information_complexity(commlb.problems.get("index", d=2), error)


def test_error_below_optimal_and_unknown_objective_are_refused():
    problem = commlb.problems.get("noisy-augmented-index", d=2, delta="1/4")
    with pytest.raises(InvalidParameterError, match="below the optimal error"):
        commlb.information_complexity(problem, 0)
    with pytest.raises(InvalidParameterError, match="objective"):
        commlb.information_complexity(problem, "0.3", objective="mutual")


def test_augmented_index_d6_is_solved_by_its_symmetry():
    # 2^63 decision functions: beyond enumeration, exact by the orbit reduction
    result = commlb.information_complexity(commlb.problems.get("augmented-index", d=6), "0.1")
    assert result.method == "orbit"
    assert result.exact == closed_form(6, Fraction(1, 10))
    assert check(result.certificate).valid


def test_too_large_instance_is_refused():
    problem = commlb.problems.get("gap-hamming", d=20, rho="1/2")
    assert not any(row["applies"] for row in commlb.ic.methods(problem, "external", "0.4"))
    with pytest.raises(InstanceTooLargeError):
        commlb.information_complexity(problem, "0.4")
