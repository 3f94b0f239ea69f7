"""The orbit bracket on problems whose symmetry group (found on their graph) is transitive on X.

It must agree with plain enumeration wherever both run, close to a tiny width, be
accepted by the independent checker, and a tampered certificate must be refused.
"""

from __future__ import annotations

import copy
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from commlb.certificates import check
from commlb.errors import InvalidParameterError
from commlb.ic import information_complexity
from commlb.ic.colgen import information_complexity_colgen
from commlb.ic.program import minimize_information
from commlb.problems import get
from commlb.testing import swap_symmetric_problems

CASES = [
    ("equality", {"d": 2}, Fraction(1, 10)),
    ("equality", {"d": 3}, Fraction(1, 20)),
    ("gap-hamming-promise", {"d": 3, "g": 1}, Fraction(1, 10)),
]


def _overlap(orbit, plain) -> bool:
    lo, hi = orbit.lower, orbit.upper
    lo = lo.lo if hasattr(lo, "lo") else float(lo)
    hi = hi.hi if hasattr(hi, "hi") else float(hi)
    return lo <= float(plain.upper) + 1e-9 and float(plain.lower) <= hi + 1e-9


@pytest.mark.parametrize(("name", "params", "error"), CASES)
def test_orbit_bracket_agrees_with_enumeration_and_is_accepted(name, params, error):
    problem = get(name, **params)
    result = information_complexity_colgen(problem, error)
    assert result.status.startswith("converged (orbit reduction")
    assert result.gap < 1e-8
    assert _overlap(result, information_complexity(problem, error))
    verdict = check(result.certificate)
    assert verdict.valid, verdict.reason


def test_tampered_orbit_certificate_is_rejected():
    result = information_complexity_colgen(get("equality", d=2), Fraction(1, 10))
    lowered = copy.deepcopy(result.certificate)
    claim = Fraction(lowered["lower_witness"]["claimed_max"])
    lowered["lower_witness"]["claimed_max"] = str(claim * Fraction(999, 1000))
    assert not check(lowered).valid
    dropped = copy.deepcopy(result.certificate)
    dropped["upper_witness"]["columns"] = dropped["upper_witness"]["columns"][1:]
    dropped["upper_witness"]["rows"] = [row[1:] for row in dropped["upper_witness"]["rows"]]
    assert not check(dropped).valid


def test_below_the_optimal_error_is_refused():
    problem = get("gap-hamming-promise", d=3, g=1)
    optimal = Fraction(problem.optimal_error())
    if optimal > 0:
        with pytest.raises(InvalidParameterError, match="optimal error"):
            information_complexity_colgen(problem, optimal / 2)


@settings(max_examples=25)
@given(swap_symmetric_problems(max_bob=2, max_outputs=3), st.integers(1, 8))
def test_random_symmetric_problems_same_bracket_as_enumeration(problem, step):
    optimal, trivial = Fraction(problem.optimal_error()), Fraction(problem.trivial_error())
    assume(optimal < trivial)
    error = optimal + (trivial - optimal) * Fraction(step, 8)
    orbit = information_complexity_colgen(problem, error)
    assert orbit.status.startswith("converged (orbit reduction")
    p_x, D = problem.decision_distortion(exact=False)
    plain = minimize_information(p_x, D, float(error), gap=1e-8)  # the enumeration solver
    assert _overlap(orbit, plain)
    assert orbit.gap < 1e-6
