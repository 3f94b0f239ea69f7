"""Separable (meet-in-the-middle) pricing and Gap-Hamming's orbit bracket (issue 9)."""

import copy
import json
import math
import pathlib
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from commlb.certificates import check as check_certificate
from commlb.certificates import envelope, statements
from commlb.certificates.witnesses.holder import half_cauchy_schwarz as checker_halves_of
from commlb.certificates.witnesses.meet_in_middle import separable_max
from commlb.certificates.witnesses.pricing import pricing_max
from commlb.errors import CertificateError, InstanceTooLargeError, InvalidParameterError
from commlb.ic import information_complexity
from commlb.ic.methods.orbit.hamming import gap_hamming_bracket
from commlb.ic.pricing import EnumerationOracle, SeparableOracle
from commlb.ic.pricing.hamming import GapHammingOracle, gap_hamming_costs, gap_hamming_optimal_error
from commlb.ic.pricing.hamming_bounds import (
    coordinate_holder_log2,
    half_cauchy_schwarz,
    holder_plan,
    weight_maxima,
)
from commlb.ic.program import minimize_information
from commlb.problems import get
from commlb.testing import problems


def exact_pricing_max(problem: dict, weights, beta, oracle):
    return pricing_max(statements.statement(problem["name"], problem["params"]), weights, beta,
                       oracle)


def checker_halves(params: dict, beta, phi):
    return checker_halves_of(statements.statement("gap-hamming", params), beta, phi)


def _family_certificate(params: dict, error: str, lower_witness=None, upper_witness=None,
                        lower=None, upper=None) -> dict:
    return envelope({"problem": {"name": "gap-hamming", "params": params}, "objective": "external",
                     "error": error}, lower_witness or {"type": "none"},
                    upper_witness or {"type": "none"}, lower, upper)


STORED = pathlib.Path(__file__).resolve().parents[1] / "proofs/column_generation/certificates"


def _weights(rng, n):
    return [Fraction(int(v), 37) for v in rng.integers(0, 37, n)]


@settings(max_examples=25, deadline=None)
@given(problems(max_alice=3, max_bob=4, max_outputs=3, exact=True), st.integers(0, 2**32 - 1),
       st.fractions(Fraction(1, 50), 1, max_denominator=50))
def test_separable_equals_enumeration_on_random_problems(problem, seed, beta):
    rng = np.random.default_rng(seed)
    plain, split = EnumerationOracle(problem), SeparableOracle.from_problem(problem)
    assume(split.scale <= 600)  # exact powers β^{D_int} stay small
    w = _weights(rng, plain.num_x)
    if not any(w):
        w[0] = Fraction(1)
    # the scales may differ (lcm of costs vs of the joint law): compare at the same 2^{-sD}
    assert split.scale % plain.scale == 0 or plain.scale % split.scale == 0
    if split.scale == plain.scale:
        assert split.price_exact(w, beta) == plain.price_exact(w, beta)
    best, column = split.price(np.array([float(a) for a in w]), float(beta))
    k = np.rint(split.distortion(column)[:, 0] * split.scale).astype(int)
    attained = sum((a * beta ** int(e) for a, e in zip(w, k, strict=True)), Fraction(0))
    exact = split.price_exact(w, beta)
    assert attained <= exact and float(attained / exact) >= 1 - 1e-12  # a maximiser up to rounding


@pytest.mark.parametrize("name,params", [("gap-hamming", {"d": 2, "rho": "1/2"}),
                                         ("gap-hamming", {"d": 3, "rho": "1/3"}),
                                         ("index", {"d": 3}), ("augmented-index", {"d": 3})])
def test_separable_and_checker_equal_enumeration(name, params):
    problem = get(name, **params)
    plain, split = EnumerationOracle(problem), SeparableOracle.from_problem(problem)
    rng = np.random.default_rng(5)
    for beta in (Fraction(1, 3), Fraction(7, 8), Fraction(99, 100)):
        w = [p * (1 + a) for p, a in zip(plain.p_x_exact, _weights(rng, plain.num_x), strict=True)]
        exact = split.price_exact(w, beta)
        assert exact == plain.price_exact(w, beta) or split.scale != plain.scale
        checker, scale = exact_pricing_max({"name": name, "params": params}, w, beta, "separable")
        assert (checker, scale) == (exact, split.scale)


@pytest.mark.parametrize("d", [2, 3, 4])
def test_orbit_oracle_equals_enumeration(d):
    oracle, plain = GapHammingOracle(d, "1/2"), EnumerationOracle(get("gap-hamming", d=d, rho="1/2"))
    assert oracle.scale == plain.scale == 2 * 4**d
    for beta in (Fraction(1, 2), Fraction(9, 10), Fraction(999, 1000)):
        exact = plain.price_exact(plain.p_x_exact, beta)
        assert oracle.price_exact(oracle.p_x_exact, beta) == exact
        params = {"name": "gap-hamming", "params": {"d": d, "rho": "1/2"}}
        assert exact_pricing_max(params, oracle.p_x_exact, beta, "gap-hamming-orbits")[0] == exact


@settings(max_examples=8, deadline=None)
@given(st.lists(st.fractions(Fraction(1, 8), 8, max_denominator=8), min_size=4, max_size=4),
       st.sampled_from([Fraction(4, 5), Fraction(49, 50)]))
def test_half_bound_is_admissible(phi, beta):
    exact = GapHammingOracle(3, "1/2").price_exact([Fraction(1, 8)] * 8, beta)
    t0, t1 = half_cauchy_schwarz(3, "1/2", beta, phi)
    assert t0 * t1 >= exact**2
    assert checker_halves({"d": 3, "rho": "1/2"}, beta, phi)[:2] == (t0, t1)


@pytest.mark.parametrize("d,error", [(2, Fraction(2, 5)), (3, Fraction(2, 5)), (3, Fraction(7, 20))])
def test_orbit_bracket_agrees_with_plain_enumeration(d, error):
    problem = get("gap-hamming", d=d, rho="1/2")
    p_x, D = problem.decision_distortion(exact=False)
    ref = minimize_information(p_x, D, float(error), gap=1e-9)
    result = information_complexity(problem, error, method="orbit")
    assert result.lower <= ref.upper + 1e-9 and ref.lower <= result.upper + 1e-9
    assert result.gap <= 1e-8
    assert check_certificate(result.certificate).valid


def test_d4_matches_the_stored_general_loop_certificate():
    stored = json.loads((STORED / "gap-hamming-d4-external-loop.json").read_text())
    result = information_complexity(get("gap-hamming", d=4, rho="1/2"), "2/5", method="orbit")
    claim = stored["claim"]
    assert claim["lower"] <= result.upper and result.lower <= claim["upper"]
    assert result.gap <= 1e-8


def test_dictator_value_does_not_depend_on_d():
    # at δ = 2/5 a one-coordinate channel is optimal for d = 2, 3, 4 alike
    values = [gap_hamming_bracket({"d": d, "rho": "1/2"}, Fraction(2, 5))["lower"].lo for d in (2, 3, 4)]
    assert max(values) - min(values) <= 1e-9


@pytest.fixture(scope="module")
def certificates():
    out = {}
    for name, bound in (("orbits", None), ("half", "half"), ("holder", "holder")):
        result = gap_hamming_bracket({"d": 4, "rho": "1/2"}, Fraction(3, 10), bound=bound)
        out[name] = _family_certificate({"d": 4, "rho": "1/2"}, "3/10", result["lower_witness"],
                                        result["upper_witness"], result["lower"].lo,
                                        result["upper"].hi)
    return out


def test_bound_certificates_are_checked_and_below_the_exact_value(certificates):
    exact = check_certificate(certificates["orbits"])
    half = check_certificate(certificates["half"])
    holder = check_certificate(certificates["holder"])
    assert exact.valid and half.valid and holder.valid
    assert half.lower.hi < holder.lower.hi < exact.lower.lo <= exact.upper.hi <= half.upper.hi + 1e-9
    assert exact.lower.lo - holder.lower.hi < 0.05  # the Hölder bound loses little at d = 4


@pytest.mark.parametrize("kind", ["orbits", "half", "holder"])
def test_lowered_pricing_claim_is_rejected(certificates, kind):
    cert = copy.deepcopy(certificates[kind])
    lower = cert["lower_witness"]
    if kind == "orbits":
        lower["claimed_max"] = str(Fraction(lower["claimed_max"]) * Fraction(10**9 - 1, 10**9))
    elif kind == "holder":
        claims = lower["claimed_weight_maxima"][-1]  # padded by 2^-28 above the maximum
        claims[5] = str(Fraction(claims[5]) * Fraction(10**6 - 1, 10**6))
    else:
        lower["claimed_halves"][1] = str(Fraction(lower["claimed_halves"][1]) * Fraction(999, 1000))
    result = check_certificate(cert)
    assert not result.valid and "violates" in result.reason


def test_tampered_upper_witness_is_rejected(certificates):
    cert = copy.deepcopy(certificates["orbits"])
    components = cert["upper_witness"]["components"]
    heavy = max(components, key=lambda c: Fraction(c["weight"]))
    heavy["column"] = [0] * len(heavy["column"])  # "always independent": error 1/2 > δ
    result = check_certificate(cert)
    assert not result.valid and "err" in result.reason
    cert = copy.deepcopy(certificates["orbits"])
    cert["claim"]["upper"] -= 1e-3  # a claim the witness does not back
    assert not check_certificate(cert).valid
    cert = copy.deepcopy(certificates["half"])
    cert["lower_witness"]["phi"][0] = "0"
    assert not check_certificate(cert).valid
    cert = copy.deepcopy(certificates["holder"])
    cert["lower_witness"]["bases"][0] = "1"  # a base above β^(2q m): the slope would be too small
    assert not check_certificate(cert).valid


def test_bad_input_is_refused():
    with pytest.raises(InvalidParameterError):
        gap_hamming_bracket({"d": 3, "rho": "1/2"}, gap_hamming_optimal_error(3, "1/2"))
    with pytest.raises(InvalidParameterError):
        GapHammingOracle(7, "1/2")
    with pytest.raises(InstanceTooLargeError):
        GapHammingOracle(6, "1/2")
    with pytest.raises(InvalidParameterError):
        SeparableOracle(-np.ones((2, 2, 2), dtype=int), 1, [Fraction(1, 2)] * 2)
    with pytest.raises(InstanceTooLargeError):
        SeparableOracle(np.ones((2, 50, 2), dtype=int), 1, [Fraction(1, 2)] * 2)
    cert = _family_certificate({"d": 9, "rho": "1/2"}, "2/5", {
        "type": "rd-dual-pricing", "pricing": "gap-hamming-orbits", "base": "1/2", "scale": 2,
        "lambda": "1", "claimed_max": "1"}, None, 0.0, None)
    with pytest.raises(CertificateError):  # d = 9 is refused from the parameters
        check_certificate(cert)


def test_optimal_error_matches_the_problem():
    for d in (1, 2, 3):
        assert gap_hamming_optimal_error(d, "1/2") == get("gap-hamming", d=d, rho="1/2").optimal_error()


def test_general_loop_with_separable_pricing_is_certified():
    from commlb.ic.methods.colgen.external import column_generation

    problem = get("gap-hamming", d=2, rho="1/2")
    oracle = SeparableOracle.from_problem(problem)
    cert = _family_certificate({"d": 2, "rho": "1/2"}, "2/5")
    result = column_generation(oracle, Fraction(2, 5), 1e-6, cert)
    assert cert["lower_witness"]["pricing"] == "separable"
    from commlb.ic.methods.bracket import to_result
    from commlb.ic.statement import Statement

    certified = to_result(result, Statement(problem, Fraction(2, 5), "external"), "colgen", 1e-6)
    checked = check_certificate(certified.certificate)
    assert checked.valid and abs(checked.lower.lo - 0.5310044064) < 1e-6
    lowered = copy.deepcopy(result.certificate)
    lowered["lower_witness"]["claimed_max"] = str(Fraction(lowered["lower_witness"]["claimed_max"])
                                                  * Fraction(999, 1000))
    assert not check_certificate(lowered).valid


def _value(cost, g, beta):
    return float(np.mean(beta ** cost[:, np.arange(len(g)), g].sum(axis=1)))


def test_coordinate_holder_inequality_on_random_functions():
    # M_d(g) <= (1/2)[W_-^{3/4} W_+^{1/4} c^{k_- - k_+} + W_-^{1/4} W_+^{3/4} c^{k_+ - k_-}]
    # for each g = (g_-, g_+) with its own halves' values W (gap_hamming.md, section 5)
    d, beta = 4, 0.93
    big, _ = gap_hamming_costs(d, "1/2")
    small, _ = gap_hamming_costs(d - 1, "1/2")
    rng = np.random.default_rng(11)
    half = 2 ** (d - 1)
    tight = 0
    for trial in range(300):
        g = rng.integers(0, 2, 2**d)
        if trial % 3 == 0:
            g[half:] = g[:half]  # ignores coordinate 1: Hölder is an equality
        w_minus, w_plus = _value(small, g[:half], beta**4), _value(small, g[half:], beta**4)
        shift = (g[:half].sum() - g[half:].sum()) * 2 ** (d - 1) * -np.log(beta)
        bound = 0.5 * (w_minus**0.75 * w_plus**0.25 * np.exp(shift)
                       + w_minus**0.25 * w_plus**0.75 * np.exp(-shift))
        value = _value(big, g, beta)
        assert value <= bound * (1 + 1e-12)
        tight += value >= bound * (1 - 1e-12)
    assert tight >= 100


def test_weight_maxima_equal_brute_force_and_the_checker():
    oracle, beta = GapHammingOracle(3, "1/2"), Fraction(7, 8)
    cost, _ = gap_hamming_costs(3, "1/2")
    best = [Fraction(0)] * 9
    for index in range(256):
        g = np.array([(index >> (7 - j)) & 1 for j in range(8)])
        k = cost[:, np.arange(8), g].sum(axis=1)
        best[g.sum()] = max(best[g.sum()], sum(beta ** int(e) for e in k) / 8)
    assert weight_maxima(oracle, beta) == best
    assert separable_max(cost, [Fraction(1, 8)] * 8, beta, 4, by_ones=True) == best


@pytest.mark.parametrize("d", [3, 4])
def test_coordinate_holder_bound_is_admissible(d):
    for beta in (Fraction(1, 2), Fraction(9, 10), Fraction(97, 100)):
        exact = GapHammingOracle(d, "1/2").price_exact([Fraction(1, 2**d)] * 2**d, beta)
        for grid in ((Fraction(1),), (Fraction(9, 10), Fraction(1), Fraction(6, 5))):
            bases, pairs = holder_plan(d, "1/2", beta, grid)
            maxima = [weight_maxima(GapHammingOracle(d - 1, "1/2"), b) for b in bases]
            lo, hi = coordinate_holder_log2(d, "1/2", beta, bases, maxima, pairs)
            assert hi >= math.log2(exact) - 1e-12


def test_orbit_bracket_at_d1_is_accepted_and_matches_enumeration():
    """The solver's range (d >= 1) and the checker's agree; the value matches plain enumeration."""
    from commlb.certificates import check

    delta = Fraction(13, 32)
    problem = get("gap-hamming", d=1, rho=Fraction(1, 2))
    result = information_complexity(problem, delta, method="orbit")
    verdict = check(result.certificate)
    assert verdict.valid, verdict.reason
    plain = information_complexity(problem, delta, method="enumerate")
    assert verdict.lower.lo <= float(plain.upper) + 1e-9 and float(plain.lower) <= verdict.upper.hi + 1e-9
